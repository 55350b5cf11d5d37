export { Teleop as default } from './Teleop';
