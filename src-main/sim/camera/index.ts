// Virtual cameras for the simulated scene.
export { type CameraImage, RayCastCamera, type RayCastCameraOptions } from './ray-cast-camera';
