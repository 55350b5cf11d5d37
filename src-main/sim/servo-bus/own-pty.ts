// A pseudo-terminal the sim holds itself: the servos read and write its master side, clients open its
// slave (/dev/pts/N) as they would a USB adapter. Without socat relaying between two ptys, a request
// and its reply cost two thread wake-ups instead of four, which is most of the latency on a busy machine.
//
// Node cannot make the ioctls that unlock a new pty and name its slave (unlockpt, ptsname), so a
// one-line python3 does them on the master descriptor it inherits; the pty keeps that state afterwards.
// Linux only (the ioctl numbers are Linux's); elsewhere, or without python3, callers use socat.

import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { ttyLineConfigure } from './tty-line';

export interface OwnPty {
  /** Blocking master descriptor: reads return what clients wrote to the slave. */
  masterFd: number;
  /** Held open by us, so reads on the master block (not EIO) while no client has the slave open. */
  slaveFd: number;
  /** The device clients open. */
  slavePath: string;
}

// TIOCSPTLCK and TIOCGPTN from Linux's asm-generic/ioctls.h.
const UNLOCK_AND_NAME = `import fcntl, struct
fcntl.ioctl(0, 0x40045431, struct.pack('i', 0))
print(struct.unpack('i', fcntl.ioctl(0, 0x80045430, struct.pack('i', 0)))[0])`;

/** Opens a pty pair for this process; the reason it cannot is thrown as a plain Error. */
export function ownPtyOpen(baud: number): OwnPty {
  if (process.platform !== 'linux') throw new Error('an own pty needs Linux');
  const masterFd = openSync('/dev/ptmx', constants.O_RDWR | constants.O_NOCTTY);
  try {
    const r = spawnSync('python3', ['-c', UNLOCK_AND_NAME], { stdio: [masterFd, 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`python3 could not unlock the pty (${r.error?.message ?? r.stderr.trim()})`);
    const slavePath = `/dev/pts/${Number.parseInt(r.stdout, 10)}`;
    // Raw, no echo: the line discipline on the slave must pass servo packets through untouched.
    const trouble = ttyLineConfigure(slavePath, baud, 0);
    if (trouble) throw new Error(trouble);
    const slaveFd = openSync(slavePath, constants.O_RDWR | constants.O_NOCTTY);
    return { masterFd, slaveFd, slavePath };
  } catch (e) {
    closeSync(masterFd);
    throw e;
  }
}

export function ownPtyClose(pty: OwnPty): void {
  for (const fd of [pty.slaveFd, pty.masterFd]) {
    try {
      closeSync(fd);
    } catch {}
  }
}
