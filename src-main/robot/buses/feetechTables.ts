// Feetech STS/SMS series (STS3215 in the SO-100/SO-101): control table, baud codes, models.
// Source: Feetech STS memory table (FT-SMS-STS e-manual), cross-checked with the SCServo SDK.
// Sign-magnitude registers: bit 15 for positions and speeds, bit 10 for load, bit 11 for Homing_Offset.

import { type ControlTable, reg, signMagnitude } from './controlTable';

const SM15 = signMagnitude(15);

export const STS_CONTROL_TABLE: ControlTable = {
  Firmware_Major_Version: reg(0, 1, 'eeprom', false),
  Firmware_Minor_Version: reg(1, 1, 'eeprom', false),
  Model_Number: reg(3, 2, 'eeprom', false),
  ID: reg(5, 1, 'eeprom', true),
  Baud_Rate: reg(6, 1, 'eeprom', true),
  /** Units of 2 µs between the end of a request and the start of the status packet. */
  Return_Delay_Time: reg(7, 1, 'eeprom', true),
  /** 0: answer only PING and READ; 1: answer every instruction. */
  Response_Status_Level: reg(8, 1, 'eeprom', true),
  Min_Position_Limit: reg(9, 2, 'eeprom', true),
  Max_Position_Limit: reg(11, 2, 'eeprom', true),
  Max_Temperature_Limit: reg(13, 1, 'eeprom', true),
  Max_Voltage_Limit: reg(14, 1, 'eeprom', true),
  Min_Voltage_Limit: reg(15, 1, 'eeprom', true),
  Max_Torque_Limit: reg(16, 2, 'eeprom', true),
  Phase: reg(18, 1, 'eeprom', true),
  Unloading_Condition: reg(19, 1, 'eeprom', true),
  LED_Alarm_Condition: reg(20, 1, 'eeprom', true),
  P_Coefficient: reg(21, 1, 'eeprom', true),
  D_Coefficient: reg(22, 1, 'eeprom', true),
  I_Coefficient: reg(23, 1, 'eeprom', true),
  Minimum_Startup_Force: reg(24, 2, 'eeprom', true),
  CW_Dead_Zone: reg(26, 1, 'eeprom', true),
  CCW_Dead_Zone: reg(27, 1, 'eeprom', true),
  Protection_Current: reg(28, 2, 'eeprom', true),
  Angular_Resolution: reg(30, 1, 'eeprom', true),
  /** Present_Position = Actual − Homing_Offset. Sign in bit 11: magnitude at most 2047. */
  Homing_Offset: reg(31, 2, 'eeprom', true, signMagnitude(11)),
  Operating_Mode: reg(33, 1, 'eeprom', true),
  Protective_Torque: reg(34, 1, 'eeprom', true),
  Protection_Time: reg(35, 1, 'eeprom', true),
  Overload_Torque: reg(36, 1, 'eeprom', true),
  Velocity_P_Coefficient: reg(37, 1, 'eeprom', true),
  Over_Current_Protection_Time: reg(38, 1, 'eeprom', true),
  Velocity_I_Coefficient: reg(39, 1, 'eeprom', true),
  Torque_Enable: reg(40, 1, 'ram', true),
  Acceleration: reg(41, 1, 'ram', true),
  Goal_Position: reg(42, 2, 'ram', true, SM15),
  Goal_Time: reg(44, 2, 'ram', true),
  Goal_Velocity: reg(46, 2, 'ram', true, SM15),
  Torque_Limit: reg(48, 2, 'ram', true),
  /** 1 locks the EEPROM: writes there then last only until power-off. */
  Lock: reg(55, 1, 'ram', true),
  Present_Position: reg(56, 2, 'ram', false, SM15),
  Present_Velocity: reg(58, 2, 'ram', false, SM15),
  Present_Load: reg(60, 2, 'ram', false, signMagnitude(10)),
  /** Units of 0.1 V. */
  Present_Voltage: reg(62, 1, 'ram', false),
  /** °C. */
  Present_Temperature: reg(63, 1, 'ram', false),
  Status: reg(65, 1, 'ram', false),
  Moving: reg(66, 1, 'ram', false),
  Present_Current: reg(69, 2, 'ram', false),
  // Factory area; LeRobot raises the acceleration cap here when it configures an arm.
  Maximum_Velocity_Limit: reg(84, 1, 'eeprom', true),
  Maximum_Acceleration: reg(85, 1, 'eeprom', true),
};

/**
 * Baud_Rate register code → bits per second, as in Feetech's own SCServo SDK (SMS_STS_1M … SMS_STS_38400).
 * LeRobot's table has 57 600 / 38 400 / 19 200 for codes 5–7; the vendor SDK has 76 800 / 57 600 / 38 400.
 */
export const STS_BAUD_RATES: Readonly<Record<number, number>> = {
  0: 1_000_000,
  1: 500_000,
  2: 250_000,
  3: 128_000,
  4: 115_200,
  5: 76_800,
  6: 57_600,
  7: 38_400,
};

export const FEETECH_MODELS: Readonly<Record<number, { name: string; resolution: number }>> = {
  777: { name: 'STS3215', resolution: 4096 },
  2825: { name: 'STS3250', resolution: 4096 },
  11272: { name: 'SM8512BL', resolution: 4096 },
};

export const STS3215_MODEL_NUMBER = 777;
export const STS_TICKS_PER_TURN = 4096;

/** Status error bits (SCServo SDK): what the servo is complaining about. */
export const FEETECH_ERROR_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x01, 'input voltage out of range'],
  [0x02, 'angle sensor error'],
  [0x04, 'overheating'],
  [0x08, 'over current'],
  [0x20, 'overload'],
];

export function feetechErrorText(error: number): string {
  const parts = FEETECH_ERROR_BITS.filter(([bit]) => error & bit).map(([, text]) => text);
  return parts.length ? parts.join(', ') : `unknown error bits 0x${error.toString(16)}`;
}
