// Port discovery: every serial port with its USB identity and a hint of what is probably behind it.

import { SerialPort } from 'serialport';
import { ErrorCodes, PraxisError } from '../../api';
import { sysfsPortsList } from './sysfs-ports';

export interface PortInfo {
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  serialNumber?: string;
  /** Chip name and the robot hardware it usually means, e.g. "CH343 — Feetech/Waveshare servo board". */
  hint: string;
}

/** USB vendor:product → what it usually is in a robot lab. Lower-case hex, as serialport reports. */
const USB_HINTS: ReadonlyArray<readonly [string, string]> = [
  ['1a86:55d3', 'CH343 — Feetech/Waveshare servo board (SO-100/SO-101)'],
  ['1a86:7523', 'CH340 — Feetech/Waveshare servo board, or a clone Arduino'],
  ['1a86:55d4', 'CH9102 — Feetech servo board or ESP32 dev board'],
  ['1a86:', 'WCH USB-serial — often a Feetech/Waveshare servo board'],
  ['0403:6014', 'FTDI FT232H — ROBOTIS U2D2 (Dynamixel)'],
  ['0403:6001', 'FTDI FT232R — USB2Dynamixel or a generic FTDI adapter'],
  ['0403:', 'FTDI — Dynamixel (U2D2) or a generic adapter'],
  ['2341:', 'Arduino board (Praxis line-protocol firmware?)'],
  ['2a03:', 'Arduino board (Praxis line-protocol firmware?)'],
  ['16c0:0483', 'Teensy (Praxis line-protocol firmware?)'],
  ['303a:', 'Espressif ESP32 native USB (Praxis line-protocol firmware?)'],
  ['10c4:ea60', 'CP210x — ESP32 dev board or a generic adapter'],
  ['2e8a:', 'Raspberry Pi Pico / RP2040'],
  ['239a:', 'Adafruit board'],
];

export function portHint(vendorId?: string, productId?: string): string {
  if (!vendorId) return 'no USB identity (built-in UART, Bluetooth or virtual port)';
  const key = `${vendorId.toLowerCase()}:${(productId ?? '').toLowerCase()}`;
  for (const [prefix, hint] of USB_HINTS) if (key.startsWith(prefix)) return hint;
  return 'unknown USB-serial adapter';
}

/**
 * Every serial port. On Linux serialport asks udev (`udevadm`); where there is none, sysfs is read instead,
 * so a container or a minimal install still finds its robot.
 */
export async function listPorts(): Promise<PortInfo[]> {
  let ports: Omit<PortInfo, 'hint'>[];
  try {
    ports = await SerialPort.list();
  } catch (e) {
    if (process.platform !== 'linux') throw portListError(e);
    ports = await sysfsPortsList().catch((again) => {
      throw portListError(again, e);
    });
  }
  return ports.map((p) => ({
    path: p.path,
    vendorId: p.vendorId,
    productId: p.productId,
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
    hint: portHint(p.vendorId, p.productId),
  }));
}

function portListError(e: unknown, first?: unknown): PraxisError {
  const why = [first, e].filter(Boolean).map((x) => (x as Error).message ?? String(x)).join('; then ');
  return new PraxisError(ErrorCodes.PORT_NOT_FOUND, `The serial ports could not be listed (${why}).`, 'Type the port path yourself (e.g. /dev/ttyACM0 or COM3) under "Serial port by path".', {
    cause: why,
  });
}
