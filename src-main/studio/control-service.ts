import { ErrorCodes, PraxisError, type RecorderStatus, type RecordRequest, type TeleopKind, type TeleopStatus, type ToolPose, toErrorData } from '../api';
import { quaternionFromMat3 } from '../kinematics';
import { PushedCamera, Recorder, type RecorderCamera, type RecorderRobot, simCamera } from '../recorder';
import { type GateVerdict, jointClipNames, type RobotLink, type RobotProfile } from '../robot';
import type { ActionStream, GamepadMapping } from '../teleop';
import type { SessionClock } from './clock';
import { type ControlRig, controlRigBuild, SIM_CAMERA } from './control-rig';
import { LatestValueCursor } from './cursors';
import type { DatasetService } from './dataset-service';
import { leaderArmConnect } from './leader-arm';
import type { RobotSource } from './robot-source';

/** Teleop loop rate while not recording (a recording runs at its own fps). */
const DEFAULT_LOOP_HZ = 50;
/** How often status is pushed to clients while the loop runs. */
const STATUS_HZ = 5;

type Attached = ControlRig;

/**
 * The control loop of a connected robot: one ActionStream fed by the active teleop source, ticked by a
 * realtime Recorder (which records only when asked). Everything that moves the robot — sliders,
 * keys, gamepad, scripted operator — goes through here, so limits, speed caps, the e-stop and the
 * recording all see the same actions.
 */
export class ControlService {
  private attached: Attached | null = null;
  private readonly teleopCursors = new Set<LatestValueCursor<TeleopStatus>>();
  private readonly recorderCursors = new Set<LatestValueCursor<RecorderStatus>>();
  private statusTimer: ReturnType<typeof setInterval> | null = null;
  private datasetPath: string | null = null;
  private lastSaved = 0;
  private lastError: RecorderStatus['lastError'] = null;
  private recording: Promise<unknown> | null = null;
  private leader: { link: RobotLink; port: string; profile: string } | null = null;
  /** Who has taken the arm from teleop (the plan executor), or null. */
  private holder: 'planner' | null = null;

  constructor(
    private readonly datasets: DatasetService,
    private readonly clock: SessionClock,
    /** Robot profiles by id (built-in and the user's), for leader arms. */
    private readonly profiles: () => Promise<Readonly<Record<string, RobotProfile>>> = async () => ({}),
  ) {}

  get active(): boolean {
    return this.attached !== null;
  }

  /** A robot that can be controlled was connected: build its action stream and start the loop. */
  attach(source: RobotSource): void {
    this.detachNow();
    const description = source.describe();
    if (!description.capabilities.includes('control') || !source.command) return;
    const rig = controlRigBuild(source, () => this.holder !== null);
    const recorder = this.makeRecorder(rig.robot, rig.actions, DEFAULT_LOOP_HZ, []);
    this.attached = { ...rig, recorder, cameraKey: '', webcam: null };
    this.lastSaved = 0;
    this.lastError = null;
    this.datasetPath = null;
    recorder.startLoop();
    this.statusTimer = setInterval(() => this.publish(), 1000 / STATUS_HZ);
    this.publish();
  }

  async detach(): Promise<void> {
    await this.leaderDisconnect().catch(() => undefined);
    const a = this.attached;
    if (!a) return;
    a.recorder.stop();
    this.detachNow();
    await a.recorder.stopLoop().catch(() => undefined);
    await this.recording?.catch(() => undefined);
  }

  private detachNow(): void {
    const a = this.attached;
    if (!a) return;
    this.attached = null;
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    void a.recorder.stopLoop().catch(() => undefined);
    a.robot.dispose();
    a.sceneCamera?.dispose();
    this.publish();
  }

  // ---------------------------------------------------------------- teleop

  /**
   * A slider moved: the sliders become the active source and hold this target. Returns the sliders' targets;
   * the robot's gate clips them to the limits and ramps toward them at the speed cap on each tick, and what
   * it sent is the joint-state stream's `targets`.
   */
  sliderTarget(jointIndex: number, value: number): number[] {
    const a = this.require();
    if (a.actions.active !== 'sliders') {
      a.sliders.setTargets(a.actions.action);
      a.actions.activate('sliders');
    }
    a.sliders.setJoint(jointIndex, value);
    this.publish();
    return Array.from(a.sliders.current());
  }

  sliderTargets(values: number[]): number[] {
    const a = this.require();
    if (a.actions.active !== 'sliders') a.actions.activate('sliders');
    a.sliders.setTargets(values);
    return Array.from(a.sliders.current());
  }

  select(kind: TeleopKind): TeleopStatus {
    const a = this.require();
    if (!a.actions.source(kind)) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `The ${kind} source is not available for ${a.description.displayName}.`,
        kind === 'leader' ? 'Connect a leader arm first.' : 'This robot has no kinematic model for end-effector control.',
      );
    }
    if (kind === 'sliders') a.sliders.setTargets(a.actions.action);
    a.actions.activate(kind);
    this.publish();
    return this.teleopStatus();
  }

  keys(held: string[]): void {
    const a = this.require();
    if (held.length > 0 && a.actions.active !== 'keyboard') a.actions.activate('keyboard');
    a.keyboard.heldKeys(held);
  }

  keyboardMode(mode: 'joint' | 'ee'): TeleopStatus {
    this.require().keyboard.setMode(mode);
    this.publish();
    return this.teleopStatus();
  }

  gamepad(axes: number[], buttons: number[]): void {
    const a = this.require();
    if (a.actions.active !== 'gamepad') a.actions.activate('gamepad');
    a.gamepad.input({ axes, buttons });
  }

  toolPose(): ToolPose | null {
    const a = this.require();
    if (!a.ik) return null;
    const pose = a.ik.forward(a.actions.action);
    const q = quaternionFromMat3(pose.rotation);
    return { position: [pose.position[0], pose.position[1], pose.position[2]], quaternion: [q[0], q[1], q[2], q[3]] };
  }

  gizmoPose(pose: ToolPose): { status: string; positionError: number; orientationError: number } {
    const a = this.require();
    if (!a.gizmo) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${a.description.displayName} has no kinematic model for the gizmo.`, 'Use the sliders or joint keys.');
    }
    if (a.actions.active !== 'gizmo') a.actions.activate('gizmo');
    const solve = a.gizmo.setPose(pose);
    return { status: solve.status, positionError: solve.positionError, orientationError: solve.orientationError };
  }

  /**
   * A leader arm on `port`: torque stays off so it can be moved by hand, and its joints (matched by name)
   * become the follower's targets through the same limits and speed cap as every other source.
   */
  async leaderConnect(port: string, profileId: string): Promise<TeleopStatus> {
    const a = this.require();
    const profile = (await this.profiles())[profileId];
    if (!profile) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Unknown robot profile "${profileId}".`, 'Pick a leader profile, e.g. so101_leader.');
    await this.leaderDisconnect();
    const { link, teleop } = await leaderArmConnect(port, profile, a.description.joints.map((j) => j.name));
    a.actions.add(teleop);
    a.actions.activate('leader');
    this.leader = { link, port, profile: profileId };
    this.publish();
    return this.teleopStatus();
  }

  async leaderDisconnect(): Promise<TeleopStatus> {
    const l = this.leader;
    this.leader = null;
    const a = this.attached;
    if (a && a.actions.active === 'leader') {
      a.sliders.setTargets(a.actions.action);
      a.actions.activate('sliders');
    }
    if (l) await l.link.disconnect().catch(() => undefined);
    this.publish();
    return this.teleopStatus();
  }

  gamepadMapping(): GamepadMapping {
    return this.require().gamepad.mapping;
  }

  setGamepadMapping(mapping: GamepadMapping): GamepadMapping {
    const a = this.require();
    a.gamepad.setMapping(mapping);
    return a.gamepad.mapping;
  }

  /**
   * The plan executor takes the arm (its commands go to the gate tagged "planner") and the teleop loop stops
   * commanding until it is given back; then call resync so teleop starts from where the arm is.
   */
  yieldTo(holder: 'planner' | null): void {
    this.holder = holder;
  }

  /** After an e-stop is released, start from where the arm is, not from the last action. */
  resync(position: Float64Array): void {
    this.attached?.actions.sync(position);
  }

  teleopStatus(): TeleopStatus {
    const a = this.attached;
    if (!a) {
      return { active: null, available: [], rateHz: 0, keyboardMode: 'joint', keys: [], maxVelocity: [], atLimit: [], speedLimited: [], notice: null, leader: null, gate: null };
    }
    const s = a.actions.status();
    const names = a.description.joints.map((j) => j.name);
    return {
      active: s.active,
      available: s.available,
      rateHz: s.rateHz,
      keyboardMode: a.keyboard.mode,
      keys: a.keyboard.activeBindings().map((b) => ({
        code: b.code,
        label: `${b.target.kind === 'joint' ? names[b.target.joint] : `tool ${'xyz'[b.target.axis]}`} ${b.direction > 0 ? '+' : '−'}`,
      })),
      maxVelocity: s.maxVelocity,
      atLimit: s.atLimit,
      speedLimited: s.speedLimited,
      notice: s.notice,
      leader: this.leader ? { port: this.leader.port, profile: this.leader.profile, state: this.leader.link.state } : null,
      gate: gateReport(a.source.link?.gate.last ?? null),
    };
  }

  // ---------------------------------------------------------------- recording

  async startRecording(request: RecordRequest & { resetScene: boolean }): Promise<RecorderStatus> {
    let a = this.require();
    if (this.recording) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A recording is already running.', 'Stop it first.');
    const withCamera = request.simCamera === true;
    if (withCamera && !a.sceneCamera) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Only the simulator has a scene camera.', 'Untick the sim camera for a real robot.');
    }
    const cameraKey = `${withCamera ? 'sim' : ''}|${request.webcam ? `${request.webcam.width}x${request.webcam.height}` : ''}`;
    if (a.recorder.fps !== request.fps || a.cameraKey !== cameraKey) {
      // The loop rate is the dataset's fps, and cameras are part of its features: rebuild the recorder.
      await a.recorder.stopLoop();
      const cameras: RecorderCamera[] = [];
      if (withCamera && a.sceneCamera) cameras.push(simCamera(a.sceneCamera, { name: SIM_CAMERA.name, everyTicks: Math.max(1, Math.round(request.fps / SIM_CAMERA.hz)) }));
      a.webcam = request.webcam ? new PushedCamera('webcam', request.webcam.width, request.webcam.height) : null;
      if (a.webcam) cameras.push(a.webcam);
      a.recorder = this.makeRecorder(a.robot, a.actions, request.fps, cameras);
      a.cameraKey = cameraKey;
      a.recorder.startLoop();
      a = this.require();
    }
    const spec = a.recorder.datasetSpec();
    const { dataset, path } = await this.datasets.openForRecording(request.dataset, { ...spec, robotType: a.description.id });
    this.datasetPath = path;
    this.lastError = null;
    const recorder = a.recorder;
    this.recording = recorder
      .record({
        dataset,
        task: request.task,
        episodes: request.episodes,
        episodeSeconds: request.episodeSeconds,
        resetSeconds: request.resetSeconds,
        resetScene: request.resetScene,
      })
      .then((summary) => {
        this.lastSaved = summary.episodes.length;
        if (summary.error) this.lastError = { code: summary.error.code, message: summary.error.message, hint: summary.error.hint };
      })
      .catch((e) => {
        const d = toErrorData(e);
        this.lastError = { code: d.code, message: d.message, hint: d.hint };
      })
      .finally(() => {
        this.recording = null;
        this.publish();
      });
    this.publish();
    return this.recorderStatus();
  }

  /** A webcam frame from the UI (base64 RGB). */
  pushWebcam(width: number, height: number, rgb: string): void {
    const cam = this.require().webcam;
    if (!cam) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No recording with a webcam is set up.', 'Tick "USB webcam" in the Record panel before recording.');
    const data = new Uint8Array(Buffer.from(rgb, 'base64'));
    cam.push({ width, height, data }, this.clock.elapsed());
  }

  next(): void {
    this.require().recorder.next();
  }

  rerecord(): void {
    this.require().recorder.rerecord();
  }

  stopRecording(): void {
    this.require().recorder.stop();
  }

  recorderStatus(): RecorderStatus {
    const a = this.attached;
    if (!a) {
      return {
        phase: 'idle',
        fps: 0,
        task: null,
        dataset: null,
        episode: 0,
        episodes: 0,
        frames: 0,
        elapsedS: 0,
        durationS: 0,
        rateHz: 0,
        missedTicks: 0,
        lateTicks: 0,
        savedEpisodes: this.lastSaved,
        warning: null,
        report: null,
        lastError: this.lastError,
      };
    }
    const s = a.recorder.status();
    return {
      phase: s.phase,
      fps: s.fps,
      task: s.task,
      dataset: this.datasetPath,
      episode: s.episode,
      episodes: s.episodes,
      frames: s.frames,
      elapsedS: s.elapsedS,
      durationS: s.durationS,
      rateHz: s.rateHz,
      missedTicks: s.missedTicks,
      lateTicks: s.lateTicks,
      savedEpisodes: this.recording ? s.savedEpisodes : this.lastSaved,
      warning: s.warning,
      report: s.report,
      lastError: this.lastError,
    };
  }

  openTeleopStream(): LatestValueCursor<TeleopStatus> {
    const c: LatestValueCursor<TeleopStatus> = new LatestValueCursor(this.teleopStatus(), () => this.teleopCursors.delete(c));
    this.teleopCursors.add(c);
    return c;
  }

  openRecorderStream(): LatestValueCursor<RecorderStatus> {
    const c: LatestValueCursor<RecorderStatus> = new LatestValueCursor(this.recorderStatus(), () => this.recorderCursors.delete(c));
    this.recorderCursors.add(c);
    return c;
  }

  private makeRecorder(robot: RecorderRobot, actions: ActionStream, fps: number, cameras: RecorderCamera[]): Recorder {
    const recorder = new Recorder({ robot, actions, fps, mode: 'realtime', cameras, clock: { now: () => this.clock.elapsed() } });
    recorder.onEvent((e) => {
      if (e.type === 'episode-saved' || e.type === 'phase') {
            this.publish();
      }
      if (e.type === 'error') this.lastError = { code: e.error.code, message: e.error.message, hint: e.error.hint };
    });
    return recorder;
  }

  private publish(): void {
    if (this.teleopCursors.size) {
      const t = this.teleopStatus();
      for (const c of this.teleopCursors) c.offer(t);
    }
    if (this.recorderCursors.size) {
      const r = this.recorderStatus();
      for (const c of this.recorderCursors) c.offer(r);
    }
  }

  private require(): Attached {
    if (!this.attached) {
      throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'No controllable robot is connected.', 'Connect the simulator or a follower arm first.');
    }
    return this.attached;
  }
}

function gateReport(v: GateVerdict | null): TeleopStatus['gate'] {
  if (!v) return null;
  const r = v.refusal;
  return {
    source: v.source,
    outcome: v.outcome,
    clipped: Array.from(v.clipped, (bits) => jointClipNames(bits)),
    refusal: r ? { code: r.code, message: r.message, hint: r.hint } : null,
  };
}
