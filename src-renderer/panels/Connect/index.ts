export { Connect as default } from './Connect';
