// Headless mode: the studio's API over WebSocket plus the built renderer.
export { type RunningServer, type ServeOptions, startServer } from './server';
export { CONTENT_SECURITY_POLICY } from './static-files';
