import { describe, expect, it } from 'vitest';
import { IkSolver } from '../kinematics';
import { so101Chain } from '../kinematics/testing/so101-chain';
import { ActionStream } from './action-stream';
import { GamepadTeleop, gamepadMapping } from './gamepad';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

const still = { axes: [0, 0, 0, 0], buttons: new Array(17).fill(0) };

function setup(mode: 'joint' | 'ee' = 'joint') {
  const ik = new IkSolver(so101Chain(), { maxIterations: 20 });
  const pad = new GamepadTeleop(6, ik, gamepadMapping(mode), { jointSpeed: 1, eeSpeed: 0.1, staleTimeoutS: 0.2 });
  const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 5 }).add(pad);
  const driver = new Driver(stream, 100, SO101_HOME);
  driver.run(1);
  return { pad, driver, ik };
}

describe('GamepadTeleop', () => {
  it('turns a stick into a joint velocity, with the dead zone rescaled from zero', () => {
    const { pad, driver } = setup();
    const half = 0.12 + 0.88 * 0.5; // half-way past the dead zone
    const actions = driver.run(10, () => pad.input({ ...still, axes: [-half, 0, 0, 0] }));
    // Stick left (−x) turns the base left (+), at half speed.
    expect(actions[9][0]).toBeCloseTo(0.5 * 0.1, 9);
  });

  it('ignores a stick resting inside the dead zone', () => {
    const { pad, driver } = setup();
    const actions = driver.run(10, () => pad.input({ ...still, axes: [0.1, -0.1, 0.05, 0] }));
    expect(Array.from(actions[9])).toEqual(Array.from(SO101_HOME));
  });

  it('drives the gripper with the triggers', () => {
    const { pad, driver } = setup();
    const buttons = still.buttons.slice();
    buttons[7] = 1;
    const actions = driver.run(10, () => pad.input({ ...still, buttons }));
    expect(actions[9][5]).toBeCloseTo(0.1 + 0.1, 9);
  });

  it('stops when snapshots stop arriving (pad unplugged, tab hidden)', () => {
    const { pad, driver } = setup();
    pad.input({ ...still, axes: [0, -1, 0, 0] });
    const actions = driver.run(100);
    const stoppedAt = actions.findIndex((a, k) => k > 0 && a[1] === actions[k - 1][1]);
    expect(stoppedAt).toBeGreaterThan(15);
    expect(stoppedAt).toBeLessThanOrEqual(22);
    expect(pad.notice()?.code).toBe('GAMEPAD_STALE');
  });

  it('moves the tool forward in end-effector mode', () => {
    const { pad, driver, ik } = setup('ee');
    const start = ik.forward(SO101_HOME).position.slice();
    const actions = driver.run(30, () => pad.input({ ...still, axes: [0, -1, 0, 0] }));
    const end = ik.forward(actions[29]).position;
    expect(end[0] - start[0]).toBeCloseTo(0.1 * 0.3, 3);
    expect(Math.abs(end[2] - start[2])).toBeLessThan(0.002);
  });

  it('accepts an edited mapping and rejects one naming a joint the arm lacks', () => {
    const { pad, driver } = setup();
    pad.setMapping({ axes: [{ axis: 0, target: { kind: 'joint', joint: 2 }, scale: 1, deadzone: 0 }], buttons: [] });
    const actions = driver.run(10, () => pad.input({ ...still, axes: [1, 0, 0, 0] }));
    expect(actions[9][2]).toBeCloseTo(0.1, 9);
    expect(() => pad.setMapping({ axes: [{ axis: 0, target: { kind: 'joint', joint: 9 } }], buttons: [] })).toThrow(/joint 9/);
    expect(() => pad.setMapping({ axes: [], buttons: [{ button: 0, target: { kind: 'joint', joint: 0 }, direction: 2 as 1 }] })).toThrow(/direction/);
  });
});
