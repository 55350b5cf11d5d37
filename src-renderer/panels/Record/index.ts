export { Record as default } from './Record';
