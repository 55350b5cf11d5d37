// Calibration as a service with steps, for a wizard to drive (the UI owns the words and pictures):
//   begin()          torque off, EEPROM unlocked, offsets cleared and limits opened, so readings are raw
//   captureCentre()  the user has posed every joint mid-range: write homing offsets that make it read mid-turn
//   sampleSweep()    called repeatedly while the user moves each joint end to end: tracks min and max
//   finish()         check every joint moved, write position limits, read everything back, lock EEPROM
// It never writes a homing offset that overflows its register (see buses/homing.ts).

import { ErrorCodes, PraxisError } from '../../api';
import { homingForCentre } from '../buses/homing';
import type { ServoBus } from '../buses/servoBus';
import type { RobotProfile } from '../profiles/profile';
import type { JointCalibration, RobotCalibration } from './calibrationData';

export type CalibrationStep = 'idle' | 'centre' | 'sweep' | 'done';

export interface SweepProgress {
  joints: Array<{ name: string; present: number; min: number; max: number; span: number }>;
}

/** A joint must travel at least this far during the sweep (≈ 9°), or it was probably not moved. */
export const MIN_SWEEP_TICKS = 100;

export class CalibrationProcedure {
  private stepNow: CalibrationStep = 'idle';
  private readonly ids: number[];
  private homing: Array<{ offset: number; zeroTick: number }> = [];
  private min: Float64Array;
  private max: Float64Array;
  private last: Float64Array | null = null;
  private readonly wrapped = new Set<number>();
  private readonly listeners = new Set<(s: CalibrationStep) => void>();

  constructor(
    private readonly bus: ServoBus,
    readonly profile: RobotProfile,
    readonly robotId: string,
  ) {
    this.ids = profile.joints.map((j) => j.servoId);
    this.min = new Float64Array(this.ids.length);
    this.max = new Float64Array(this.ids.length);
  }

  get step(): CalibrationStep {
    return this.stepNow;
  }

  onStep(l: (s: CalibrationStep) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private go(s: CalibrationStep): void {
    this.stepNow = s;
    for (const l of this.listeners) l(s);
  }

  private expect(s: CalibrationStep, action: string): void {
    if (this.stepNow !== s)
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Cannot ${action} during the "${this.stepNow}" step of calibration.`, `Calibration runs begin → centre → sweep → finish.`);
  }

  private async unlock(lock: boolean): Promise<void> {
    if (this.bus.protocol !== 'feetech') return;
    for (const id of this.ids) await this.bus.write(id, 'Lock', lock ? 1 : 0);
  }

  async begin(): Promise<void> {
    const zeros = this.ids.map(() => 0);
    await this.bus.syncWrite(this.ids, 'Torque_Enable', zeros);
    await this.unlock(false);
    for (const id of this.ids) {
      await this.bus.write(id, 'Homing_Offset', 0);
      await this.bus.write(id, 'Min_Position_Limit', 0);
      await this.bus.write(id, 'Max_Position_Limit', 4095);
    }
    this.go('centre');
  }

  async captureCentre(): Promise<void> {
    this.expect('centre', 'capture the centre pose');
    const raw = await this.bus.syncRead(this.ids, 'Present_Position');
    this.homing = Array.from(raw, (actual) => homingForCentre(this.bus.protocol, actual));
    for (let i = 0; i < this.ids.length; i++) await this.bus.write(this.ids[i], 'Homing_Offset', this.homing[i].offset);
    const now = await this.bus.syncRead(this.ids, 'Present_Position');
    this.min = now.slice();
    this.max = now.slice();
    this.last = now.slice();
    this.wrapped.clear();
    this.go('sweep');
  }

  async sampleSweep(): Promise<SweepProgress> {
    this.expect('sweep', 'sample the sweep');
    const now = await this.bus.syncRead(this.ids, 'Present_Position');
    for (let i = 0; i < now.length; i++) {
      // Centred joints never cross 0/4095 within one turn; a jump of half a turn means a joint did.
      if (this.last && Math.abs(now[i] - this.last[i]) > 2048) this.wrapped.add(i);
      if (now[i] < this.min[i]) this.min[i] = now[i];
      if (now[i] > this.max[i]) this.max[i] = now[i];
    }
    this.last = now.slice();
    return {
      joints: this.profile.joints.map((j, i) => ({ name: j.name, present: now[i], min: this.min[i], max: this.max[i], span: this.max[i] - this.min[i] })),
    };
  }

  async finish(): Promise<RobotCalibration> {
    this.expect('sweep', 'finish');
    const still = this.profile.joints.filter((_, i) => this.max[i] - this.min[i] < MIN_SWEEP_TICKS).map((j) => j.name);
    if (still.length)
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `These joints were not moved through their range: ${still.join(', ')}.`, 'Move each listed joint slowly from one end stop to the other, then finish again.', {
        joints: still,
      });
    const wrapped = [...this.wrapped].map((i) => this.profile.joints[i].name);
    if (wrapped.length)
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `These joints passed through the servo's zero during the sweep: ${wrapped.join(', ')}.`, 'Restart calibration and pose the arm in the middle of every joint range at the centre step.', {
        joints: wrapped,
      });
    const joints: Record<string, JointCalibration> = {};
    this.profile.joints.forEach((j, i) => {
      joints[j.name] = {
        servoId: j.servoId,
        homingOffset: this.homing[i].offset,
        rangeMin: this.min[i],
        rangeMax: this.max[i],
        zeroTick: this.homing[i].zeroTick,
        direction: j.direction,
      };
    });
    for (let i = 0; i < this.ids.length; i++) {
      await this.bus.write(this.ids[i], 'Min_Position_Limit', this.min[i]);
      await this.bus.write(this.ids[i], 'Max_Position_Limit', this.max[i]);
    }
    // Read back: a calibration that did not land in EEPROM must not be saved as if it had.
    const offsets = await this.bus.syncRead(this.ids, 'Homing_Offset');
    const mins = await this.bus.syncRead(this.ids, 'Min_Position_Limit');
    const maxs = await this.bus.syncRead(this.ids, 'Max_Position_Limit');
    const bad = this.ids.filter((_, i) => offsets[i] !== this.homing[i].offset || mins[i] !== this.min[i] || maxs[i] !== this.max[i]);
    if (bad.length)
      throw new PraxisError(ErrorCodes.SERVO_ERROR, `Servos ${bad.join(', ')} did not keep the calibration values.`, 'Check that torque is off and the EEPROM is unlocked, then calibrate again.', {
        ids: bad,
      });
    await this.unlock(true);
    this.go('done');
    return { version: 1, robotId: this.robotId, profileId: this.profile.id, protocol: this.bus.protocol, savedAt: new Date().toISOString(), joints };
  }
}
