// The studio: session clock, services, and the API dispatcher shared by both shells.
export { type ApiHandlers, ApiConnection, type ConnectionTransport, type StreamCursor } from './api-connection';
export { SessionClock } from './clock';
export type { RobotSourceFactories } from './robot-service';
export { RobotService } from './robot-service';
export type { JointSample, RobotSource } from './robot-source';
export { Studio, type StudioOptions } from './studio';
export { ConfigService } from './config-service';
export { createStudio, type DefaultStudioOptions, studioConnectSim, defaultConfigRoot, defaultDataRoot, defaultModelsRoot } from './default-studio';
export { DatasetService } from './dataset-service';
export { SimSource } from './sim-source';
export { TrainService } from './train-service';
