import { describe, expect, it } from 'vitest';
import { IkSolver, quaternionFromMat3 } from '../kinematics';
import { so101Chain } from '../kinematics/testing/so101-chain';
import { ActionStream } from './action-stream';
import { GizmoTeleop } from './gizmo';
import { SliderTeleop } from './sliders';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

describe('SliderTeleop', () => {
  it('sends the arm to absolute slider targets, ramped by the speed limit', () => {
    const sliders = new SliderTeleop(6);
    const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 2 }).add(sliders);
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    sliders.setJoint(2, 1);
    const actions = driver.run(100);
    expect(actions[10][2]).toBeCloseTo(0.22, 9); // 11 ticks × 0.02 rad
    expect(actions[99][2]).toBe(1);
  });

  it('rejects values that are not numbers, and joints that do not exist', () => {
    const sliders = new SliderTeleop(6);
    expect(() => sliders.setJoint(6, 0)).toThrow(/no joint 6/);
    expect(() => sliders.setJoint(0, Number.NaN)).toThrow(/not a number/);
    expect(() => sliders.setTargets([0, 0])).toThrow(/expected 6/);
  });
});

describe('GizmoTeleop', () => {
  const setup = () => {
    const ik = new IkSolver(so101Chain());
    const gizmo = new GizmoTeleop(ik);
    const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 3 }).add(gizmo);
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    return { ik, gizmo, driver };
  };

  it('moves the tool to a dragged position', () => {
    const { ik, gizmo, driver } = setup();
    const start = gizmo.pose();
    const goal: [number, number, number] = [start.position[0] - 0.05, start.position[1] + 0.04, start.position[2] - 0.03];
    const solve = gizmo.setPose({ position: goal });
    expect(solve.status).toBe('converged');
    const actions = driver.run(150);
    const reached = ik.forward(actions[149]).position;
    for (let i = 0; i < 3; i++) expect(reached[i]).toBeCloseTo(goal[i], 3);
  });

  it('takes a full pose the arm can take, orientation included', () => {
    const { ik, gizmo } = setup();
    const q = Float64Array.of(0.3, -0.2, 0.4, 0.5, 0.2, 0.1);
    const pose = ik.forward(q);
    const quaternion = quaternionFromMat3(pose.rotation);
    const solve = gizmo.setPose({ position: [pose.position[0], pose.position[1], pose.position[2]], quaternion: [quaternion[0], quaternion[1], quaternion[2], quaternion[3]] });
    expect(solve.status).toBe('converged');
    expect(solve.orientationError).toBeLessThan(1e-3);
  });

  it('with a secondary orientation, meets the position even when the orientation is out of reach', () => {
    const { gizmo } = setup();
    const start = gizmo.pose();
    const goal: [number, number, number] = [start.position[0], start.position[1] + 0.05, start.position[2]];
    // Keep the start orientation while moving sideways: the yaw cannot be kept (the base must turn).
    expect(gizmo.setPose({ position: goal, quaternion: start.quaternion }).status).not.toBe('converged');
    const solve = gizmo.setPose({ position: goal, quaternion: start.quaternion }, 'secondary');
    expect(solve.status).toBe('converged');
    expect(solve.positionError).toBeLessThan(1e-4);
  });

  it('says how far short an unreachable pose is, and never sends NaN', () => {
    const { gizmo, driver } = setup();
    const solve = gizmo.setPose({ position: [1, 0, 0.2] });
    expect(solve.status).toBe('unreachable');
    expect(solve.positionError).toBeGreaterThan(0.5);
    expect(gizmo.notice()?.code).toBe('IK_UNREACHABLE');
    expect(driver.run(50).every((a) => a.every(Number.isFinite))).toBe(true);
    expect(() => gizmo.setPose({ position: [0.2, 0, 0.1], quaternion: [0, 0, 0, 0] })).toThrow(/quaternion/);
  });
});
