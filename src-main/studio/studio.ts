import { ErrorCodes, PROTOCOL_VERSION, PraxisError } from '../api';
import type { ApiHandlers } from './api-connection';
import { SessionClock } from './clock';
import { CalibrationService } from './calibration-service';
import type { ConfigService } from './config-service';
import { ControlService } from './control-service';
import { DatasetService } from './dataset-service';
import { JobService } from './job-service';
import { LibraryRevisions } from './library-revisions';
import { PlanService, shippedPlanModel } from './plan-service';
import { replayModelFor } from './replay-model';
import { TrainService } from './train-service';
import { RobotService, type RobotSourceFactories } from './robot-service';

export interface StudioOptions {
  shell: 'electron' | 'server';
  version: string;
  sources: RobotSourceFactories;
  clock?: SessionClock;
  /** Folder holding the user's datasets (one LeRobot v3 dataset per sub-folder). */
  dataRoot: string;
  /** The user's configuration (custom robot profiles); shared with the source factories. */
  config: ConfigService;
  /** Where training runs are written. */
  modelsRoot: string;
  /** Models shipped with the studio (read-only), if any. */
  shippedModels?: string;
  /** The folder holding robots/ (for replaying datasets without a robot). */
  resourcesDir?: string;
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
  readonly control: ControlService;
  readonly config: ConfigService;
  readonly train: TrainService;
  readonly calibration: CalibrationService;
  readonly jobs = new JobService();
  /** Revision counters of the dataset and model lists, so every client lists again when they change. */
  readonly library = new LibraryRevisions();
  readonly plan: PlanService;
  readonly handlers: ApiHandlers;

  constructor(private readonly options: StudioOptions) {
    this.clock = options.clock ?? new SessionClock();
    this.robot = new RobotService(options.sources, this.clock);
    this.datasets = new DatasetService(options.dataRoot);
    this.config = options.config;
    const config = this.config;
    this.train = new TrainService(options.modelsRoot, options.shippedModels ?? null, this.datasets);
    const train = this.train;
    const ok = { ok: true as const };
    this.calibration = new CalibrationService(this.robot);
    const calibration = this.calibration;
    const jobs = this.jobs;
    const robot = this.robot;
    const datasets = this.datasets;
    this.control = new ControlService(this.datasets, this.clock, options.sources.profileMap);
    const control = this.control;
    this.plan = new PlanService(this.robot, this.control, this.datasets, shippedPlanModel(options.shippedModels));
    const plan = this.plan;
    const library = this.library;
    library.watchRecorder(control.openRecorderStream());
    library.watchTraining(this.train.openStream());
    this.robot.onSourceChange(async (source) => {
      if (source) control.attach(source);
      else await control.detach();
    });
    const jointIndex = (name: string) => {
      const joints = robot.describe().joints;
      const i = joints.findIndex((j) => j.name === name);
      if (i < 0) {
        throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No joint named "${name}".`, `Joints are: ${joints.map((j) => j.name).join(', ')}.`);
      }
      return i;
    };
    const refuseWhenStopped = () => {
      if (robot.estopped) throw new PraxisError(ErrorCodes.ESTOP, 'The e-stop is engaged; targets are refused.', 'Release the e-stop when it is safe to move.');
    };
    this.handlers = {
      calls: {
        'session.info': async () => ({
          app: 'praxis-studio' as const,
          version: options.version,
          shell: options.shell,
          protocol: PROTOCOL_VERSION,
          now: this.clock.elapsed(),
        }),
        'robot.sources': () => robot.sources(),
        'robot.connect': (request) => robot.connect(request),
        'robot.disconnect': async () => {
          await robot.disconnect();
          return { ok: true as const };
        },
        'robot.describe': async () => robot.describe(),
        'robot.status': async () => robot.getStatus(),
        // With a control loop running, UI targets are the sliders teleop source: one action stream for everything.
        'robot.setTargets': async ({ positions }) => {
          if (!control.active) return { applied: robot.setTargets(positions) };
          refuseWhenStopped();
          if (positions.length !== robot.describe().joints.length) return { applied: robot.setTargets(positions) }; // coded error
          return { applied: control.sliderTargets(positions) };
        },
        'robot.setJointTarget': async ({ joint, position }) => {
          if (!control.active) return { applied: robot.setJointTarget(joint, position) };
          refuseWhenStopped();
          return { applied: control.sliderTarget(jointIndex(joint), position) };
        },
        'robot.profiles': async () => ({ profiles: (await options.sources.profiles?.()) ?? [] }),
        'robot.torque': async ({ on }) => {
          await robot.setTorque(on);
          return { ok: true as const };
        },
        'calibration.status': async () => calibration.status(),
        'calibration.begin': () => calibration.begin(),
        'calibration.centre': () => calibration.centre(),
        'calibration.sample': () => calibration.sample(),
        'calibration.finish': () => calibration.finish(),
        'calibration.cancel': () => calibration.cancel(),
        'calibration.restore': () => calibration.restore(),
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
          const position = robot.latestPosition;
          if (position) control.resync(position);
          return { ok: true as const };
        },
        'teleop.status': async () => control.teleopStatus(),
        'teleop.select': async ({ kind }) => control.select(kind),
        'teleop.keys': async ({ held }) => {
          // A key pressed under the e-stop moves nothing: refuse it with the reason, so the UI can say why.
          if (held.length > 0 && robot.estopped) {
            control.keys([]);
            throw new PraxisError(ErrorCodes.ESTOP, 'Key ignored: the e-stop is engaged.', 'Release the e-stop (the red banner at the top) when it is safe to move.');
          }
          control.keys(held);
          return { ok: true as const };
        },
        'teleop.keyboardMode': async ({ mode }) => control.keyboardMode(mode),
        'teleop.gamepad': async ({ axes, buttons }) => {
          control.gamepad(axes, buttons);
          return { ok: true as const };
        },
        'teleop.toolPose': async () => ({ pose: control.toolPose() }),
        'teleop.gizmo': async (pose) => control.gizmoPose(pose),
        'teleop.gamepadMapping': async () => control.gamepadMapping(),
        'teleop.leaderConnect': ({ port, profile }) => control.leaderConnect(port, profile),
        'teleop.leaderDisconnect': () => control.leaderDisconnect(),
        'teleop.setGamepadMapping': async (mapping) => control.setGamepadMapping(mapping),
        'recorder.status': async () => control.recorderStatus(),
        'recorder.start': (request) => control.startRecording(request),
        'camera.push': async ({ width, height, rgb }) => {
          control.pushWebcam(width, height, rgb);
          return ok;
        },
        'recorder.next': async () => {
          control.next();
          return { ok: true as const };
        },
        'recorder.rerecord': async () => {
          control.rerecord();
          return { ok: true as const };
        },
        'recorder.stop': async () => {
          control.stopRecording();
          return { ok: true as const };
        },
        'config.files': async () => ({ root: config.root, files: await config.files() }),
        'config.read': ({ path }) => config.read(path),
        'config.write': ({ path, text }) => config.write(path, text),
        'config.newProfile': ({ id, from }) => config.newProfile(id, from),
        'train.presets': async () => ({ presets: train.presets() }),
        'train.start': (request) => train.start(request),
        'train.status': async () => train.getStatus(),
        'train.curve': async () => train.getCurve(),
        'train.pause': async () => {
          train.pause();
          return ok;
        },
        'train.resume': async () => {
          train.resume();
          return ok;
        },
        'train.cancel': async () => {
          train.cancel();
          return ok;
        },
        'train.exportCheckpoint': async ({ checkpoint, name }) => jobs.start(`Export ${name}`, () => library.afterModels(train.exportCheckpoint(checkpoint, name))),
        'model.list': async () => ({ root: train.root, models: await train.list() }),
        'model.preview': ({ model, dataset, episode, frame, k }) => train.preview(model, dataset, episode, frame, k),
        'job.list': async () => jobs.list(),
        'job.cancel': async ({ id }) => {
          jobs.cancel(id);
          return ok;
        },
        'dataset.import': async ({ source, name }) =>
          jobs.start(`Import ${name}`, ({ signal, progress }) => library.afterDatasets(datasets.importDataset(source, name, { signal, onProgress: progress }))),
        'dataset.exportMcap': async ({ path, index }) =>
          jobs.start(`Export episode ${index} as MCAP`, ({ signal, progress }) => datasets.exportMcap(path, index, { signal, onProgress: progress })),
        'dataset.list': async () => ({ root: datasets.root, datasets: await datasets.list() }),
        'dataset.open': ({ path }) => datasets.detail(path),
        'dataset.episode': ({ path, index }) => datasets.episode(path, index),
        'dataset.stats': ({ path }) => datasets.stats(path),
        'dataset.robotModel': async ({ path }) => {
          const d = await datasets.detail(path);
          return replayModelFor({ robotType: d.robotType, stateNames: d.stateNames, fps: d.fps }, (await options.sources.profileMap?.()) ?? {}, options.resourcesDir);
        },
        'dataset.frames': ({ path, index, camera, from, count }) => datasets.frames(path, index, camera, from, count),
        'dataset.setTags': ({ path, index, tags }) => library.afterDatasets(datasets.setTags(path, index, tags)),
        'dataset.setSuccess': ({ path, index, success }) => library.afterDatasets(datasets.setSuccess(path, index, success)),
        'dataset.trim': ({ path, index, from, to }) => library.afterDatasets(datasets.trim(path, index, from, to)),
        'dataset.deleteEpisode': ({ path, index }) => library.afterDatasets(datasets.deleteEpisode(path, index)),
        'plan.status': async () => plan.status(),
        'plan.setGoal': ({ goal }) => plan.setGoal(goal),
        'plan.plan': (request) => plan.plan(request),
        'plan.step': () => plan.step(),
        'plan.execute': async (request) => plan.execute(request),
        'plan.stop': async () => plan.stop(),
      },
      streams: {
        'robot.jointState': () => robot.openJointStream(),
        'robot.status': () => robot.openStatusStream(),
        'teleop.status': () => control.openTeleopStream(),
        'recorder.status': () => control.openRecorderStream(),
        'train.status': () => train.openStream(),
        'job.list': () => jobs.openStream(),
        'library.changed': () => library.openStream(),
        'plan.status': () => plan.openStream(),
      },
    };
  }

  async shutdown(): Promise<void> {
    await this.plan.shutdown();
    await this.robot.disconnect();
    await this.train.shutdown();
    this.jobs.cancelAll();
    await this.datasets.close();
  }

  get shell(): StudioOptions['shell'] {
    return this.options.shell;
  }
}
