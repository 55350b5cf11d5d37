// Virtual Feetech STS3215 servos: answer packets as the chip does, from a control-table memory backed
// by a joint source. Present_Position = (Actual − Homing_Offset) mod 4096, with the offset's sign in bit 11.

import { readLE, registerDecode } from '../../robot/buses';
import { FEETECH_BROADCAST_ID, type FeetechFrame, FeetechInstruction, feetechStatus } from '../../robot/buses';
import { FeetechParser } from '../../robot/buses';
import { STS_BAUD_RATES, STS_CONTROL_TABLE, STS3215_MODEL_NUMBER } from '../../robot/buses';
import type { JointSource } from './jointSource';
import { type ServoResponder, mergeSlots } from './responder';
import { radiansToTicks, ServoMemory, ticksToRadians } from './servoMemory';

export interface VirtualServoSpec {
  id: number;
  /** Joint index in the joint source. */
  joint: number;
  model?: number;
}

const T = STS_CONTROL_TABLE;
const TICKS = 4096;

export class FeetechServo {
  readonly memory = new ServoMemory(STS_CONTROL_TABLE);
  pending: { address: number; data: Uint8Array } | null = null;
  /** Status error bits this servo reports (0x01 voltage, 0x02 angle, 0x04 heat, 0x08 current, 0x20 overload). */
  errorBits = 0;

  constructor(
    spec: VirtualServoSpec,
    readonly joint: number,
  ) {
    const m = this.memory;
    m.set('Firmware_Major_Version', 3);
    m.set('Firmware_Minor_Version', 10);
    m.set('Model_Number', spec.model ?? STS3215_MODEL_NUMBER);
    m.set('ID', spec.id);
    m.set('Baud_Rate', 0);
    m.set('Return_Delay_Time', 0);
    m.set('Response_Status_Level', 1);
    m.set('Min_Position_Limit', 0);
    m.set('Max_Position_Limit', 4095);
    m.set('Max_Temperature_Limit', 70);
    m.set('Max_Voltage_Limit', 140);
    m.set('Min_Voltage_Limit', 40);
    m.set('Max_Torque_Limit', 1000);
    m.set('P_Coefficient', 32);
    m.set('D_Coefficient', 32);
    m.set('Protection_Current', 500);
    m.set('Angular_Resolution', 1);
    m.set('Torque_Limit', 1000);
    m.set('Lock', 1);
    m.set('Present_Voltage', 74);
    m.set('Present_Temperature', 31);
  }

  get id(): number {
    return this.memory.bytes[T.ID.address];
  }

  get baudRate(): number {
    return STS_BAUD_RATES[this.memory.bytes[T.Baud_Rate.address]] ?? 0;
  }

  homingOffset(): number {
    return registerDecode(T.Homing_Offset, readLE(this.memory.bytes, T.Homing_Offset.address, 2));
  }

  /** Refresh the read-only registers from the joint. */
  sense(rad: number, velocityRadS: number): void {
    const actual = (((radiansToTicks(rad, TICKS) % TICKS) + TICKS) % TICKS) as number;
    const present = (((actual - this.homingOffset()) % TICKS) + TICKS) % TICKS;
    const m = this.memory;
    m.set('Present_Position', present);
    const speed = Math.max(-32767, Math.min(32767, Math.round((velocityRadS * TICKS) / (2 * Math.PI))));
    m.set('Present_Velocity', speed);
    m.set('Moving', Math.abs(speed) > 2 ? 1 : 0);
  }

  /** The joint angle a goal register value asks for, after the servo's own limit clamp. */
  goalRadians(): number {
    const goal = registerDecode(T.Goal_Position, readLE(this.memory.bytes, T.Goal_Position.address, 2));
    const lo = this.memory.get('Min_Position_Limit');
    const hi = this.memory.get('Max_Position_Limit');
    // Both limits 0 is multi-turn mode on STS; otherwise the chip clamps goals into [min, max].
    const clamped = lo === 0 && hi === 0 ? goal : Math.max(lo, Math.min(hi, goal));
    const actual = (((clamped + this.homingOffset()) % TICKS) + TICKS) % TICKS;
    return ticksToRadians(actual, TICKS);
  }
}

export class FeetechResponder implements ServoResponder<FeetechFrame> {
  readonly protocol = 'feetech' as const;
  readonly servos: FeetechServo[];
  private readonly lastRad: Float64Array;
  private lastT = performance.now() / 1000;
  private readonly velocity: Float64Array;

  constructor(
    specs: readonly VirtualServoSpec[],
    readonly source: JointSource,
  ) {
    this.servos = specs.map((s) => new FeetechServo(s, s.joint));
    this.lastRad = Float64Array.from(specs.map((s) => source.readPositions()[s.joint]));
    this.velocity = new Float64Array(specs.length);
  }

  /**
   * Fault injection for tests and demos: the servo reports `bits` in every status packet, and on
   * overload or overheating it unloads (torque off), as the STS protection does.
   */
  injectFault(servoIndex: number, bits: number): void {
    const s = this.servos[servoIndex];
    s.errorBits = bits;
    if (bits & 0x24 && s.memory.get('Torque_Enable')) {
      s.memory.set('Torque_Enable', 0);
      this.source.setTorque(false, s.joint);
    }
  }

  makeParser(onFrame: (f: FeetechFrame) => void) {
    return new FeetechParser(onFrame);
  }

  returnDelaySeconds(): number {
    return (this.servos[0]?.memory.get('Return_Delay_Time') ?? 0) * 2e-6;
  }

  private senseAll(): void {
    const pos = this.source.readPositions();
    const now = performance.now() / 1000;
    const dt = now - this.lastT;
    this.servos.forEach((s, i) => {
      const rad = pos[s.joint];
      if (dt > 1e-3) this.velocity[i] = (rad - this.lastRad[i]) / dt;
      s.sense(rad, this.velocity[i]);
      if (dt > 1e-3) this.lastRad[i] = rad;
    });
    if (dt > 1e-3) this.lastT = now;
  }

  private pushTargets(): void {
    const pos = this.source.readPositions();
    const targets = pos.slice();
    for (const s of this.servos) if (s.memory.get('Torque_Enable')) targets[s.joint] = s.goalRadians();
    this.source.setTargets(targets);
  }

  /** Apply a write to memory as the chip does: read-only bytes stay, side effects follow. */
  private applyWrite(s: FeetechServo, address: number, data: Uint8Array): void {
    const torqueBefore = s.memory.get('Torque_Enable');
    for (let i = 0; i < data.length; i++) {
      const a = address + i;
      if (a > 255) break;
      const names = s.memory.touched(a, 1);
      if (names.length && names.every((n) => !T[n].writable)) continue;
      s.memory.bytes[a] = data[i];
    }
    const touched = s.memory.touched(address, data.length);
    const torque = s.memory.get('Torque_Enable');
    if (touched.includes('Torque_Enable') && torque !== torqueBefore) {
      if (torque) {
        // Hold where it stands: the goal becomes the present position.
        this.senseAll();
        s.memory.set('Goal_Position', s.memory.get('Present_Position'));
      }
      this.source.setTorque(torque !== 0, s.joint);
    }
    if (touched.some((n) => n === 'Goal_Position' || n === 'Torque_Enable' || n === 'Homing_Offset' || n.endsWith('Position_Limit')))
      this.pushTargets();
  }

  respond(f: FeetechFrame, lineBaud: number): Uint8Array[] {
    const listening = this.servos.filter((s) => s.baudRate === lineBaud);
    const addressed = f.id === FEETECH_BROADCAST_ID ? listening : listening.filter((s) => s.id === f.id);
    const acks = (s: FeetechServo) => s.memory.get('Response_Status_Level') >= 1;
    const status = (s: FeetechServo, params: ArrayLike<number> = []) => feetechStatus(s.id, s.errorBits, params);
    switch (f.code) {
      case FeetechInstruction.PING: {
        // A broadcast ping is answered by every servo in turn, lowest ID first (LeRobot's scan relies on
        // it); servos sharing an ID still answer in the same slot and collide.
        const ids = [...new Set(addressed.map((s) => s.id))].sort((a, b) => a - b);
        return mergeSlots(ids.map((id) => addressed.filter((s) => s.id === id).map((s) => status(s))));
      }
      case FeetechInstruction.READ: {
        if (f.params.length !== 2 || f.id === FEETECH_BROADCAST_ID) return [];
        const [address, length] = f.params;
        this.senseAll();
        return mergeSlots([addressed.map((s) => status(s, s.memory.bytes.subarray(address, Math.min(256, address + length))))]);
      }
      case FeetechInstruction.WRITE:
      case FeetechInstruction.REG_WRITE: {
        if (f.params.length < 2) return [];
        const address = f.params[0];
        const data = f.params.subarray(1);
        for (const s of addressed) {
          if (f.code === FeetechInstruction.WRITE) this.applyWrite(s, address, data);
          else s.pending = { address, data: data.slice() };
        }
        return f.id === FEETECH_BROADCAST_ID ? [] : mergeSlots([addressed.filter(acks).map((s) => status(s))]);
      }
      case FeetechInstruction.ACTION:
        for (const s of addressed) {
          if (s.pending) this.applyWrite(s, s.pending.address, s.pending.data);
          s.pending = null;
        }
        return f.id === FEETECH_BROADCAST_ID ? [] : mergeSlots([addressed.filter(acks).map((s) => status(s))]);
      case FeetechInstruction.SYNC_READ: {
        if (f.params.length < 3) return [];
        const [address, length] = f.params;
        const ids = f.params.subarray(2);
        this.senseAll();
        // Servos answer one after another, in the order the request lists them.
        return mergeSlots(
          Array.from(ids, (id) =>
            listening.filter((s) => s.id === id).map((s) => status(s, s.memory.bytes.subarray(address, Math.min(256, address + length)))),
          ),
        );
      }
      case FeetechInstruction.SYNC_WRITE: {
        if (f.params.length < 2) return [];
        const [address, length] = f.params;
        for (let at = 2; at + 1 + length <= f.params.length; at += length + 1) {
          const id = f.params[at];
          for (const s of listening) if (s.id === id) this.applyWrite(s, address, f.params.subarray(at + 1, at + 1 + length));
        }
        return [];
      }
      default:
        return [];
    }
  }
}
