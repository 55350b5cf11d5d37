export { Calibrate as default } from './Calibrate';
