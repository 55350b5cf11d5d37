// Praxis line protocol v1 (resources/firmware/PROTOCOL.md), host side: pure encode/decode over bytes.
// One message per line: `TYPE field field…*CK\n`, CK = XOR of the bytes before '*', two hex digits.
// Angles travel as integer milliradians; this file converts them to and from radians.

export const LINE_PROTOCOL_NAME = 'praxis-line';
export const LINE_PROTOCOL_VERSION = 1;
export const LINE_MAX = 200;

export interface LineJoint {
  name: string;
  /** Radians. */
  lower: number;
  upper: number;
  /** Radians per second. */
  maxVelocity: number;
}

export type DeviceMessage =
  | { type: 'hello'; protocol: string; version: number; robot: string; joints: LineJoint[] }
  | { type: 'state'; seq: number; deviceMs: number; torque: boolean; position: Float64Array }
  | { type: 'event'; code: string; text: string }
  | { type: 'ack'; command: 'T' | 'R' | 'H' | 'F'; value?: number };

export function lineChecksum(text: string): number {
  let ck = 0;
  for (let i = 0; i < text.length; i++) ck ^= text.charCodeAt(i) & 0xff;
  return ck;
}

/** One framed line, ready for the wire. */
export function lineEncode(body: string): Uint8Array {
  const ck = lineChecksum(body).toString(16).toUpperCase().padStart(2, '0');
  return new TextEncoder().encode(`${body}*${ck}\n`);
}

const mrad = (rad: number) => Math.round(rad * 1000);

export const lineHelloRequest = () => lineEncode('?');
export const lineTargets = (radians: ArrayLike<number>) => lineEncode(`G ${Array.from(radians, mrad).join(' ')}`);
export const lineTorque = (on: boolean) => lineEncode(`T ${on ? 1 : 0}`);
export const lineEstop = () => lineEncode('X');
export const lineRelease = () => lineEncode('R');
export const lineHeartbeat = (n: number) => lineEncode(`H ${n >>> 0}`);
export const lineRate = (hz: number) => lineEncode(`F ${Math.round(hz)}`);

const INT = /^-?\d{1,10}$/;

/** Decode the body of a checked line (without `*CK`); null when it is not a v1 device message. */
export function lineDecodeDevice(body: string): DeviceMessage | null {
  const f = body.split(' ');
  switch (f[0]) {
    case 'HELLO': {
      if (f.length < 5 || !INT.test(f[2]) || !INT.test(f[4])) return null;
      const n = Number(f[4]);
      if (f.length !== 5 + n) return null;
      const joints: LineJoint[] = [];
      for (const spec of f.slice(5)) {
        const [name, lo, hi, v] = spec.split(':');
        if (!name || ![lo, hi, v].every((x) => x !== undefined && INT.test(x))) return null;
        joints.push({ name, lower: Number(lo) / 1000, upper: Number(hi) / 1000, maxVelocity: Number(v) / 1000 });
      }
      return { type: 'hello', protocol: f[1], version: Number(f[2]), robot: f[3], joints };
    }
    case 'S': {
      if (f.length < 4 || !f.slice(1).every((x) => INT.test(x))) return null;
      const position = new Float64Array(f.length - 4);
      for (let i = 4; i < f.length; i++) position[i - 4] = Number(f[i]) / 1000;
      return { type: 'state', seq: Number(f[1]), deviceMs: Number(f[2]), torque: f[3] === '1', position };
    }
    case 'E':
      return f.length >= 2 && f[1] ? { type: 'event', code: f[1], text: f.slice(2).join(' ') } : null;
    case 'T':
    case 'H':
    case 'F':
      return f.length === 2 && INT.test(f[1]) ? { type: 'ack', command: f[0], value: Number(f[1]) } : null;
    case 'R':
      return f.length === 1 ? { type: 'ack', command: 'R' } : null;
    default:
      return null;
  }
}

/**
 * Streaming line splitter and checker. Resynchronises at every newline; a line that is too long, lacks
 * its checksum or fails it is dropped whole and counted.
 */
export class LineParser {
  private buf = '';
  private overflow = false;
  readonly stats = { lines: 0, badLines: 0, unknown: 0 };

  constructor(private readonly onMessage: (m: DeviceMessage, raw: string) => void) {}

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 0x0d) continue;
      if (c === 0x0a) {
        this.endLine();
        continue;
      }
      if (this.buf.length >= LINE_MAX) {
        this.overflow = true;
        continue;
      }
      // Latin-1 keeps one char per byte, so the XOR matches what the device computed.
      this.buf += String.fromCharCode(c);
    }
  }

  reset(): void {
    this.buf = '';
    this.overflow = false;
  }

  private endLine(): void {
    const line = this.buf;
    const overflow = this.overflow;
    this.reset();
    if (!line && !overflow) return;
    // Noise without a newline glues itself to the front of the next line: if the whole line fails,
    // look for a valid message starting later in it, so the good line behind the noise still counts.
    const body = overflow ? null : (checkedBody(line) ?? recoverSuffix(line));
    if (body === null) {
      this.stats.badLines++;
      return;
    }
    const m = lineDecodeDevice(body);
    if (!m) {
      this.stats.unknown++;
      return;
    }
    this.stats.lines++;
    this.onMessage(m, body);
  }
}

/** The body of `line` when it ends in a matching `*CK`, else null. */
function checkedBody(line: string): string | null {
  const star = line.length - 3;
  if (star < 1 || line[star] !== '*') return null;
  const hex = line.slice(star + 1);
  if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
  const body = line.slice(0, star);
  return lineChecksum(body) === Number.parseInt(hex, 16) ? body : null;
}

const TYPE_START = /[HSETRF]/g;

function recoverSuffix(line: string): string | null {
  TYPE_START.lastIndex = 1;
  for (let m = TYPE_START.exec(line); m; m = TYPE_START.exec(line)) {
    const body = checkedBody(line.slice(m.index));
    if (body !== null && lineDecodeDevice(body)) return body;
  }
  return null;
}
