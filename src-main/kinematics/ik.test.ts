import { describe, expect, it } from 'vitest';
import { chainForward } from './forward';
import { IkSolver } from './ik';
import { mat3FromAxisAngle, mat3Multiply, rotationError } from './rigid';
import { so101Chain } from './testing/so101-chain';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chain = so101Chain();
const home = Float64Array.of(0, -1.2, 1.4, 0.6, 0, 0);

function randomPose(next: () => number, spread = 0.8): Float64Array {
  const q = home.slice();
  for (const j of chain.movable) q[j] = Math.min(chain.upper[j], Math.max(chain.lower[j], home[j] + (next() * 2 - 1) * spread));
  return q;
}

describe('IkSolver, position only', () => {
  it('reaches the forward-kinematics position of random joint poses (round trip)', () => {
    const solver = new IkSolver(chain);
    const next = random(7);
    let converged = 0;
    for (let i = 0; i < 50; i++) {
      const goal = chainForward(chain, randomPose(next));
      const result = solver.solve({ position: goal.position }, home);
      if (result.status === 'converged') converged++;
      expect(result.positions.every(Number.isFinite)).toBe(true);
      if (result.status === 'converged') {
        const reached = chainForward(chain, result.positions);
        expect(Math.hypot(reached.position[0] - goal.position[0], reached.position[1] - goal.position[1], reached.position[2] - goal.position[2])).toBeLessThan(1e-4);
      }
    }
    // Reachable by construction: from the home seed DLS must find nearly all of them.
    expect(converged).toBeGreaterThanOrEqual(48);
  });

  it('keeps every joint within its limits', () => {
    const solver = new IkSolver(chain);
    const next = random(11);
    for (let i = 0; i < 30; i++) {
      const goal = chainForward(chain, randomPose(next, 1.5));
      const { positions } = solver.solve({ position: goal.position }, home);
      for (const j of chain.movable) {
        expect(positions[j]).toBeGreaterThanOrEqual(chain.lower[j]);
        expect(positions[j]).toBeLessThanOrEqual(chain.upper[j]);
      }
    }
  });

  it('says "unreachable" for a point out of the workspace and returns the closest finite pose', () => {
    const solver = new IkSolver(chain);
    const far = [2, 0, 0.3];
    const result = solver.solve({ position: far }, home);
    expect(result.status).toBe('unreachable');
    expect(result.positions.every(Number.isFinite)).toBe(true);
    // The arm is about 0.4 m long: the best it can do is stretch toward the point.
    expect(result.positionError).toBeGreaterThan(1.5);
    expect(result.positionError).toBeLessThan(1.7);
  });

  it('says "unreachable" for a point inside the base the limits keep the tool from', () => {
    const solver = new IkSolver(chain);
    const result = solver.solve({ position: [0, 0, -0.2] }, home);
    expect(result.status).not.toBe('converged');
    expect(result.positions.every(Number.isFinite)).toBe(true);
  });

  it('copies joints outside the chain (the gripper) from the seed', () => {
    const solver = new IkSolver(chain);
    const seed = home.slice();
    seed[5] = 0.9;
    const goal = chainForward(chain, randomPose(random(3)));
    expect(solver.solve({ position: goal.position }, seed).positions[5]).toBe(0.9);
  });

  it('rejects non-finite targets with INVALID_ARGUMENT instead of returning NaN', () => {
    const solver = new IkSolver(chain);
    expect(() => solver.solve({ position: [Number.NaN, 0, 0] }, home)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => solver.solve({ position: [0.2, 0, 0.1] }, [0, 0])).toThrow(/seed has 2 joints/);
  });
});

describe('IkSolver, position and orientation', () => {
  it('recovers a full pose the arm can take (round trip)', () => {
    const solver = new IkSolver(chain, { maxIterations: 300 });
    const next = random(5);
    let converged = 0;
    for (let i = 0; i < 20; i++) {
      const q = randomPose(next, 0.5);
      const goal = chainForward(chain, q);
      const result = solver.solve({ position: goal.position, rotation: goal.rotation }, home);
      if (result.status === 'converged') {
        converged++;
        expect(result.orientationError).toBeLessThan(1e-3);
      }
    }
    expect(converged).toBeGreaterThanOrEqual(18);
  });

  it('finds the closest compromise for an orientation a 5-joint arm cannot take', () => {
    const solver = new IkSolver(chain);
    const goal = chainForward(chain, home);
    // Yaw the tool 90° about the vertical without moving it: needs a sixth joint.
    const twisted = mat3Multiply(mat3FromAxisAngle([0, 0, 1], Math.PI / 2), goal.rotation, new Float64Array(9));
    const result = solver.solve({ position: goal.position, rotation: twisted }, home);
    expect(result.status).not.toBe('converged');
    expect(result.positions.every(Number.isFinite)).toBe(true);
    expect(result.orientationError).toBeGreaterThan(0.1);
  });
});

describe('IkSolver, orientation as a secondary task', () => {
  const solver = new IkSolver(chain);
  const start = chainForward(chain, home);
  const moved = (dx: number, dy: number, dz: number) => [start.position[0] + dx, start.position[1] + dy, start.position[2] + dz];

  it('meets the position exactly and keeps the tool pitch when the move allows it', () => {
    const result = solver.solve({ position: moved(0.05, 0, 0.04), rotation: start.rotation, orientation: 'secondary' }, home);
    expect(result.status).toBe('converged');
    expect(result.positionError).toBeLessThan(1e-4);
    expect(result.orientationError).toBeLessThan(0.01);
    // Position-only IK reaches the point but lets the pitch go.
    const free = solver.solve({ position: moved(0.05, 0, 0.04) }, home);
    const freePose = chainForward(chain, free.positions);
    expect(Math.hypot(...rotationError(start.rotation, freePose.rotation, new Float64Array(3)))).toBeGreaterThan(0.05);
  });

  it('still meets the position when the orientation cannot be kept (a sideways move turns the base)', () => {
    const result = solver.solve({ position: moved(0, 0.08, 0), rotation: start.rotation, orientation: 'secondary' }, home);
    expect(result.status).toBe('converged');
    expect(result.positionError).toBeLessThan(1e-4);
    expect(result.orientationError).toBeGreaterThan(0.1); // the yaw follows the base
  });
});
