// The worker thread a TrainingJob runs in: it owns one TrainingRun, posts its events to the parent and
// takes pause / resume / cancel messages. Keeping ORT's compute off the main thread keeps the studio's
// 100 Hz loops and the UI responsive while a model trains.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../../api';
import type { TrainingEvent } from './events';
import { type TrainingRequest, TrainingRun } from './training-run';

export type WorkerCommand = { type: 'pause' } | { type: 'resume' } | { type: 'cancel' };
export type WorkerMessage = { type: 'event'; event: TrainingEvent } | { type: 'crash'; error: ReturnType<typeof toErrorData> };

const port = parentPort;
if (port) {
  const run = new TrainingRun(workerData as TrainingRequest, (event) => port.postMessage({ type: 'event', event } satisfies WorkerMessage));
  port.on('message', (m: WorkerCommand) => {
    if (m.type === 'pause') run.control.pause();
    else if (m.type === 'resume') run.control.resume();
    else if (m.type === 'cancel') run.control.cancel();
  });
  run
    .run()
    .catch((e) => port.postMessage({ type: 'crash', error: toErrorData(e) } satisfies WorkerMessage))
    .finally(() => port.close());
}
