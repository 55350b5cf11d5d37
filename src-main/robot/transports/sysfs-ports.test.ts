import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sysfsPortsList } from './sysfs-ports';

let sys: string;

/** A tty class entry whose `device` links to `devicePath` (under sys/devices), as the kernel lays it out. */
async function tty(name: string, devicePath: string | null, subsystem = 'usb-serial'): Promise<void> {
  const entry = join(sys, 'class', 'tty', name);
  await mkdir(entry, { recursive: true });
  if (!devicePath) return;
  const device = join(sys, 'devices', devicePath);
  await mkdir(device, { recursive: true });
  await mkdir(join(sys, 'bus', subsystem), { recursive: true });
  await symlink(relative(device, join(sys, 'bus', subsystem)), join(device, 'subsystem'));
  await symlink(relative(entry, device), join(entry, 'device'));
}

async function usbDevice(path: string, ids: Record<string, string>): Promise<void> {
  const dir = join(sys, 'devices', path);
  await mkdir(dir, { recursive: true });
  for (const [file, value] of Object.entries(ids)) await writeFile(join(dir, file), `${value}\n`);
}

beforeAll(async () => {
  sys = await mkdtemp(join(tmpdir(), 'praxis-sysfs-'));
  // A CH343 Feetech board: ttyACM0 → interface 1-1:1.0 → device 1-1 with the ids.
  await usbDevice('pci0000:00/usb1/1-1', { idVendor: '1a86', idProduct: '55d3', manufacturer: 'WCH', serial: '5A46083062' });
  await tty('ttyACM0', 'pci0000:00/usb1/1-1/1-1:1.0', 'usb');
  // A U2D2 through ftdi_sio: ttyUSB0's device is the usb-serial port one level below the interface.
  await usbDevice('pci0000:00/usb1/1-2', { idVendor: '0403', idProduct: '6014', manufacturer: 'FTDI' });
  await tty('ttyUSB0', 'pci0000:00/usb1/1-2/1-2:1.0/ttyUSB0', 'usb-serial');
  await tty('ttyS0', 'pnp0/00:00/00:00:0.0', 'pnp'); // a real motherboard UART
  await tty('ttyS12', 'platform/serial8250', 'platform'); // one of the 8250 driver's placeholders
  await tty('ttyAMA0', 'platform/fe201000.serial', 'amba'); // a Raspberry Pi's UART
  await tty('tty3', null); // a virtual console
  await tty('ttyS13', null); // no device link at all
});
afterAll(async () => {
  await rm(sys, { recursive: true, force: true });
});

describe('serial ports from sysfs', () => {
  it('lists the ports with hardware behind them, with USB identities where there are some', async () => {
    expect(await sysfsPortsList(sys)).toEqual([
      { path: '/dev/ttyACM0', vendorId: '1a86', productId: '55d3', manufacturer: 'WCH', serialNumber: '5A46083062' },
      { path: '/dev/ttyAMA0' },
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6014', manufacturer: 'FTDI', serialNumber: undefined },
    ]);
  });

  it('says so when there is no sysfs to read', async () => {
    await expect(sysfsPortsList(join(sys, 'nowhere'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
