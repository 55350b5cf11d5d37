export { Episodes as default } from './Episodes';
