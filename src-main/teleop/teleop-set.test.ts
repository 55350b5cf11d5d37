import { describe, expect, it } from 'vitest';
import { robotFileRead, SO101_URDF } from '../sim';
import { keyBindingLabel } from './keyboard';
import { teleopSetCreate } from './teleop-set';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

describe('teleopSetCreate', () => {
  it('builds every source for the SO-101, keyboard first, with kinematics from its URDF', () => {
    const set = teleopSetCreate({ joints: SO101_JOINTS, urdf: robotFileRead(SO101_URDF) });
    expect(set.actions.active).toBe('keyboard');
    expect(set.actions.status().available).toEqual(['keyboard', 'gamepad', 'sliders', 'gizmo', 'scripted']);
    expect(set.ik?.chain.movable.length).toBe(5);
    set.keyboard.setMode('ee');
    const driver = new Driver(set.actions, 100, SO101_HOME);
    driver.run(1);
    set.keyboard.keyDown('PageUp');
    const start = set.ik?.forward(SO101_HOME).position[2] ?? 0;
    const end = set.ik?.forward(driver.run(20)[19]).position[2] ?? 0;
    expect(end).toBeGreaterThan(start + 0.015);
  });

  it('falls back to joint-space teleop when the URDF gives no kinematics', () => {
    const set = teleopSetCreate({ joints: SO101_JOINTS, urdf: '<robot name="x"/>' });
    expect(set.ik).toBeNull();
    expect(set.gizmo).toBeNull();
    expect(set.actions.status().available).toEqual(['keyboard', 'gamepad', 'sliders']);
    expect(() => set.keyboard.setMode('ee')).toThrow(/kinematics/);
  });

  it('labels keys in words for the legend', () => {
    const set = teleopSetCreate({ joints: SO101_JOINTS, urdf: robotFileRead(SO101_URDF) });
    const names = SO101_JOINTS.map((j) => j.name);
    expect(set.keyboard.activeBindings().map((b) => `${b.code}: ${keyBindingLabel(b, names)}`).slice(0, 2)).toEqual(['KeyQ: shoulder_pan +', 'KeyA: shoulder_pan −']);
    set.keyboard.setMode('ee');
    expect(keyBindingLabel(set.keyboard.activeBindings()[4], names)).toBe('tool up');
  });
});
