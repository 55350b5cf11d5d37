// The raw episode-log writer, for tests that must leave a log behind the way a crash does.
export { EpisodeLogWriter } from '../episode-log';
