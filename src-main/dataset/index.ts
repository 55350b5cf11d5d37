// The dataset store: LeRobotDataset v3.0 on disk, episodes recorded through a crash-safe MCAP log.
//
// Recording (the recorder calls this at its control rate):
//   const ds = await Dataset.openOrCreate(dir, { fps: 100, robotType: 'so101_follower',
//     stateNames: joints, actionNames: joints, cameras: { wrist: { width: 320, height: 240 } } });
//   await ds.recover({ onProgress, signal });            // finalize logs a crash left behind
//   const ep = await ds.beginEpisode({ task: 'pick the red cube' });
//   ep.appendFrame({ timestamp, state, action, images: { wrist: { width, height, data } } }); // never blocks on disk
//   await ep.save();  // or ep.discard()
//   await ds.close(); // releases the one-writer lock (.praxis/lock); a crashed process's lock is ignored
//
// Camera video is encoded live while recording (AV1 via the system ffmpeg, H.264 below 64 px or without
// SVT-AV1); the next episode may begin while the previous save() finishes in the background.
// Browsing and editing (episode browser UI): ds.episodes(), ds.readEpisode(i), ds.readCameraFrames(i, cam, from, n),
// ds.setTags / setSuccess /
// setNotes, ds.trim(i, from, to), ds.deleteEpisode(i), summarizeDataset(ds).
// Training (world-model trainer): ds.readEpisode(i).columns['observation.state' | 'action'] and
// ds.normalisationStats() (= meta/stats.json: min/max/mean/std/q01..q99 per dimension).
// Interop: verifyDataset(dir), importLeRobotDataset(src, dst), exportEpisodeMcap(ds, i, path).
// Every failure is a PraxisError: DATASET_NOT_FOUND, DATASET_CORRUPT (names the file), DATASET_INCOMPATIBLE,
// VIDEO_ENCODER_MISSING, INVALID_ARGUMENT, CANCELLED.
export { Dataset, type DatasetSpec, type EpisodeSummary, type OperationOptions, type RecoveryReport } from './dataset';
export type { EpisodeRecord, StudioEpisode } from './dataset-meta';
export { type DatasetSummary, type JointSummary, summarizeDataset } from './dataset-summary';
export type { EpisodeFrames, FeatureColumn } from './episode-frames';
export { type EpisodeLogContents, type EpisodeLogHeader, readEpisodeLog } from './episode-log';
export type { EpisodeRecording, RecordedFrame } from './episode-recording';
export type { CameraSpec } from './episode-video';
export type { DatasetStats, FeatureStats } from './feature-stats';
export type { RgbFrame } from './frame-codec';
export { type ImportOptions, importLeRobotDataset } from './import-dataset';
export { type DatasetInfoJson, type FeatureSpec, ACTION_KEY, IMAGE_KEY_PREFIX, STATE_KEY } from './lerobot-format';
export { exportEpisodeMcap } from './mcap-export';
export { detectVideoEncoder, type VideoCodecChoice, type VideoEncoder, type VideoStreamEncoder } from './video-encoder';
export { type DatasetProblem, type VerifyOptions, verifyDataset } from './verify';
export { writeFileAtomic } from './atomic-file';
export { type FeatureUnits, featureNames, featureUnits, type UnitsSource } from './feature-units';
