// Virtual Dynamixel X-series servos (XL330-M288 / XL430-W250): Protocol 2.0 status packets, result
// errors (access, data limit, range) and the alert bit, from a control-table memory backed by a joint
// source. Present_Position = Actual + Homing_Offset.

import { readLE, registerDecode } from '../../robot/buses';
import {
  DYNAMIXEL_ALERT_BIT,
  DYNAMIXEL_BROADCAST_ID,
  type DynamixelFrame,
  DynamixelInstruction,
  DynamixelResult,
  dynamixelFastSyncStatus,
  dynamixelStatus,
} from '../../robot/buses';
import { DynamixelParser } from '../../robot/buses';
import { X_BAUD_RATES, X_CONTROL_TABLE, XL330_M288_MODEL_NUMBER } from '../../robot/buses';
import type { VirtualServoSpec } from './feetechResponder';
import type { JointSource } from './jointSource';
import { mergeSlots, type ServoResponder } from './responder';
import { radiansToTicks, ServoMemory, ticksToRadians } from './servoMemory';

const T = X_CONTROL_TABLE;

/** A status packet from `s`, with the alert bit set while it has a hardware error. */
function status(s: DynamixelServo, result: number, data: ArrayLike<number> = []): Uint8Array {
  const alert = s.memory.bytes[T.Hardware_Error_Status.address] ? DYNAMIXEL_ALERT_BIT : 0;
  return dynamixelStatus(s.id, result | alert, data);
}
/** Highest address of the X-series table we model (Present_Temperature). */
const TABLE_END = 147;

export class DynamixelServo {
  readonly memory = new ServoMemory(X_CONTROL_TABLE);
  pending: { address: number; data: Uint8Array } | null = null;

  constructor(
    spec: VirtualServoSpec,
    readonly joint: number,
  ) {
    const m = this.memory;
    m.set('Model_Number', spec.model ?? XL330_M288_MODEL_NUMBER);
    m.set('Firmware_Version', 52);
    m.set('ID', spec.id);
    m.set('Baud_Rate', 3);
    m.set('Return_Delay_Time', 0);
    m.set('Operating_Mode', 3);
    m.set('Protocol_Type', 2);
    m.set('Moving_Threshold', 10);
    m.set('Temperature_Limit', 70);
    m.set('Max_Voltage_Limit', 70);
    m.set('Min_Voltage_Limit', 35);
    m.set('PWM_Limit', 885);
    m.set('Current_Limit', 1750);
    m.set('Velocity_Limit', 445);
    m.set('Max_Position_Limit', 4095);
    m.set('Min_Position_Limit', 0);
    m.set('Shutdown', 52);
    m.set('Status_Return_Level', 2);
    m.set('Position_P_Gain', 400);
    m.set('Present_Input_Voltage', 50);
    m.set('Present_Temperature', 30);
  }

  get id(): number {
    return this.memory.bytes[T.ID.address];
  }

  get baudRate(): number {
    return X_BAUD_RATES[this.memory.bytes[T.Baud_Rate.address]] ?? 0;
  }

  sense(rad: number, velocityRadS: number): void {
    const offset = this.memory.get('Homing_Offset');
    this.memory.set('Present_Position', radiansToTicks(rad) + offset);
    // Velocity units of 0.229 rev/min.
    const v = Math.round((velocityRadS * 60) / (2 * Math.PI) / 0.229);
    this.memory.set('Present_Velocity', v);
    this.memory.set('Moving', Math.abs(v) > this.memory.get('Moving_Threshold') ? 1 : 0);
  }

  goalRadians(): number {
    return ticksToRadians(this.memory.get('Goal_Position') - this.memory.get('Homing_Offset'));
  }
}

export class DynamixelResponder implements ServoResponder<DynamixelFrame> {
  readonly protocol = 'dynamixel' as const;
  readonly servos: DynamixelServo[];
  private lastRad: Float64Array;
  private lastT = performance.now() / 1000;
  private readonly velocity: Float64Array;

  constructor(
    specs: readonly VirtualServoSpec[],
    readonly source: JointSource,
  ) {
    this.servos = specs.map((s) => new DynamixelServo(s, s.joint));
    this.lastRad = Float64Array.from(specs.map((s) => source.readPositions()[s.joint]));
    this.velocity = new Float64Array(specs.length);
  }

  /**
   * Fault injection: set Hardware_Error_Status (bit 0 voltage, 2 overheating, 3 encoder, 4 shock,
   * 5 overload). Every status packet then carries the alert bit, and the servo shuts torque off for the
   * conditions enabled in its Shutdown register, as X-series firmware does.
   */
  injectFault(servoIndex: number, hardwareError: number): void {
    const s = this.servos[servoIndex];
    s.memory.bytes[T.Hardware_Error_Status.address] = hardwareError;
    if (hardwareError & s.memory.get('Shutdown') && s.memory.get('Torque_Enable')) {
      s.memory.set('Torque_Enable', 0);
      this.source.setTorque(false, s.joint);
    }
  }

  makeParser(onFrame: (f: DynamixelFrame) => void) {
    return new DynamixelParser(onFrame);
  }

  returnDelaySeconds(): number {
    return (this.servos[0]?.memory.get('Return_Delay_Time') ?? 0) * 2e-6;
  }

  private senseAll(): void {
    const pos = this.source.readPositions();
    const now = performance.now() / 1000;
    const dt = now - this.lastT;
    this.servos.forEach((s, i) => {
      if (dt > 1e-3) this.velocity[i] = (pos[s.joint] - this.lastRad[i]) / dt;
      s.sense(pos[s.joint], this.velocity[i]);
    });
    if (dt > 1e-3) {
      this.lastRad = Float64Array.from(this.servos.map((s) => pos[s.joint]));
      this.lastT = now;
    }
  }

  private pushTargets(): void {
    const targets = this.source.readPositions().slice();
    for (const s of this.servos) if (s.memory.get('Torque_Enable')) targets[s.joint] = s.goalRadians();
    this.source.setTargets(targets);
  }

  /** Validate then apply a write; returns the status error byte (0 when accepted). */
  private write(s: DynamixelServo, address: number, data: Uint8Array): number {
    if (address + data.length > TABLE_END) return DynamixelResult.DATA_RANGE_ERROR;
    const names = s.memory.touched(address, data.length);
    if (names.some((n) => !T[n].writable)) return DynamixelResult.ACCESS_ERROR;
    const torqueOn = s.memory.get('Torque_Enable') !== 0;
    if (torqueOn && names.some((n) => T[n].area === 'eeprom')) return DynamixelResult.ACCESS_ERROR;
    if (names.includes('Goal_Position')) {
      const scratch = s.memory.bytes.slice(T.Goal_Position.address, T.Goal_Position.address + 4);
      for (let i = 0; i < data.length; i++) {
        const k = address + i - T.Goal_Position.address;
        if (k >= 0 && k < 4) scratch[k] = data[i];
      }
      const goal = registerDecode(T.Goal_Position, readLE(scratch, 0, 4));
      if (s.memory.get('Operating_Mode') === 3 && (goal < s.memory.get('Min_Position_Limit') || goal > s.memory.get('Max_Position_Limit')))
        return DynamixelResult.DATA_LIMIT_ERROR;
    }
    s.memory.bytes.set(data, address);
    const torque = s.memory.get('Torque_Enable');
    if (names.includes('Torque_Enable') && (torque !== 0) !== torqueOn) {
      if (torque) {
        // X series: enabling torque sets Goal_Position to Present_Position, so the arm does not jump.
        this.senseAll();
        s.memory.set('Goal_Position', s.memory.get('Present_Position'));
      }
      this.source.setTorque(torque !== 0, s.joint);
    }
    if (names.includes('Goal_Position') || names.includes('Torque_Enable')) this.pushTargets();
    return 0;
  }

  private read(s: DynamixelServo, address: number, length: number): Uint8Array {
    if (address + length > TABLE_END) return status(s, DynamixelResult.DATA_RANGE_ERROR);
    return status(s, 0, s.memory.bytes.subarray(address, address + length));
  }

  respond(f: DynamixelFrame, lineBaud: number): Uint8Array[] {
    const listening = this.servos.filter((s) => s.baudRate === lineBaud);
    const broadcast = f.id === DYNAMIXEL_BROADCAST_ID;
    const addressed = broadcast ? listening : listening.filter((s) => s.id === f.id);
    const level = (s: DynamixelServo) => s.memory.get('Status_Return_Level');
    const p = f.params;
    const u16 = (at: number) => p[at] | (p[at + 1] << 8);
    switch (f.instruction) {
      case DynamixelInstruction.PING: {
        // A broadcast ping is answered by every servo, lowest ID first.
        const sorted = [...addressed].sort((a, b) => a.id - b.id);
        const ids = [...new Set(sorted.map((s) => s.id))];
        return mergeSlots(
          ids.map((id) =>
            sorted
              .filter((s) => s.id === id)
              .map((s) => status(s, 0, [s.memory.bytes[0], s.memory.bytes[1], s.memory.bytes[T.Firmware_Version.address]])),
          ),
        );
      }
      case DynamixelInstruction.READ: {
        if (broadcast || p.length !== 4) return [];
        this.senseAll();
        return mergeSlots([addressed.filter((s) => level(s) >= 1).map((s) => this.read(s, u16(0), u16(2)))]);
      }
      case DynamixelInstruction.WRITE:
      case DynamixelInstruction.REG_WRITE: {
        if (p.length < 3) return [];
        const address = u16(0);
        const data = p.subarray(2);
        const replies = addressed.map((s) => {
          if (f.instruction === DynamixelInstruction.REG_WRITE) {
            s.pending = { address, data: data.slice() };
            s.memory.set('Registered_Instruction', 1);
            return status(s, 0);
          }
          return status(s, this.write(s, address, data));
        });
        return broadcast ? [] : mergeSlots([replies.filter((_, i) => level(addressed[i]) >= 2)]);
      }
      case DynamixelInstruction.ACTION: {
        const replies = addressed.map((s) => {
          if (!s.pending) return status(s, DynamixelResult.INSTRUCTION_ERROR);
          const err = this.write(s, s.pending.address, s.pending.data);
          s.pending = null;
          s.memory.set('Registered_Instruction', 0);
          return status(s, err);
        });
        return broadcast ? [] : mergeSlots([replies.filter((_, i) => level(addressed[i]) >= 2)]);
      }
      case DynamixelInstruction.REBOOT: {
        for (const s of addressed) if (s.memory.get('Torque_Enable')) this.write(s, T.Torque_Enable.address, Uint8Array.of(0));
        return broadcast ? [] : mergeSlots([addressed.filter((s) => level(s) >= 2).map((s) => status(s, 0))]);
      }
      case DynamixelInstruction.SYNC_READ:
      case DynamixelInstruction.FAST_SYNC_READ: {
        if (p.length < 5) return [];
        const address = u16(0);
        const length = u16(2);
        const ids = Array.from(p.subarray(4));
        this.senseAll();
        if (f.instruction === DynamixelInstruction.SYNC_READ)
          return mergeSlots(ids.map((id) => listening.filter((s) => s.id === id).map((s) => this.read(s, address, length))));
        const entries = ids.flatMap((id) => {
          const s = listening.find((x) => x.id === id);
          return s ? [{ id, error: s.memory.bytes[T.Hardware_Error_Status.address] ? DYNAMIXEL_ALERT_BIT : 0, data: s.memory.bytes.slice(address, address + length) }] : [];
        });
        return entries.length ? [dynamixelFastSyncStatus(entries)] : [];
      }
      case DynamixelInstruction.FAST_BULK_READ: {
        this.senseAll();
        const entries: Array<{ id: number; error: number; data: Uint8Array }> = [];
        for (let at = 0; at + 5 <= p.length; at += 5) {
          const s = listening.find((x) => x.id === p[at]);
          const address = u16(at + 1);
          const length = u16(at + 3);
          if (s && address + length <= TABLE_END)
            entries.push({ id: s.id, error: s.memory.bytes[T.Hardware_Error_Status.address] ? DYNAMIXEL_ALERT_BIT : 0, data: s.memory.bytes.slice(address, address + length) });
        }
        return entries.length ? [dynamixelFastSyncStatus(entries)] : [];
      }
      case DynamixelInstruction.BULK_READ: {
        this.senseAll();
        const slots: Uint8Array[][] = [];
        for (let at = 0; at + 5 <= p.length; at += 5) {
          const id = p[at];
          slots.push(listening.filter((s) => s.id === id).map((s) => this.read(s, u16(at + 1), u16(at + 3))));
        }
        return mergeSlots(slots);
      }
      case DynamixelInstruction.SYNC_WRITE: {
        if (p.length < 4) return [];
        const address = u16(0);
        const length = u16(2);
        for (let at = 4; at + 1 + length <= p.length; at += 1 + length)
          for (const s of listening) if (s.id === p[at]) this.write(s, address, p.subarray(at + 1, at + 1 + length));
        return [];
      }
      case DynamixelInstruction.BULK_WRITE: {
        for (let at = 0; at + 5 <= p.length; ) {
          const id = p[at];
          const address = u16(at + 1);
          const length = u16(at + 3);
          for (const s of listening) if (s.id === id) this.write(s, address, p.subarray(at + 5, at + 5 + length));
          at += 5 + length;
        }
        return [];
      }
      default:
        return broadcast ? [] : mergeSlots([addressed.map((s) => status(s, DynamixelResult.INSTRUCTION_ERROR))]);
    }
  }
}
