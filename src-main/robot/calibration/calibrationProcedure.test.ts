import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PraxisErrorData } from '../../api';
import { armServoSpecs, DynamixelResponder, FeetechResponder, KinematicJointSource, VirtualServoBus } from '../../sim/servo-bus';
import { createServoBus } from '../buses/createBus';
import { RobotLink } from '../link';
import { BUILTIN_PROFILES } from '../profiles';
import { memoryCable } from '../transports/memory';
import { CalibrationProcedure } from './calibrationProcedure';
import { calibrationLoad, calibrationSave } from './calibrationStore';
import { restoreCalibration } from './calibrationCheck';

function rig(protocol: 'feetech' | 'dynamixel', initial: number[]) {
  const source = new KinematicJointSource(6, 3, undefined, initial);
  const specs = protocol === 'dynamixel' ? armServoSpecs(6).map((s) => ({ ...s, model: s.id <= 2 ? 1060 : 1200 })) : armServoSpecs(6);
  const responder = protocol === 'dynamixel' ? new DynamixelResponder(specs, source) : new FeetechResponder(specs, source);
  const open = async () => {
    const cable = memoryCable(1_000_000);
    new VirtualServoBus(cable.device, responder as never);
    return cable.host;
  };
  return { source, responder, open };
}

/** The user: pose the centre, then swing each joint ±`amp` rad around it, sampling as they go. */
async function calibrate(proc: CalibrationProcedure, source: KinematicJointSource, centre: number[], amp = 0.8) {
  await proc.begin();
  for (let j = 0; j < 6; j++) source.moveByHand(j, centre[j]);
  await proc.captureCentre();
  for (let j = 0; j < 6; j++) {
    for (const d of [-amp, -amp / 2, 0, amp / 2, amp, 0]) {
      source.moveByHand(j, centre[j] + d);
      await proc.sampleSweep();
    }
  }
  return proc.finish();
}

describe('calibration procedure', () => {
  it('centres every joint, records its range, and the link then reads 0 rad at the centre pose', async () => {
    const { source, open } = rig('feetech', [0.3, -0.2, 0.5, 0.1, -1, 0.4]);
    const bus = createServoBus('feetech', await open(), { timeoutMs: 50 });
    const proc = new CalibrationProcedure(bus, BUILTIN_PROFILES.so101_follower, 'left_arm');
    const steps: string[] = [];
    proc.onStep((s) => steps.push(s));
    const centre = [0.3, -0.2, 0.5, 0.1, -1, 0.4];
    const cal = await calibrate(proc, source, centre);
    expect(steps).toEqual(['centre', 'sweep', 'done']);
    expect(cal.joints.shoulder_pan.zeroTick).toBe(2048);
    const span = cal.joints.elbow_flex.rangeMax - cal.joints.elbow_flex.rangeMin;
    expect(span).toBeGreaterThan(1000); // ±0.8 rad ≈ ±521 ticks
    await bus.close();

    for (let j = 0; j < 6; j++) source.moveByHand(j, centre[j]);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open, calibration: cal, watchdogMs: 0 });
    await link.connect();
    expect(link.calibrationCheck?.matches).toBe(true);
    const s = await link.readJointState();
    for (const x of s.position) expect(Math.abs(x)).toBeLessThan(0.002);
    source.moveByHand(2, 0.5 + 0.25);
    expect((await link.readJointState()).position[2]).toBeCloseTo(0.25, 2);
    await link.disconnect();
  });

  it('calibrates a joint posed at raw tick 0 without overflowing the Feetech homing offset (LeRobot bug)', async () => {
    // −π rad is raw tick 0: centring it would need an offset of −2048, one past what bit 11 can hold.
    const centre = [-Math.PI, 0, 0, 0, 0, 0];
    const { source, open } = rig('feetech', centre);
    const bus = createServoBus('feetech', await open(), { timeoutMs: 50 });
    const cal = await calibrate(new CalibrationProcedure(bus, BUILTIN_PROFILES.so101_follower, 'edge'), source, centre, 0.5);
    expect(cal.joints.shoulder_pan.homingOffset).toBe(-2047);
    expect(cal.joints.shoulder_pan.zeroTick).toBe(2047);
    expect(await bus.read(1, 'Homing_Offset')).toBe(-2047);
    // The pose reads mid-turn, not 180° away as an overflowed "−0" offset would make it.
    source.moveByHand(0, -Math.PI);
    expect(await bus.read(1, 'Present_Position')).toBe(2047);
    await bus.close();
  });

  it('calibrates a Koch arm over Dynamixel', async () => {
    const centre = [0.2, 0.1, -0.3, 0, 0.5, 0.2];
    const { source, open } = rig('dynamixel', centre);
    const bus = createServoBus('dynamixel', await open(), { timeoutMs: 50 });
    const cal = await calibrate(new CalibrationProcedure(bus, BUILTIN_PROFILES.koch_follower, 'koch'), source, centre);
    expect(Object.values(cal.joints).every((j) => j.zeroTick === 2048)).toBe(true);
    expect(cal.joints.shoulder_pan.homingOffset).toBe(2048 - Math.round(2048 + (0.2 * 4096) / (2 * Math.PI)));
    await bus.close();
  });

  it('refuses to finish when a joint was never moved', async () => {
    const { source, open } = rig('feetech', [0, 0, 0, 0, 0, 0]);
    const bus = createServoBus('feetech', await open(), { timeoutMs: 50 });
    const proc = new CalibrationProcedure(bus, BUILTIN_PROFILES.so101_follower, 'lazy');
    await proc.begin();
    await proc.captureCentre();
    source.moveByHand(0, 0.5);
    await proc.sampleSweep();
    await expect(proc.finish()).rejects.toThrow(/shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper/);
    await bus.close();
  });

  it('saves per robot, detects a mismatch on connect, and restores the saved calibration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-cal-'));
    try {
      const centre = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
      const { source, open } = rig('feetech', centre);
      const bus = createServoBus('feetech', await open(), { timeoutMs: 50 });
      const cal = await calibrate(new CalibrationProcedure(bus, BUILTIN_PROFILES.so101_follower, 'bench_arm'), source, centre);
      await calibrationSave(dir, cal);
      expect(await calibrationLoad(dir, 'bench_arm')).toEqual(cal);
      expect(await calibrationLoad(dir, 'never_seen')).toBeNull();

      // Someone recalibrates servo 3 with another tool.
      await bus.write(3, 'Lock', 0);
      await bus.write(3, 'Homing_Offset', 100);
      const errors: PraxisErrorData[] = [];
      const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open, calibration: cal, watchdogMs: 0 });
      link.onError((e) => errors.push(e));
      await link.connect();
      expect(errors.map((e) => e.code)).toEqual(['CALIBRATION_MISMATCH']);
      expect(link.calibrationCheck?.differences).toEqual([{ joint: 'elbow_flex', register: 'Homing_Offset', saved: cal.joints.elbow_flex.homingOffset, actual: 100 }]);
      await link.disconnect();

      const relinked = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open, calibration: cal, watchdogMs: 0 });
      await relinked.connect();
      expect((await relinked.restoreCalibration()).matches).toBe(true);
      await relinked.disconnect();
      await bus.write(3, 'Lock', 0);
      await bus.write(3, 'Homing_Offset', 100);
      await restoreCalibration(bus, BUILTIN_PROFILES.so101_follower, cal);
      const again = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open, calibration: cal, watchdogMs: 0 });
      await again.connect();
      expect(again.calibrationCheck?.matches).toBe(true);
      await again.disconnect();
      await bus.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
