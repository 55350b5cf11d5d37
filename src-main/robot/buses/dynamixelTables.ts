// Dynamixel X series (XL330, XL430 in Koch arms): control table, baud codes, models.
// Source: ROBOTIS e-manual control tables for XL330-M288-T / XL430-W250-T (Protocol 2.0).
// All signed registers are two's complement; Present_Position = Actual + Homing_Offset.

import { type ControlTable, reg, TWOS } from './controlTable';

export const X_CONTROL_TABLE: ControlTable = {
  Model_Number: reg(0, 2, 'eeprom', false),
  Model_Information: reg(2, 4, 'eeprom', false),
  Firmware_Version: reg(6, 1, 'eeprom', false),
  ID: reg(7, 1, 'eeprom', true),
  Baud_Rate: reg(8, 1, 'eeprom', true),
  /** Units of 2 µs. */
  Return_Delay_Time: reg(9, 1, 'eeprom', true),
  Drive_Mode: reg(10, 1, 'eeprom', true),
  Operating_Mode: reg(11, 1, 'eeprom', true),
  Secondary_ID: reg(12, 1, 'eeprom', true),
  Protocol_Type: reg(13, 1, 'eeprom', true),
  Homing_Offset: reg(20, 4, 'eeprom', true, TWOS),
  Moving_Threshold: reg(24, 4, 'eeprom', true),
  Temperature_Limit: reg(31, 1, 'eeprom', true),
  Max_Voltage_Limit: reg(32, 2, 'eeprom', true),
  Min_Voltage_Limit: reg(34, 2, 'eeprom', true),
  PWM_Limit: reg(36, 2, 'eeprom', true),
  Current_Limit: reg(38, 2, 'eeprom', true),
  Acceleration_Limit: reg(40, 4, 'eeprom', true),
  Velocity_Limit: reg(44, 4, 'eeprom', true),
  Max_Position_Limit: reg(48, 4, 'eeprom', true),
  Min_Position_Limit: reg(52, 4, 'eeprom', true),
  Shutdown: reg(63, 1, 'eeprom', true),
  Torque_Enable: reg(64, 1, 'ram', true),
  LED: reg(65, 1, 'ram', true),
  /** 0: answer PING only; 1: PING and READ; 2: everything. */
  Status_Return_Level: reg(68, 1, 'ram', true),
  Registered_Instruction: reg(69, 1, 'ram', false),
  Hardware_Error_Status: reg(70, 1, 'ram', false),
  Velocity_I_Gain: reg(76, 2, 'ram', true),
  Velocity_P_Gain: reg(78, 2, 'ram', true),
  Position_D_Gain: reg(80, 2, 'ram', true),
  Position_I_Gain: reg(82, 2, 'ram', true),
  Position_P_Gain: reg(84, 2, 'ram', true),
  Feedforward_2nd_Gain: reg(88, 2, 'ram', true),
  Feedforward_1st_Gain: reg(90, 2, 'ram', true),
  Bus_Watchdog: reg(98, 1, 'ram', true),
  Goal_PWM: reg(100, 2, 'ram', true, TWOS),
  Goal_Current: reg(102, 2, 'ram', true, TWOS),
  Goal_Velocity: reg(104, 4, 'ram', true, TWOS),
  Profile_Acceleration: reg(108, 4, 'ram', true),
  Profile_Velocity: reg(112, 4, 'ram', true),
  Goal_Position: reg(116, 4, 'ram', true, TWOS),
  Realtime_Tick: reg(120, 2, 'ram', false),
  Moving: reg(122, 1, 'ram', false),
  Moving_Status: reg(123, 1, 'ram', false),
  Present_PWM: reg(124, 2, 'ram', false, TWOS),
  Present_Current: reg(126, 2, 'ram', false, TWOS),
  Present_Velocity: reg(128, 4, 'ram', false, TWOS),
  Present_Position: reg(132, 4, 'ram', false, TWOS),
  Velocity_Trajectory: reg(136, 4, 'ram', false, TWOS),
  Position_Trajectory: reg(140, 4, 'ram', false, TWOS),
  /** Units of 0.1 V. */
  Present_Input_Voltage: reg(144, 2, 'ram', false),
  Present_Temperature: reg(146, 1, 'ram', false),
};

/** Baud_Rate register code → bits per second. */
export const X_BAUD_RATES: Readonly<Record<number, number>> = {
  0: 9_600,
  1: 57_600,
  2: 115_200,
  3: 1_000_000,
  4: 2_000_000,
  5: 3_000_000,
  6: 4_000_000,
  7: 4_500_000,
};

export const DYNAMIXEL_MODELS: Readonly<Record<number, { name: string; resolution: number }>> = {
  1060: { name: 'XL430-W250', resolution: 4096 },
  1190: { name: 'XL330-M077', resolution: 4096 },
  1200: { name: 'XL330-M288', resolution: 4096 },
  1020: { name: 'XM430-W350', resolution: 4096 },
  1070: { name: 'XC430-W150', resolution: 4096 },
  1120: { name: 'XM540-W270', resolution: 4096 },
};

export const XL330_M288_MODEL_NUMBER = 1200;
export const XL430_W250_MODEL_NUMBER = 1060;
export const X_TICKS_PER_TURN = 4096;
