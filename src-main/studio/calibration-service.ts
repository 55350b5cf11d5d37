import { type CalibrationStatus, type ConnectRequest, ErrorCodes, PraxisError } from '../api';
import { CalibrationProcedure, calibrationSave, MIN_SWEEP_TICKS, restoreCalibration, type SweepProgress } from '../robot';
import type { RobotService } from './robot-service';
import { SerialSource } from './serial-source';

/**
 * Drives the calibration procedure of the connected serial arm for the wizard. While it runs the wizard
 * owns the bus (the source's polling and control loop pause); finishing saves the calibration for this
 * robot and reconnects so the new tick ↔ radian mapping is used at once.
 */
export class CalibrationService {
  private procedure: CalibrationProcedure | null = null;
  private sweep: SweepProgress | null = null;

  constructor(private readonly robot: RobotService) {}

  status(): CalibrationStatus {
    const source = this.serial();
    const check = source?.link.calibrationCheck ?? null;
    return {
      available: source !== null,
      step: this.procedure?.step ?? 'idle',
      robotId: source?.link.profile.id ?? null,
      saved: source?.calibration ? { savedAt: source.calibration.savedAt } : null,
      check: check ? { matches: check.matches, differences: check.differences } : null,
      sweep: this.sweep?.joints ?? null,
      minSpan: MIN_SWEEP_TICKS,
    };
  }

  async begin(): Promise<CalibrationStatus> {
    const source = this.requireSerial();
    const bus = source.link.servoBus;
    if (!bus) throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'The arm is not connected right now.', 'Wait for it to reconnect, then start calibration again.');
    this.procedure = new CalibrationProcedure(bus, source.link.profile, source.link.profile.id);
    this.sweep = null;
    try {
      await source.pauseForCalibration();
      await this.procedure.begin();
    } catch (e) {
      this.procedure = null;
      source.resumeAfterCalibration();
      throw e;
    }
    return this.status();
  }

  async centre(): Promise<CalibrationStatus> {
    await this.requireProcedure().captureCentre();
    this.sweep = await this.requireProcedure().sampleSweep();
    return this.status();
  }

  async sample(): Promise<CalibrationStatus> {
    this.sweep = await this.requireProcedure().sampleSweep();
    return this.status();
  }

  async finish(): Promise<CalibrationStatus> {
    const source = this.requireSerial();
    const calibration = await this.requireProcedure().finish();
    if (!source.calibrationDir) throw new PraxisError(ErrorCodes.INTERNAL, 'No folder to save calibrations in.', 'Start the studio with a config folder.');
    await calibrationSave(source.calibrationDir, calibration);
    this.procedure = null;
    this.sweep = null;
    // Reconnect: the link maps ticks to radians with the calibration it was built with.
    await this.robot.connect(source.origin as ConnectRequest);
    return this.status();
  }

  async cancel(): Promise<CalibrationStatus> {
    const source = this.serial();
    const bus = source?.link.servoBus;
    this.procedure = null;
    this.sweep = null;
    // The procedure cleared offsets and opened limits: put the saved calibration back if there is one.
    if (source && bus && source.calibration) await restoreCalibration(bus, source.link.profile, source.calibration);
    source?.resumeAfterCalibration();
    return this.status();
  }

  async restore(): Promise<CalibrationStatus> {
    const source = this.requireSerial();
    const bus = source.link.servoBus;
    if (!source.calibration) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'There is no saved calibration for this robot.', 'Calibrate it with the wizard.');
    if (!bus) throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'The arm is not connected right now.', 'Wait for it to reconnect.');
    await restoreCalibration(bus, source.link.profile, source.calibration);
    await this.robot.connect(source.origin as ConnectRequest);
    return this.status();
  }

  private serial(): SerialSource | null {
    const s = this.robot.currentSource;
    return s instanceof SerialSource ? s : null;
  }

  private requireSerial(): SerialSource {
    const s = this.serial();
    if (!s) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Calibration needs a servo arm on a serial port.', 'Connect the arm from the Connect panel (the simulator needs no calibration).');
    return s;
  }

  private requireProcedure(): CalibrationProcedure {
    if (!this.procedure) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Calibration has not begun.', 'Press Begin in the calibration wizard.');
    return this.procedure;
  }
}
