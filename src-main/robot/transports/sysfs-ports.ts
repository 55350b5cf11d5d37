// Serial ports read straight from Linux sysfs, for machines without udev (containers, minimal images, some
// WSL setups), where serialport's listing spawns `udevadm` and fails. /sys/class/tty has one entry per tty;
// real ports have a `device` link, and a USB adapter's vendor, product, maker and serial number sit in the
// first ancestor of that device holding an idVendor file. ttyS ports whose device sits on the "platform" bus
// are skipped, as pyserial does: those are the 8250 driver's placeholders (ttyS4…ttyS31 with no UART behind);
// a Raspberry Pi's ttyAMA0 is on that bus too, and is real.
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface SysfsPort {
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  serialNumber?: string;
}

/** Device names serialport lists too (bindings-cpp's linux-list filter). */
const SERIAL_NAME = /^(tty(S|WCH|ACM|USB|AMA|MFD|O|XRUSB|THS)|rfcomm)\d*/;
/** How far up from the tty's device a USB interface's parent device is (interface → device is one step). */
const USB_LEVELS = 4;

async function text(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function usbIdentity(device: string): Promise<Omit<SysfsPort, 'path'>> {
  let dir = device;
  for (let i = 0; i <= USB_LEVELS; i++) {
    const vendorId = await text(join(dir, 'idVendor'));
    if (vendorId) {
      return {
        vendorId,
        productId: await text(join(dir, 'idProduct')),
        manufacturer: await text(join(dir, 'manufacturer')),
        serialNumber: await text(join(dir, 'serial')),
      };
    }
    dir = dirname(dir);
  }
  return {};
}

/** The serial ports sysfs under `sysRoot` knows, sorted by path. */
export async function sysfsPortsList(sysRoot = '/sys'): Promise<SysfsPort[]> {
  const classDir = join(sysRoot, 'class', 'tty');
  const ports: SysfsPort[] = [];
  for (const name of await readdir(classDir)) {
    if (!SERIAL_NAME.test(name)) continue;
    let device: string;
    try {
      device = await realpath(join(classDir, name, 'device'));
    } catch {
      continue; // a virtual tty: no hardware behind it
    }
    const subsystem = await readlink(join(device, 'subsystem')).then(basename, () => undefined);
    if (subsystem === 'platform' && name.startsWith('ttyS')) continue;
    ports.push({ path: `/dev/${name}`, ...(await usbIdentity(device)) });
  }
  return ports.sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true }));
}
