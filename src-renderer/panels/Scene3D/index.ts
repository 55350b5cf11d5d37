export { Scene3D as default } from './Scene3D';
