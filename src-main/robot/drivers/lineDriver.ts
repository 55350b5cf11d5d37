// JointDriver over the Praxis line protocol: a board on its own firmware that streams its joint state.
// The driver keeps the device's watchdog fed (heartbeats while the host is only reading), checks the
// HELLO against the profile, and turns the device's own events into coded errors.

import { ErrorCodes, PraxisError, type PraxisErrorData } from '../../api';
import {
  type DeviceMessage,
  LINE_PROTOCOL_NAME,
  LINE_PROTOCOL_VERSION,
  type LineJoint,
  LineParser,
  lineEstop,
  lineHeartbeat,
  lineHelloRequest,
  lineTargets,
  lineTorque,
} from '../buses/lineProtocol';
import type { ServoAlert } from '../buses/servoBus';
import type { RobotProfile } from '../profiles/profile';
import { Listeners, type Transport } from '../transports/transport';
import type { JointDriver } from './jointDriver';

export interface LineDriverOptions {
  /** How long to wait for HELLO; boards that reset when the port opens need ~2 s to boot. */
  helloTimeoutMs?: number;
  /** A state older than this means the device stopped streaming. */
  staleMs?: number;
  heartbeatMs?: number;
}

export class LineDriver implements JointDriver {
  private readonly parser: LineParser;
  private readonly messages = new Listeners<[DeviceMessage]>();
  private readonly deviceErrors = new Listeners<[PraxisErrorData]>();
  private readonly alerts = new Listeners<[ServoAlert]>();
  private readonly unsub: () => void;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private beat = 0;
  private position: Float64Array;
  private velocity: Float64Array;
  private torque = false;
  private stateAt = 0;
  private lastDeviceMs = -1;
  joints: LineJoint[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly profile: RobotProfile,
    private readonly opts: LineDriverOptions = {},
  ) {
    const n = profile.joints.length;
    this.position = new Float64Array(n);
    this.velocity = new Float64Array(n);
    this.parser = new LineParser((m) => this.onMessage(m));
    this.unsub = transport.onData((b) => this.parser.push(b));
  }

  private onMessage(m: DeviceMessage): void {
    if (m.type === 'state' && m.position.length === this.position.length) {
      const dt = this.lastDeviceMs >= 0 ? (m.deviceMs - this.lastDeviceMs) / 1000 : 0;
      for (let i = 0; i < m.position.length; i++) {
        if (dt > 0) this.velocity[i] = (m.position[i] - this.position[i]) / dt;
        this.position[i] = m.position[i];
      }
      this.lastDeviceMs = m.deviceMs;
      this.torque = m.torque;
      this.stateAt = performance.now();
    } else if (m.type === 'event') {
      if (m.code === 'WATCHDOG')
        this.deviceErrors.emit({ code: ErrorCodes.WATCHDOG, message: `The robot stopped itself: ${m.text}.`, hint: 'The host stopped talking to the board; check the cable and the control loop.' });
      else if (m.code === 'ESTOP') this.deviceErrors.emit({ code: ErrorCodes.ESTOP, message: `The robot reports an e-stop (${m.text}).`, hint: 'Release it, then enable torque again.' });
      else this.alerts.emit({ id: 0, bits: 0, text: `${m.code} ${m.text}`.trim() });
    }
    this.messages.emit(m);
  }

  private waitFor<T extends DeviceMessage>(pick: (m: DeviceMessage) => T | null, timeoutMs: number, resend?: () => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const again = resend ? setInterval(resend, 500) : null;
      const done = () => {
        clearTimeout(timer);
        if (again) clearInterval(again);
        off();
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new PraxisError(ErrorCodes.NO_STATUS_PACKET, `No answer from the board on ${this.transport.description}.`, 'Check that it runs Praxis line-protocol firmware (resources/firmware) and that the baud rate matches its Serial.begin().'),
        );
      }, timeoutMs);
      const off = this.messages.add((m) => {
        const hit = pick(m);
        if (hit) {
          done();
          resolve(hit);
        }
      });
    });
  }

  async verify(): Promise<void> {
    const send = () => void this.transport.write(lineHelloRequest()).catch(() => {});
    send();
    const hello = await this.waitFor((m) => (m.type === 'hello' ? m : null), this.opts.helloTimeoutMs ?? 3000, send);
    if (hello.protocol !== LINE_PROTOCOL_NAME || hello.version !== LINE_PROTOCOL_VERSION)
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `The board speaks ${hello.protocol} v${hello.version}; this studio speaks ${LINE_PROTOCOL_NAME} v${LINE_PROTOCOL_VERSION}.`,
        'Flash the firmware from this version of Praxis (resources/firmware), or update Praxis.',
      );
    const want = this.profile.joints.map((j) => j.name);
    const got = hello.joints.map((j) => j.name);
    if (want.join() !== got.join())
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The board's joints (${got.join(', ')}) differ from profile ${this.profile.id} (${want.join(', ')}).`, 'Use a profile made from this board (`lineProfileFromHello`), or fix the JOINTS table in the sketch.');
    this.joints = hello.joints;
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.transport.write(lineHeartbeat(++this.beat)).catch(() => {}), this.opts.heartbeatMs ?? 150);
    }
    await this.waitFor((m) => (m.type === 'state' ? m : null), 1000);
  }

  async readState(position: Float64Array, velocity: Float64Array): Promise<void> {
    if (performance.now() - this.stateAt > (this.opts.staleMs ?? 500))
      throw new PraxisError(ErrorCodes.NO_STATUS_PACKET, 'The board stopped streaming joint state.', 'Check its power and the cable; a board that reset sends HELLO again.');
    position.set(this.position);
    velocity.set(this.velocity);
  }

  writeTargets(targets: Float64Array): Promise<void> {
    return this.transport.write(lineTargets(targets));
  }

  async setTorque(on: boolean): Promise<void> {
    const reply = this.waitFor((m) => (m.type === 'ack' && m.command === 'T' ? m : m.type === 'event' && m.code === 'LATCHED' ? m : null), 1000);
    await this.transport.write(lineTorque(on));
    const r = await reply;
    if (r.type === 'event') throw new PraxisError(ErrorCodes.ESTOP, 'The board refused torque: its e-stop is latched.', 'Release the e-stop on the board, then enable torque.');
    this.torque = on;
  }

  async readTorque(): Promise<boolean> {
    return this.torque;
  }

  holdPresent(): Promise<void> {
    return this.transport.write(lineTargets(this.position));
  }

  async estop(): Promise<void> {
    await this.transport.write(lineEstop());
    this.torque = false;
  }

  onAlert(l: (a: ServoAlert) => void): () => void {
    return this.alerts.add(l);
  }

  onDeviceError(l: (e: PraxisErrorData) => void): () => void {
    return this.deviceErrors.add(l);
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.unsub();
    await this.transport.close();
  }
}

/** A profile built from a board's HELLO, for robots that describe themselves. */
export function lineProfileFromHello(hello: { robot: string; joints: LineJoint[] }, baudRate = 115_200): RobotProfile {
  return {
    id: `line:${hello.robot}`,
    displayName: hello.robot,
    protocol: 'line',
    baudRate,
    role: 'follower',
    urdf: '',
    joints: hello.joints.map((j, i) => ({
      name: j.name,
      servoId: i + 1,
      model: 'custom',
      lower: j.lower,
      upper: j.upper,
      maxVelocity: j.maxVelocity,
      direction: 1,
    })),
  };
}
