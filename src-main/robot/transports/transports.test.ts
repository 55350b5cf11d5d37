import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { armServoSpecs, FeetechResponder, KinematicJointSource, VirtualServoBus } from '../../sim/servo-bus';
import { FeetechBus } from '../buses/feetechBus';
import { portHolders, portOpenError } from './openErrors';
import { portHint } from './ports';
import { openPtyPair, removePtyDir, socatAvailable } from './ptyPair';
import { openSerialTransport } from './serial';
import { openTcpTransport } from './tcp';
import { Listeners, type Transport } from './transport';

describe('port hints', () => {
  it('names the usual robot adapters from their USB ids', () => {
    expect(portHint('1a86', '55d3')).toMatch(/CH343 — Feetech\/Waveshare/);
    expect(portHint('1A86', '7523')).toMatch(/CH340/);
    expect(portHint('0403', '6014')).toMatch(/U2D2 \(Dynamixel\)/);
    expect(portHint('2341', '0043')).toMatch(/Arduino/);
    expect(portHint(undefined, undefined)).toMatch(/no USB identity/);
  });
});

describe('open errors say what to do', () => {
  it('explains EACCES on Linux with the dialout group', () => {
    const e = portOpenError('/dev/ttyACM0', Object.assign(new Error('Error: Permission denied, cannot open /dev/ttyACM0'), { code: 'EACCES' }));
    expect(e.code).toBe('PORT_PERMISSION');
    if (process.platform === 'linux') expect(e.hint).toMatch(/usermod -aG dialout/);
  });

  it('reads Windows "Access denied" as a port held by another program', () => {
    const e = portOpenError('COM3', new Error('Opening COM3: Access denied'), 'win32');
    expect(e.code).toBe('PORT_BUSY');
    expect(portOpenError('/dev/ttyUSB0', new Error('Error: Resource busy, cannot open /dev/ttyUSB0'), 'darwin').code).toBe('PORT_BUSY');
    expect(portOpenError('/dev/ttyACM0', new Error('Error: No such file or directory, cannot open /dev/ttyACM0'), 'linux').code).toBe('PORT_NOT_FOUND');
  });

  it('reports a missing port as PORT_NOT_FOUND from the real serialport path', async () => {
    await expect(openSerialTransport({ path: '/dev/does-not-exist-praxis', baudRate: 115200 })).rejects.toMatchObject({ code: 'PORT_NOT_FOUND' });
  });

  it.skipIf(!socatAvailable() || process.platform !== 'linux')('names the program holding a busy port', async () => {
    const pair = await openPtyPair();
    // The holder says when it has the port open, then becomes `sleep` in place (exec keeps its pid);
    // the test waits for that line, not for a while.
    const holder = spawn('sh', ['-c', `exec 3<>${pair.a}; echo holding; exec sleep 30`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((holding, failed) => {
        holder.stdout.once('data', () => holding());
        holder.once('exit', (code) => failed(new Error(`the holder exited (${code}) before opening ${pair.a}`)));
      });
      const holderName = new RegExp(`\\(pid ${holder.pid}\\)`);
      expect(portHolders(pair.a).join()).toMatch(holderName);
      const e = portOpenError(pair.a, Object.assign(new Error('Error Resource temporarily unavailable Cannot lock port'), { code: 'EBUSY' }));
      expect(e.code).toBe('PORT_BUSY');
      expect(e.message).toMatch(holderName);
    } finally {
      holder.kill();
      await pair.close();
      removePtyDir(pair);
    }
  });
});

describe('TCP transport (ser2net / Wi-Fi bridge)', () => {
  it('drives virtual servos through a raw TCP bridge', async () => {
    const source = new KinematicJointSource(6, 1, undefined, [0, 0.1, 0, 0, 0, 0]);
    const responder = new FeetechResponder(armServoSpecs(6), source);
    // The bridge: each TCP client gets the servo bus, as ser2net in raw mode gives it the UART.
    const server = createServer((socket: Socket) => {
      const data = new Listeners<[Uint8Array]>();
      const closed = new Listeners<[undefined]>();
      socket.on('data', (b) => data.emit(new Uint8Array(b)));
      socket.on('close', () => closed.emit(undefined));
      const side: Transport = {
        description: 'bridge',
        baudRate: 1_000_000,
        isOpen: true,
        write: async (b) => {
          socket.write(b);
        },
        onData: (l) => data.add(l),
        onClose: (l) => closed.add(l),
        setBaudRate: async () => {},
        close: async () => {
          socket.destroy();
        },
      };
      new VirtualServoBus(side, responder);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const bus = new FeetechBus(await openTcpTransport({ host: '127.0.0.1', port, baudRate: 1_000_000 }), { timeoutMs: 50 });
    expect((await bus.ping(4)).modelName).toBe('STS3215');
    expect(await bus.read(2, 'Present_Position')).toBe(2113);
    await bus.close();
    await new Promise((r) => server.close(r));
    await expect(openTcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 500 })).rejects.toMatchObject({ code: 'PORT_NOT_FOUND' });
  });
});
