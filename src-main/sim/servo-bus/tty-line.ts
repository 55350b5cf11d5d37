// A serial device opened for blocking reads with a timeout, as a servo's firmware (or an SDK) waits on
// its UART: read() sleeps in the kernel and returns as soon as a byte arrives, or empty after
// `readTimeoutDs` tenths of a second (termios VMIN=0, VTIME). The timeout lets a reading thread notice it
// should stop without spinning; between requests it costs nothing.
//
// Node cannot set termios itself, so `stty` does (it ships with every Linux and macOS); the `serialport`
// transports use their own non-blocking reads through the event loop instead.

import { spawnSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';

/**
 * Raw 8N1 at `baud`, no echo, reads that wait at most `readTimeoutDs` × 0.1 s (0: until a byte comes,
 * as a plain serial port). Returns stty's complaint, or null.
 */
export function ttyLineConfigure(path: string, baud: number, readTimeoutDs = 2): string | null {
  const flag = process.platform === 'darwin' ? '-f' : '-F';
  const wait = readTimeoutDs > 0 ? ['min', '0', 'time', String(readTimeoutDs)] : ['min', '1', 'time', '0'];
  const line = ['raw', '-echo', 'cs8', '-parenb', '-cstopb', ...wait];
  // A pty ignores the rate; a USB adapter may refuse a non-standard one, and is then left at its own.
  for (const args of [[flag, path, ...line, String(baud)], [flag, path, ...line]]) {
    const r = spawnSync('stty', args, { encoding: 'utf8' });
    if (r.error) return `stty is not available (${r.error.message})`;
    if (r.status === 0) return null;
    if (args.length === 2 + line.length) return (r.stderr || `stty exited with ${r.status}`).trim();
  }
  return null;
}

/** A blocking read-write descriptor for the device (no controlling-terminal takeover). */
export function ttyLineOpen(path: string): number {
  return openSync(path, constants.O_RDWR | constants.O_NOCTTY);
}
