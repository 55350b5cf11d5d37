// Scripted teleop: a robot that teleoperates itself, for datasets without a human (CI, benchmarks, a
// world model's exploration data). It strings together three behaviours, each made of straight-line
// tool moves (IK each tick), joint-space moves and short pauses:
//   reach    — to a random point the arm can reach (a random joint pose's tool position, above the table)
//   push     — behind the cube, down to the table, through it towards a random spot still in reach, up
//   explore  — a random joint-space offset, gripper included
// Everything random comes from the seed (reseeded per episode), so a run replays exactly.

import { ErrorCodes, type ObjectPose, PraxisError } from '../api';
import type { IkSolver } from '../kinematics';
import { type Random, randomBetween, randomCreate } from './random';
import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

export type ScriptedBehaviour = 'reach' | 'push' | 'explore';

export interface ScriptedOptions {
  seed?: number;
  /** Behaviours to draw from, uniformly. Default all three. */
  behaviours?: readonly ScriptedBehaviour[];
  /** Tool speed on straight-line moves, m/s. Default 0.15. */
  toolSpeed?: number;
  /** Joint speed on joint-space moves, rad/s. Default 0.8. */
  jointSpeed?: number;
  /** A move that has not arrived after this long is abandoned. Default 4 s. */
  moveTimeoutS?: number;
  /** Lowest tool height for reaches, metres above the table. Default 0.03. */
  minToolHeight?: number;
  /** Index of the gripper joint; default the last joint when the chain does not move it. */
  gripperJoint?: number;
  /** Name of the object to push. Default "cube", else the first object. */
  objectName?: string;
}

type Move =
  | { kind: 'tool'; goal: Float64Array; speed: number; gripper: number | null }
  | { kind: 'joints'; goal: Float64Array; speed: number }
  | { kind: 'pause'; seconds: number };

/** Tool within this of the goal counts as arrived. */
const ARRIVED_M = 0.004;
const ARRIVED_RAD = 0.01;

export class ScriptedTeleop implements TeleopSource {
  readonly kind = 'scripted';
  private readonly options: Required<Omit<ScriptedOptions, 'gripperJoint' | 'objectName'>> & { objectName?: string };
  private readonly gripper: number;
  private random: Random;
  private readonly queue: Move[] = [];
  private move: Move | null = null;
  private moveStart = 0;
  private readonly cursor = new Float64Array(3);
  private readonly pose = { position: new Float64Array(3), rotation: new Float64Array(9) };
  private readonly solution: Float64Array;
  private behaviourNow: ScriptedBehaviour | null = null;
  /** Moves started, by behaviour: what the run did, for logs and tests. */
  readonly counts: Record<ScriptedBehaviour, number> = { reach: 0, push: 0, explore: 0 };

  /**
   * `joints`: the robot's joints (limits in radians), in joint order; the IK chain covers the arm, these
   * cover the gripper too.
   */
  constructor(
    private readonly ik: IkSolver,
    private readonly joints: readonly { lower: number; upper: number }[],
    options: ScriptedOptions = {},
  ) {
    this.options = {
      seed: options.seed ?? 1,
      behaviours: options.behaviours ?? ['reach', 'push', 'explore'],
      toolSpeed: options.toolSpeed ?? 0.15,
      jointSpeed: options.jointSpeed ?? 0.8,
      moveTimeoutS: options.moveTimeoutS ?? 4,
      minToolHeight: options.minToolHeight ?? 0.03,
      objectName: options.objectName,
    };
    if (this.options.behaviours.length === 0) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Scripted teleop needs at least one behaviour.', 'Pick from reach, push and explore.');
    const chain = ik.chain;
    if (joints.length !== chain.jointCount) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Scripted teleop got ${joints.length} joint limits for a ${chain.jointCount}-joint arm.`, 'Pass the robot description’s joints.');
    this.gripper = options.gripperJoint ?? (chain.movable.includes(chain.jointCount - 1) ? -1 : chain.jointCount - 1);
    this.random = randomCreate(this.options.seed);
    this.solution = new Float64Array(chain.jointCount);
  }

  /** The behaviour being played now. */
  get behaviour(): ScriptedBehaviour | null {
    return this.behaviourNow;
  }

  activate(): void {
    this.queue.length = 0;
    this.move = null;
  }

  deactivate(): void {
    this.queue.length = 0;
    this.move = null;
  }

  episodeStart(episodeIndex: number): void {
    // Distinct, reproducible streams per episode: episode k of seed s always does the same thing.
    this.random = randomCreate((this.options.seed * 1_000_003 + episodeIndex * 7919) >>> 0);
    this.queue.length = 0;
    this.move = null;
  }

  update(tick: TeleopTick, out: Float64Array): void {
    if (!this.move) this.nextMove(tick, out);
    const move = this.move;
    if (!move) return;
    const elapsed = tick.t - this.moveStart;
    let arrived = false;
    if (move.kind === 'pause') arrived = elapsed >= move.seconds;
    else if (move.kind === 'joints') arrived = this.stepJoints(move, tick.dt, out);
    else arrived = this.stepTool(move, tick.dt, out);
    if (arrived || elapsed > this.options.moveTimeoutS) this.move = null;
  }

  notice(): TeleopNotice | null {
    return null;
  }

  private nextMove(tick: TeleopTick, out: Float64Array): void {
    if (this.queue.length === 0) this.plan(tick, out);
    this.move = this.queue.shift() ?? null;
    this.moveStart = tick.t;
    if (this.move?.kind === 'tool') {
      this.ik.forward(out, this.pose);
      this.cursor.set(this.pose.position);
    }
  }

  private plan(tick: TeleopTick, from: Float64Array): void {
    const behaviours = this.options.behaviours;
    let behaviour = behaviours[Math.floor(this.random() * behaviours.length)];
    const object = this.target(tick.objects);
    if (behaviour === 'push' && !object) behaviour = 'reach';
    this.behaviourNow = behaviour;
    this.counts[behaviour]++;
    if (behaviour === 'reach') this.planReach();
    else if (behaviour === 'explore') this.planExplore(from);
    else if (object) this.planPush(object);
    this.queue.push({ kind: 'pause', seconds: randomBetween(this.random, 0.1, 0.5) });
  }

  private planReach(): void {
    const chain = this.ik.chain;
    const q = new Float64Array(chain.jointCount);
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const j of chain.movable) {
        const margin = 0.15 * (chain.upper[j] - chain.lower[j]);
        q[j] = randomBetween(this.random, chain.lower[j] + margin, chain.upper[j] - margin);
      }
      const p = this.ik.forward(q, this.pose).position;
      // Above the table and not folded back over the base.
      if (p[2] >= this.options.minToolHeight && Math.hypot(p[0], p[1]) >= 0.12 && p[0] > 0) break;
    }
    const gripper = this.gripper >= 0 ? this.gripperValue(this.random() < 0.5 ? 0.1 : 0.8) : null;
    this.queue.push({ kind: 'tool', goal: this.pose.position.slice(), speed: this.options.toolSpeed, gripper });
  }

  private planExplore(from: Float64Array): void {
    const goal = from.slice();
    for (let j = 0; j < goal.length; j++) {
      const lower = Math.max(this.joints[j].lower, -Math.PI);
      const upper = Math.min(this.joints[j].upper, Math.PI);
      goal[j] = Math.min(upper, Math.max(lower, goal[j] + randomBetween(this.random, -0.6, 0.6)));
    }
    if (this.gripper >= 0) goal[this.gripper] = this.gripperValue(randomBetween(this.random, 0, 1));
    this.queue.push({ kind: 'joints', goal, speed: this.options.jointSpeed });
  }

  private planPush(object: ObjectPose): void {
    const [cx, cy] = object.position;
    // Push towards a random spot that stays in the arm's reach, at most 8 cm at a time.
    const angle = randomBetween(this.random, -0.9, 0.9);
    const radius = randomBetween(this.random, 0.16, 0.3);
    let dx = radius * Math.cos(angle) - cx;
    let dy = radius * Math.sin(angle) - cy;
    const distance = Math.hypot(dx, dy);
    if (distance < 1e-6) {
      dx = 1;
      dy = 0;
    } else {
      dx /= distance;
      dy /= distance;
    }
    const push = Math.min(distance, 0.08);
    const behind = 0.05;
    const low = 0.02;
    const closed = this.gripper >= 0 ? this.gripperValue(0) : null;
    const speed = this.options.toolSpeed;
    const at = (along: number, z: number) => Float64Array.of(cx + dx * along, cy + dy * along, z);
    this.queue.push(
      { kind: 'tool', goal: at(-behind, low + 0.06), speed, gripper: closed },
      { kind: 'tool', goal: at(-behind, low), speed: speed / 2, gripper: closed },
      { kind: 'tool', goal: at(push, low), speed: speed / 2, gripper: closed },
      { kind: 'tool', goal: at(push, low + 0.06), speed, gripper: closed },
    );
  }

  /** Moves the command toward a joint goal at the joint speed; true when there. */
  private stepJoints(move: Extract<Move, { kind: 'joints' }>, dt: number, out: Float64Array): boolean {
    let far = 0;
    for (let j = 0; j < out.length; j++) far = Math.max(far, Math.abs(move.goal[j] - out[j]));
    const fraction = far > 0 ? Math.min(1, (move.speed * dt) / far) : 1;
    for (let j = 0; j < out.length; j++) out[j] += (move.goal[j] - out[j]) * fraction;
    return far * (1 - fraction) < ARRIVED_RAD;
  }

  /** Slides the tool point toward the goal in a straight line; IK turns it into joints. True when there. */
  private stepTool(move: Extract<Move, { kind: 'tool' }>, dt: number, out: Float64Array): boolean {
    const c = this.cursor;
    const dx = move.goal[0] - c[0];
    const dy = move.goal[1] - c[1];
    const dz = move.goal[2] - c[2];
    const left = Math.hypot(dx, dy, dz);
    const fraction = left > 0 ? Math.min(1, (move.speed * dt) / left) : 1;
    c[0] += dx * fraction;
    c[1] += dy * fraction;
    c[2] += dz * fraction;
    const result = this.ik.solve({ position: c }, out, this.solution);
    out.set(result.positions);
    if (move.gripper !== null) out[this.gripper] = move.gripper;
    if (fraction < 1) return false;
    this.ik.forward(out, this.pose);
    const p = this.pose.position;
    return Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) < ARRIVED_M;
  }

  private target(objects: readonly ObjectPose[]): ObjectPose | undefined {
    const name = this.options.objectName;
    return name ? objects.find((o) => o.name === name) : (objects.find((o) => o.name === 'cube') ?? objects[0]);
  }

  /** A gripper opening from 0 (closed) to 1 (open), in the gripper's joint range. */
  private gripperValue(opening: number): number {
    const lower = Math.max(this.joints[this.gripper].lower, -Math.PI);
    const upper = Math.min(this.joints[this.gripper].upper, Math.PI);
    return lower + (upper - lower) * opening;
  }
}
