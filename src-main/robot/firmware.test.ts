// The reference firmware (resources/firmware): its protocol core runs on the host against the studio's
// decoder, and the whole sketch compiles for an Arduino Uno with Debian's AVR toolchain.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DeviceMessage,
  LineParser,
  lineEncode,
  lineEstop,
  lineHeartbeat,
  lineHelloRequest,
  lineRelease,
  lineTargets,
  lineTorque,
} from './buses/lineProtocol';
import { lineProfileFromHello } from './drivers/lineDriver';
import { RobotLink } from './link';
import { openPtyPair, removePtyDir, socatAvailable } from './transports/ptyPair';
import { openSerialTransport } from './transports/serial';
import { Listeners } from './transports/transport';

const firmware = fileURLToPath(new URL('../../resources/firmware', import.meta.url));
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const haveGcc = has('gcc', ['--version']);
const haveAvr = has('avr-gcc', ['--version']) && existsSync('/usr/share/arduino/Arduino.mk') && has('make', ['--version']);
if (!haveGcc) console.warn('firmware host test skipped: gcc is not installed');
if (!haveAvr) console.warn('firmware AVR build skipped: install gcc-avr avr-libc arduino-core-avr arduino-mk');

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe.skipIf(!haveGcc)('line protocol: the firmware core on the host, decoded by the studio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-fw-'));
  const harness = join(dir, 'line_harness');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runDevice(script: Array<Uint8Array | string>): { messages: DeviceMessage[]; bad: number } {
    execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', harness, join(firmware, 'host/line_harness.c'), join(firmware, 'praxis_arm/praxis_line.c')]);
    const input = script.map((s) => (typeof s === 'string' ? `${s}\n` : text(s))).join('');
    const stdout = execFileSync(harness, { input });
    const messages: DeviceMessage[] = [];
    const parser = new LineParser((m) => messages.push(m));
    parser.push(stdout);
    return { messages, bad: parser.stats.badLines + parser.stats.unknown };
  }

  it('introduces itself with HELLO: protocol v1, joint names and limits', () => {
    const { messages, bad } = runDevice([lineHelloRequest()]);
    expect(bad).toBe(0);
    const hello = messages.filter((m) => m.type === 'hello');
    expect(hello).toHaveLength(2); // at boot and on request
    expect(hello[0]).toMatchObject({ protocol: 'praxis-line', version: 1, robot: 'praxis-demo-arm' });
    if (hello[0].type === 'hello') expect(hello[0].joints.map((j) => [j.name, j.lower, j.upper])).toEqual([
      ['base', -1.57, 1.57],
      ['shoulder', -1.2, 1.2],
      ['elbow', -1.5, 1.5],
      ['gripper', 0, 1],
    ]);
  });

  it('moves toward targets at most at vmax, clamps them to its own limits, and streams state', () => {
    const { messages } = runDevice([lineTorque(true), lineTargets([0.5, 0.1, -0.1, 2]), '#tick 100', lineHeartbeat(1), '#tick 400']);
    expect(messages).toContainEqual({ type: 'ack', command: 'T', value: 1 });
    expect(messages).toContainEqual(expect.objectContaining({ type: 'event', code: 'LIMIT' }));
    const states = messages.filter((m) => m.type === 'state');
    expect(states.length).toBeGreaterThanOrEqual(49); // 100 Hz for 500 ms
    const after100 = states.find((m) => m.type === 'state' && m.deviceMs === 100);
    if (after100?.type !== 'state') throw new Error('no state at 100 ms');
    expect(after100.position[0]).toBeCloseTo(0.2, 3); // 2 rad/s for 0.1 s
    const last = states[states.length - 1];
    if (last.type !== 'state') throw new Error('no state');
    expect(Array.from(last.position)).toEqual([0.5, 0.1, -0.1, 1]); // gripper clamped to 1 rad
    expect(last.torque).toBe(true);
  });

  it('e-stops at once, latches, refuses torque until released', () => {
    const { messages } = runDevice([lineTorque(true), lineEstop(), '#tick 20', lineTorque(true), lineRelease(), lineTorque(true)]);
    const codes = messages.filter((m) => m.type === 'event').map((m) => (m as { code: string }).code);
    expect(codes).toEqual(['ESTOP', 'LATCHED']);
    const state = messages.find((m) => m.type === 'state');
    expect(state?.type === 'state' && state.torque).toBe(false);
    expect(messages.filter((m) => m.type === 'ack').map((m) => (m as { command: string }).command)).toEqual(['T', 'R', 'T']);
  });

  it('stops motion when the host goes quiet for 500 ms (device watchdog)', () => {
    const { messages } = runDevice([lineTorque(true), lineTargets([1.5, 0, 0, 0]), '#tick 700']);
    const wd = messages.findIndex((m) => m.type === 'event' && m.code === 'WATCHDOG');
    expect(wd).toBeGreaterThan(0);
    const after = messages.slice(wd + 1).filter((m) => m.type === 'state') as Array<{ position: Float64Array }>;
    // Held where it stood at 500 ms (≈1.0 rad), short of the 1.5 rad target.
    expect(after[0].position[0]).toBeCloseTo(1.0, 1);
    expect(after[after.length - 1].position[0]).toBe(after[0].position[0]);
  });

  it('ignores lines with a bad checksum and garbage, and answers the next good one', () => {
    const { messages } = runDevice(['T 1*00', 'zz\u0001\u0002', `noise${text(lineTorque(true))}`, lineEncode('H 42')]);
    // 'noise' glued to the front corrupts that line for the device (it checks whole lines only).
    expect(messages.filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', command: 'H', value: 42 }]);
  });
});

describe.skipIf(!haveAvr)('reference sketch', () => {
  it('compiles for an Arduino Uno with arduino-mk and fits its flash and RAM', () => {
    const out = mkdtempSync(join(tmpdir(), 'praxis-avr-'));
    try {
      const log = execFileSync('make', ['-s', `OBJDIR=${out}`], { cwd: join(firmware, 'praxis_arm'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const hex = join(out, 'praxis_arm_.hex');
      expect(existsSync(hex)).toBe(true);
      expect(readFileSync(hex, 'utf8').startsWith(':')).toBe(true);
      const program = Number(/Program:\s+(\d+) bytes/.exec(log)?.[1]);
      const data = Number(/Data:\s+(\d+) bytes/.exec(log)?.[1]);
      expect(program).toBeLessThan(32_256); // Uno flash minus the bootloader
      expect(data).toBeLessThan(1_500); // leave room for the stack in 2 KB of RAM
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});

describe.skipIf(!haveGcc || !socatAvailable())('RobotLink driving the firmware core over a real pty (line protocol)', () => {
  it('connects via HELLO, reads, moves within the board limits, keeps its watchdog fed, and e-stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-fw-dev-'));
    const device = join(dir, 'line_device');
    execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', device, join(firmware, 'host/line_device.c'), join(firmware, 'praxis_arm/praxis_line.c')]);
    const pair = await openPtyPair();
    const board = spawn(device, [pair.a], { stdio: 'ignore' });
    const profile = lineProfileFromHello({
      robot: 'praxis-demo-arm',
      joints: [
        { name: 'base', lower: -1.57, upper: 1.57, maxVelocity: 2 },
        { name: 'shoulder', lower: -1.2, upper: 1.2, maxVelocity: 2 },
        { name: 'elbow', lower: -1.5, upper: 1.5, maxVelocity: 2 },
        { name: 'gripper', lower: 0, upper: 1, maxVelocity: 3 },
      ],
    });
    // Count the heartbeats the driver writes: the board's watchdog is a span of time, and heartbeats
    // are how the test knows that span has passed, however slowly a loaded machine runs.
    const heartbeats = new Listeners<[number]>();
    let beats = 0;
    const open = async () => {
      const transport = await openSerialTransport({ path: pair.b, baudRate: 115_200 });
      const write = transport.write.bind(transport);
      transport.write = (bytes) => {
        if (bytes[0] === 0x48 /* 'H' */) heartbeats.emit(++beats);
        return write(bytes);
      };
      return transport;
    };
    const nextHeartbeat = () =>
      new Promise<void>((done) => {
        const off = heartbeats.add(() => {
          off();
          done();
        });
      });
    const link = new RobotLink({ profile, open, watchdogMs: 0, reconnectMs: 0 });
    const errors: string[] = [];
    link.onError((e) => errors.push(e.code));
    try {
      await link.connect();
      const s = await link.readJointState();
      expect(Array.from(s.position)).toEqual([0, 0.1, -0.1, 0.5]);
      await link.torque(true);
      // Each send is paced by the link's speed cap and each read by the board's stream: the loop ends
      // when the board reports the goal, not after a number of naps.
      const goal = Float64Array.of(0.4, 0.1, -0.1, 0.5);
      while (Math.abs((await link.readJointState()).position[0] - 0.4) >= 0.002) {
        await link.sendTargets(goal);
        await nextHeartbeat();
      }
      expect((await link.readJointState()).position[0]).toBeCloseTo(0.4, 2);
      // Idle with torque on for longer than the board's 500 ms watchdog: six heartbeats at 150 ms
      // apart span 750 ms at least; they keep it content.
      const idleFrom = beats;
      await new Promise<void>((done) => {
        const off = heartbeats.add((n) => {
          if (n - idleFrom < 6) return;
          off();
          done();
        });
      });
      expect(errors).not.toContain('WATCHDOG');
      await link.estop();
      expect(errors).toContain('ESTOP');
      expect(link.torqueEnabled).toBe(false);
    } finally {
      await link.disconnect();
      board.kill();
      await pair.close();
      removePtyDir(pair);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
