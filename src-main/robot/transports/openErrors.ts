// Turn an operating-system port error into a coded error that says what to do.
// The classic failures: Linux users not in `dialout`, a port held by another program (ModemManager,
// brltty, an Arduino IDE serial monitor, a second Praxis), and an unplugged adapter.

import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { ErrorCodes, PraxisError } from '../../api';

export function portOpenError(path: string, err: unknown, platform: NodeJS.Platform = process.platform): PraxisError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code ?? '';
  // Windows reports a COM port held by another program as "Access denied", not as busy.
  if (platform === 'win32' && /access denied/i.test(message)) {
    return new PraxisError(
      ErrorCodes.PORT_BUSY,
      `${path} is in use by another program.`,
      'Close other serial tools (Arduino IDE serial monitor, PuTTY, LeRobot, another Praxis window) and try again.',
      { path, os: message },
    );
  }
  if (code === 'EACCES' || /permission denied|EACCES/i.test(message)) {
    const linux = platform === 'linux';
    return new PraxisError(
      ErrorCodes.PORT_PERMISSION,
      `Permission denied opening ${path}.`,
      linux
        ? 'Add yourself to the dialout group: `sudo usermod -aG dialout $USER`, then log out and back in (or run `newgrp dialout`).'
        : 'Check that your user may open serial ports, and that no security tool blocks the device.',
      { path, os: message },
    );
  }
  if (code === 'EBUSY' || /busy|cannot lock port|resource temporarily unavailable/i.test(message)) {
    const holders = portHolders(path);
    return new PraxisError(
      ErrorCodes.PORT_BUSY,
      `${path} is in use by another program${holders.length ? ` (${holders.join(', ')})` : ''}.`,
      holders.length
        ? `Close ${holders.join(', ')} and try again.`
        : 'Close other serial tools (Arduino IDE serial monitor, screen, LeRobot, another Praxis window); on Linux, ModemManager and brltty grab new USB-serial adapters — stop or uninstall them.',
      { path, holders, os: message },
    );
  }
  if (code === 'ENOENT' || /no such file|not found|cannot open/i.test(message)) {
    return new PraxisError(
      ErrorCodes.PORT_NOT_FOUND,
      `No serial port at ${path}.`,
      'Check the USB cable and run `praxis ports` to list the ports that exist now.',
      { path, os: message },
    );
  }
  return new PraxisError(ErrorCodes.PORT_CLOSED, `Could not open ${path}: ${message}`, 'Unplug and replug the adapter, then try again.', {
    path,
    os: message,
  });
}

/** Names of processes holding `path` open (Linux /proc scan; empty elsewhere or when unreadable). */
export function portHolders(path: string): string[] {
  if (process.platform !== 'linux') return [];
  const names = new Set<string>();
  // /dev/serial/by-id/… and socat links are symlinks; /proc shows the device they point to.
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // Keep the name as given.
  }
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          names.add(`${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()} (pid ${pid})`);
          break;
        }
      }
    } catch {
      // Other users' processes are unreadable; that is fine.
    }
  }
  return [...names];
}
