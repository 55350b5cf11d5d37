// The robot CLI commands against a simulated SO-101 on a pty: what a user types, what they read back.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPtyPair, type PtyPair, removePtyDir, socatAvailable } from '../../robot/transports';
import { KinematicJointSource, type ServedArm, serveVirtualArmOnSerial } from '../../sim/servo-bus';
import { run as bus } from './bus';
import { run as ports } from './ports';
import { run as robot } from './robot';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return { code: await fn(), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('praxis bus / robot without a port', () => {
  it('lists the STS3215 control table with sign encodings', async () => {
    const { code, out } = await capture(() => bus(['registers', '--json']));
    expect(code).toBe(0);
    expect(JSON.parse(out).Homing_Offset).toMatchObject({ address: 31, size: 2, encoding: { kind: 'signMagnitude', signBit: 11 } });
  });

  it('lists serial ports as JSON with a hint for each', async () => {
    const { code, out } = await capture(() => ports(['--json']));
    expect(code).toBe(0);
    const list = JSON.parse(out) as Array<{ path: string; hint: string }>;
    expect(Array.isArray(list)).toBe(true);
    for (const p of list) expect(p.hint.length).toBeGreaterThan(0);
  });

  it('lists the built-in profiles', async () => {
    const { out } = await capture(() => robot(['profiles']));
    expect(out).toMatch(/so101_follower\s+feetech\s+follower/);
    expect(out).toMatch(/koch_leader\s+dynamixel\s+leader/);
  });

  it('answers a missing port with a usage error, not a crash', async () => {
    expect((await capture(() => robot(['read']))).code).toBe(2);
    expect((await capture(() => bus(['scan']))).code).toBe(2);
  });
});

describe.skipIf(!socatAvailable())('praxis bus / robot against a simulated SO-101 on a pty', () => {
  let pair: PtyPair;
  let arm: ServedArm;

  beforeAll(async () => {
    pair = await openPtyPair();
    arm = await serveVirtualArmOnSerial(pair.a, 'feetech', new KinematicJointSource(6, 5, undefined, [0, 0.5, 0, 0, 0, 0]));
  });

  afterAll(async () => {
    await arm?.close();
    await pair?.close();
    if (pair) removePtyDir(pair);
  });

  it('scans and finds six STS3215 at 1 Mbaud', async () => {
    const { code, out } = await capture(() => bus(['scan', '--port', pair.b, '--baud', '1000000', '--ids', '0-7', '--json']));
    expect(code).toBe(0);
    expect(JSON.parse(out).map((f: { id: number; model: number }) => [f.id, f.model])).toEqual([1, 2, 3, 4, 5, 6].map((id) => [id, 777]));
  });

  it('reads and writes a register by name', async () => {
    expect((await capture(() => bus(['write', '--port', pair.b, '--id', '3', '--register', 'Acceleration', '--value', '40']))).code).toBe(0);
    const { out } = await capture(() => bus(['read', '--port', pair.b, '--id', '3', '--register', 'Acceleration', '--json']));
    expect(JSON.parse(out).value).toBe(40);
  });

  it('prints joint states', async () => {
    const { code, out } = await capture(() => robot(['read', '--port', pair.b, '--ids', '1-6', '--json']));
    expect(code).toBe(0);
    const joints = JSON.parse(out).joints;
    expect(joints.map((j: { joint: string }) => j.joint)).toEqual(['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper']);
    expect(joints[1].radians).toBeCloseTo(0.5, 2);
  });

  it('takes over a LeRobot calibration, repairing its overflowed homing offset, and saves it', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'praxis-cli-cal-'));
    try {
      const names = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];
      const lerobot = Object.fromEntries(names.map((n, i) => [n, { id: i + 1, drive_mode: 0, homing_offset: i === 0 ? -2048 : 10 * i, range_min: 500, range_max: 3500 }]));
      writeFileSync(join(dir, 'lerobot.json'), JSON.stringify(lerobot));
      const { code, out } = await capture(() => robot(['calibrate', '--port', pair.b, '--dir', dir, '--import-lerobot', join(dir, 'lerobot.json')]));
      expect(code).toBe(0);
      expect(out).toMatch(/shoulder_pan: LeRobot's homing offset -2048 overflows/);
      const saved = JSON.parse(readFileSync(join(dir, 'so101_follower.json'), 'utf8'));
      expect(saved.joints.shoulder_pan).toMatchObject({ homingOffset: -2047, zeroTick: 2047, rangeMin: 500 });
      const { out: reg } = await capture(() => bus(['read', '--port', pair.b, '--id', '1', '--register', 'Homing_Offset', '--json']));
      expect(JSON.parse(reg).value).toBe(-2047);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves to positions, clamped to the profile limits, and holds there', async () => {
    const { code, out } = await capture(() => robot(['write', '--port', pair.b, '--positions', '0.2,0.5,0,0,0,9', '--json']));
    expect(code).toBe(0);
    const rows = JSON.parse(out);
    expect(rows[5]).toMatchObject({ joint: 'gripper', clamped: true });
    expect(rows[5].sent).toBeCloseTo(1.74533, 4);
    expect(rows[0].reached).toBeCloseTo(0.2, 2);
  });
});
