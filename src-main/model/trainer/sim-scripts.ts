// Scripted motions for the simulated arm that make the base model's data: reaches to the cube, pushes
// through it, and random exploration. A script is a list of joint-space waypoints with durations; targets
// between waypoints follow a cosine ease, so the commanded motion is smooth like a teleoperator's.
import { IkSolver, type KinematicChain } from '../../kinematics';
import { normalSource, uniformSource } from './seeded-random';

export type ScriptKind = 'reach' | 'push' | 'explore';

export interface Waypoint {
  targets: Float64Array;
  /** Seconds to move from the previous waypoint to this one. */
  duration: number;
}

export interface ArmScript {
  kind: ScriptKind;
  task: string;
  /** Where the arm starts (set and settled before recording). */
  start: Float64Array;
  cube: [number, number];
  waypoints: Waypoint[];
  /** Seconds to hold the last waypoint. */
  hold: number;
  /** A goal-directed script that ends at its goal (the planner's kind of demonstration). */
  goalDirected: boolean;
}

/** Joint ranges random poses are drawn from: inside the SO-101 limits, away from the table and the base. */
const SAFE_LOW = [-1.2, -0.9, -0.6, -0.4, -1.5, 0];
const SAFE_HIGH = [1.2, 0.9, 1.3, 1.4, 1.5, 1.2];

function randomPose(u: () => number): Float64Array {
  return Float64Array.from(SAFE_LOW, (lo, j) => lo + (SAFE_HIGH[j] - lo) * u());
}

function ik(solver: IkSolver, xyz: [number, number, number], seed: Float64Array, gripper: number): Float64Array {
  const r = solver.solve({ position: xyz }, seed);
  const out = Float64Array.from(r.positions);
  out[5] = gripper;
  return out;
}

export interface ScriptOptions {
  chain: KinematicChain;
  seed: number;
  /** Seconds an exploration episode lasts. */
  exploreSeconds?: number;
}

const HOME = Float64Array.of(0, 0, 0, 0.9, 0, 0.1);

/** A seeded script of the given kind. */
export function armScript(kind: ScriptKind, o: ScriptOptions): ArmScript {
  const u = uniformSource(o.seed);
  const n = normalSource(o.seed + 1);
  const solver = new IkSolver(o.chain, { maxIterations: 200 });
  const cube: [number, number] = [0.17 + 0.13 * u(), -0.14 + 0.28 * u()];
  const start = Float64Array.from(HOME, (h, j) => h + 0.25 * n() * (j === 5 ? 0.5 : 1));
  start[5] = Math.max(0, start[5]);
  const speed = 0.8 + 0.5 * u();
  if (kind === 'reach') {
    const above = ik(solver, [cube[0], cube[1], 0.08], start, 0.9);
    const down = ik(solver, [cube[0], cube[1], 0.025], above, 0.9);
    const closed = Float64Array.from(down);
    closed[5] = 0.05;
    const lifted = ik(solver, [cube[0], cube[1], 0.1], down, 0.05);
    return {
      kind,
      task: 'reach the cube',
      start,
      cube,
      waypoints: [
        { targets: above, duration: 1.4 / speed },
        { targets: down, duration: 0.8 / speed },
        { targets: closed, duration: 0.5 },
        { targets: lifted, duration: 0.8 / speed },
      ],
      hold: 0.5,
      goalDirected: true,
    };
  }
  if (kind === 'push') {
    const angle = Math.atan2(cube[1], cube[0]) + (u() - 0.5) * 1.6;
    const dir: [number, number] = [Math.cos(angle), Math.sin(angle)];
    const from: [number, number, number] = [cube[0] - 0.07 * dir[0], cube[1] - 0.07 * dir[1], 0.02];
    const to: [number, number, number] = [cube[0] + (0.05 + 0.04 * u()) * dir[0], cube[1] + (0.05 + 0.04 * u()) * dir[1], 0.02];
    const over = ik(solver, [from[0], from[1], 0.07], start, 0.1);
    const behind = ik(solver, from, over, 0.1);
    const through = ik(solver, to, behind, 0.1);
    return {
      kind,
      task: 'push the cube',
      start,
      cube,
      waypoints: [
        { targets: over, duration: 1.3 / speed },
        { targets: behind, duration: 0.7 / speed },
        { targets: through, duration: 1.2 / speed },
      ],
      hold: 0.5,
      goalDirected: true,
    };
  }
  const seconds = o.exploreSeconds ?? 8;
  const waypoints: Waypoint[] = [];
  for (let t = 0; t < seconds; ) {
    const duration = 0.5 + 1.2 * u();
    waypoints.push({ targets: randomPose(u), duration });
    t += duration;
  }
  return { kind, task: 'explore', start, cube, waypoints, hold: 0, goalDirected: false };
}

/** Seconds the script runs, hold included. */
export function scriptSeconds(s: ArmScript): number {
  return s.waypoints.reduce((a, w) => a + w.duration, 0) + s.hold;
}

/** Targets at time `t` seconds into the script (cosine ease between waypoints), into `out`. */
export function scriptTargets(s: ArmScript, t: number, out: Float64Array): Float64Array {
  let from = s.start;
  let at = 0;
  for (const w of s.waypoints) {
    if (t < at + w.duration) {
      const x = (t - at) / w.duration;
      const ease = 0.5 - 0.5 * Math.cos(Math.PI * x);
      for (let j = 0; j < out.length; j++) out[j] = from[j] + (w.targets[j] - from[j]) * ease;
      return out;
    }
    at += w.duration;
    from = w.targets;
  }
  out.set(from);
  return out;
}
