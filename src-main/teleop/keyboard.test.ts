import { describe, expect, it } from 'vitest';
import { IkSolver, rotationError } from '../kinematics';
import { so101Chain } from '../kinematics/testing/so101-chain';
import { ActionStream } from './action-stream';
import { KeyboardTeleop } from './keyboard';
import { SliderTeleop } from './sliders';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

function setup(options: ConstructorParameters<typeof KeyboardTeleop>[2] = {}) {
  const ik = new IkSolver(so101Chain(), { maxIterations: 20 });
  const keyboard = new KeyboardTeleop(6, ik, options);
  const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 5 }).add(keyboard);
  const driver = new Driver(stream, 100, SO101_HOME);
  driver.run(1);
  return { keyboard, stream, driver, ik };
}

describe('KeyboardTeleop, joint mode', () => {
  it('moves a joint at the jog speed while its key is held, and stops on key-up', () => {
    const { keyboard, driver } = setup({ jointSpeed: 0.5 });
    keyboard.keyDown('KeyQ');
    const held = driver.run(40); // 0.4 s
    expect(held[39][0]).toBeCloseTo(0.5 * 0.4, 6);
    keyboard.keyUp('KeyQ');
    const after = driver.run(20);
    expect(after[19][0]).toBeCloseTo(held[39][0], 12);
  });

  it('stops after the timeout when a key-up never arrives (the window lost focus)', () => {
    const { keyboard, driver, stream } = setup({ jointSpeed: 1, keyTimeoutS: 0.3 });
    keyboard.keyDown('KeyW');
    const actions = driver.run(200); // 2 s with no repeat and no key-up
    const stoppedAt = actions.findIndex((a, k) => k > 0 && a[1] === actions[k - 1][1]);
    expect(stoppedAt).toBeGreaterThan(25);
    expect(stoppedAt).toBeLessThanOrEqual(32); // 0.3 s lease at 100 Hz, stamped at the next tick
    expect(actions[199][1]).toBe(actions[stoppedAt][1]);
    expect(keyboard.heldCodes()).toEqual([]);
    expect(stream.status().notice?.code).toBe('KEY_TIMEOUT');
  });

  it('keeps moving while the key auto-repeats, however long it is held', () => {
    const { keyboard, driver } = setup({ jointSpeed: 0.2, keyTimeoutS: 0.3 });
    keyboard.keyDown('KeyE');
    const actions = driver.run(300, (k) => {
      if (k % 5 === 0) keyboard.keyDown('KeyE'); // repeats at 20 Hz
    });
    expect(actions[299][2]).toBeCloseTo(0.2 * 3, 6);
  });

  it('stops at once on blur', () => {
    const { keyboard, driver } = setup();
    keyboard.keyDown('KeyQ');
    const before = driver.run(10);
    keyboard.blur();
    const after = driver.run(10);
    expect(after[9][0]).toBe(before[9][0]);
  });

  it('releases keys missing from a held-keys snapshot', () => {
    const { keyboard, driver } = setup();
    keyboard.heldKeys(['KeyQ', 'KeyW']);
    driver.run(5);
    keyboard.heldKeys(['KeyW']);
    expect(keyboard.heldCodes()).toEqual(['KeyW']);
  });

  it('ignores keys it has no binding for', () => {
    const { keyboard, driver } = setup();
    keyboard.keyDown('KeyZ');
    const actions = driver.run(10);
    expect(Array.from(actions[9])).toEqual(Array.from(SO101_HOME));
  });
});

describe('KeyboardTeleop, end-effector mode', () => {
  it('moves the tool straight up with PageUp at the tool speed', () => {
    const { keyboard, driver, ik } = setup({ mode: 'ee', eeSpeed: 0.05 });
    const start = ik.forward(SO101_HOME).position.slice();
    keyboard.keyDown('PageUp');
    const actions = driver.run(50, (k) => {
      if (k % 10 === 0) keyboard.keyDown('PageUp');
    });
    const end = ik.forward(actions[49]).position;
    expect(end[2] - start[2]).toBeCloseTo(0.05 * 0.5, 3);
    expect(Math.abs(end[0] - start[0])).toBeLessThan(0.002);
    expect(Math.abs(end[1] - start[1])).toBeLessThan(0.002);
  });

  it('keeps the gripper pitched as it was while the tool moves back and down', () => {
    for (const key of ['ArrowDown', 'PageDown']) {
      const { keyboard, driver, ik } = setup({ mode: 'ee', eeSpeed: 0.1 });
      const start = ik.forward(SO101_HOME);
      const actions = driver.run(100, (k) => {
        if (k % 10 === 0) keyboard.keyDown(key);
      });
      const end = ik.forward(actions[99]);
      const moved = Math.hypot(end.position[0] - start.position[0], end.position[1] - start.position[1], end.position[2] - start.position[2]);
      expect(moved).toBeCloseTo(0.1, 2);
      // Position-only IK lets the pitch drift 14–22° over these 10 cm.
      expect(Math.hypot(...rotationError(end.rotation, start.rotation, new Float64Array(3)))).toBeLessThan(0.02);
    }
  });

  it('slows the tool near the edge of its reach instead of jerking the joints, and keeps going', () => {
    const { keyboard, driver, ik } = setup({ mode: 'ee', eeSpeed: 0.1 });
    const actions = driver.run(150, (k) => {
      if (k % 10 === 0) keyboard.keyDown('ArrowUp');
    });
    const x = actions.map((a) => ik.forward(a).position[0]);
    for (let k = 1; k < x.length; k++) {
      expect(x[k]).toBeGreaterThanOrEqual(x[k - 1] - 1e-6); // never backwards (no oscillation)
      for (let j = 0; j < 6; j++) expect(Math.abs(actions[k][j] - actions[k - 1][j])).toBeLessThanOrEqual(0.015 + 1e-9);
    }
    expect(x[149] - x[0]).toBeGreaterThan(0.1);
  });

  it('turns the gripper with the base when the tool moves sideways, and keeps its pitch', () => {
    const { keyboard, driver, ik } = setup({ mode: 'ee', eeSpeed: 0.1 });
    const start = ik.forward(SO101_HOME);
    const actions = driver.run(100, (k) => {
      if (k % 10 === 0) keyboard.keyDown('ArrowLeft');
    });
    const end = ik.forward(actions[99]);
    expect(end.position[1] - start.position[1]).toBeCloseTo(0.1, 2);
    const error = rotationError(end.rotation, start.rotation, new Float64Array(3));
    const turned = Math.atan2(end.position[1], end.position[0]) - Math.atan2(start.position[1], start.position[0]);
    expect(error[2]).toBeCloseTo(turned, 2); // a yaw about the vertical, as much as the base turned
    expect(Math.hypot(error[0], error[1])).toBeLessThan(0.02);
  });

  it('still jogs the gripper joint directly', () => {
    const { keyboard, driver } = setup({ mode: 'ee', jointSpeed: 1 });
    keyboard.keyDown('KeyY');
    const actions = driver.run(20);
    expect(actions[19][5]).toBeCloseTo(0.1 + 0.2, 6);
  });

  it('refuses end-effector mode without kinematics', () => {
    const keyboard = new KeyboardTeleop(6, null);
    expect(() => keyboard.setMode('ee')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('KeyboardTeleop as one of several sources', () => {
  it('ignores keys while another source is active, and keeps a held key across a resync', () => {
    const ik = new IkSolver(so101Chain(), { maxIterations: 20 });
    const keyboard = new KeyboardTeleop(6, ik, { jointSpeed: 1 });
    const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 5 }).add(new SliderTeleop(6)).add(keyboard);
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    keyboard.keyDown('KeyQ'); // sliders are active
    stream.activate('keyboard');
    expect(driver.run(10)[9][0]).toBe(0);
    keyboard.keyDown('KeyQ');
    driver.run(10);
    driver.reset(SO101_HOME); // e.g. the scene was reset between episodes
    const actions = driver.run(10);
    expect(actions[9][0]).toBeCloseTo(0.09, 9); // still held; the first tick after a sync has dt = 0
  });
});
