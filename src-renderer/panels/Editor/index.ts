export { Editor as default } from './Editor';
