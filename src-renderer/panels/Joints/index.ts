export { Joints as default } from './Joints';
