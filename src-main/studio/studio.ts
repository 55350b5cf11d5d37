import { PROTOCOL_VERSION } from '../api';
import type { ApiHandlers } from './api-connection';
import { SessionClock } from './clock';
import { DatasetService } from './dataset-service';
import { RobotService, type RobotSourceFactories } from './robot-service';

export interface StudioOptions {
  shell: 'electron' | 'server';
  version: string;
  sources: RobotSourceFactories;
  clock?: SessionClock;
  /** Folder holding the user's datasets (one LeRobot v3 dataset per sub-folder). */
  dataRoot: string;
}

/**
 * The composition root of one running studio: the session clock and the services, wired to the API
 * contract. Both shells (Electron main, `praxis serve`) build exactly one of these and hand its
 * handlers to their transport.
 */
export class Studio {
  readonly clock: SessionClock;
  readonly robot: RobotService;
  readonly datasets: DatasetService;
  readonly handlers: ApiHandlers;

  constructor(private readonly options: StudioOptions) {
    this.clock = options.clock ?? new SessionClock();
    this.robot = new RobotService(options.sources, this.clock);
    this.datasets = new DatasetService(options.dataRoot);
    const robot = this.robot;
    const datasets = this.datasets;
    this.handlers = {
      calls: {
        'session.info': async () => ({
          app: 'praxis-studio' as const,
          version: options.version,
          shell: options.shell,
          protocol: PROTOCOL_VERSION,
          now: this.clock.elapsed(),
        }),
        'robot.sources': async () => ({ sources: await robot.sources() }),
        'robot.connect': (request) => robot.connect(request),
        'robot.disconnect': async () => {
          await robot.disconnect();
          return { ok: true as const };
        },
        'robot.describe': async () => robot.describe(),
        'robot.status': async () => robot.getStatus(),
        'robot.setTargets': async ({ positions }) => ({ applied: robot.setTargets(positions) }),
        'robot.setJointTarget': async ({ joint, position }) => ({ applied: robot.setJointTarget(joint, position) }),
        'robot.profiles': async () => ({ profiles: options.sources.profiles?.() ?? [] }),
        'robot.torque': async ({ on }) => {
          await robot.setTorque(on);
          return { ok: true as const };
        },
        'robot.reset': async () => {
          robot.reset();
          return { ok: true as const };
        },
        'robot.estop': async () => {
          robot.estop();
          return { ok: true as const };
        },
        'robot.release': async () => {
          robot.release();
          return { ok: true as const };
        },
        'dataset.list': async () => ({ root: datasets.root, datasets: await datasets.list() }),
        'dataset.open': ({ path }) => datasets.detail(path),
        'dataset.episode': ({ path, index }) => datasets.episode(path, index),
        'dataset.stats': ({ path }) => datasets.stats(path),
        'dataset.setTags': ({ path, index, tags }) => datasets.setTags(path, index, tags),
        'dataset.setSuccess': ({ path, index, success }) => datasets.setSuccess(path, index, success),
        'dataset.trim': ({ path, index, from, to }) => datasets.trim(path, index, from, to),
        'dataset.deleteEpisode': ({ path, index }) => datasets.deleteEpisode(path, index),
      },
      streams: {
        'robot.jointState': () => robot.openJointStream(),
        'robot.status': () => robot.openStatusStream(),
      },
    };
  }

  async shutdown(): Promise<void> {
    await this.robot.disconnect();
  }

  get shell(): StudioOptions['shell'] {
    return this.options.shell;
  }
}
