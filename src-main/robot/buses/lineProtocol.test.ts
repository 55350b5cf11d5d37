import { describe, expect, it } from 'vitest';
import { type DeviceMessage, LineParser, lineChecksum, lineEncode, lineTargets } from './lineProtocol';

const enc = new TextEncoder();
const parse = (text: string) => {
  const out: DeviceMessage[] = [];
  const p = new LineParser((m) => out.push(m));
  p.push(enc.encode(text));
  return { out, stats: p.stats };
};

describe('Praxis line protocol v1 (host side)', () => {
  it('frames a line with the XOR checksum of its body', () => {
    expect(new TextDecoder().decode(lineEncode('T 1'))).toBe('T 1*45\n');
    expect(lineChecksum('?')).toBe(0x3f);
  });

  it('sends targets in integer milliradians', () => {
    expect(new TextDecoder().decode(lineTargets([0.5, -1.2346, 0]))).toMatch(/^G 500 -1235 0\*[0-9A-F]{2}\n$/);
  });

  it('decodes HELLO into joints with limits in radians', () => {
    const { out } = parse('HELLO praxis-line 1 demo 2 base:-1570:1570:2000 grip:0:1000:3000*2A\n'.replace('*2A', `*${lineChecksum('HELLO praxis-line 1 demo 2 base:-1570:1570:2000 grip:0:1000:3000').toString(16).toUpperCase().padStart(2, '0')}`));
    expect(out[0]).toEqual({
      type: 'hello',
      protocol: 'praxis-line',
      version: 1,
      robot: 'demo',
      joints: [
        { name: 'base', lower: -1.57, upper: 1.57, maxVelocity: 2 },
        { name: 'grip', lower: 0, upper: 1, maxVelocity: 3 },
      ],
    });
  });

  it('decodes state lines and drops lines with a wrong checksum, resynchronising at the newline', () => {
    const good = new TextDecoder().decode(lineEncode('S 7 1234 1 100 -200'));
    const { out, stats } = parse(`garbage\x00\xff\n${good.replace(/\*..\n/, '*00\n')}${good}\r\n`.replace('\r\n', '\n'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'state', seq: 7, deviceMs: 1234, torque: true });
    expect(Array.from((out[0] as { position: Float64Array }).position)).toEqual([0.1, -0.2]);
    expect(stats.badLines).toBe(2);
  });

  it('survives 100 000 random and corrupted lines and still decodes every good one after them', () => {
    let seed = 12345;
    const r = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const out: DeviceMessage[] = [];
    const p = new LineParser((m) => out.push(m));
    let expected = 0;
    for (let t = 0; t < 100_000; t++) {
      const junk = new Uint8Array(Math.floor(r() * 60)).map(() => Math.floor(r() * 256));
      if (r() < 0.5) junk[junk.length - 1] = 0x0a;
      p.push(junk);
      const good = lineEncode(`S ${t} ${t * 10} 0 ${Math.floor(r() * 2000) - 1000}`);
      // No newline of its own: the garbage runs straight into the good line.
      p.push(good);
      expected++;
    }
    const seqs = new Set(out.filter((m) => m.type === 'state').map((m) => (m as { seq: number }).seq));
    const missing = Array.from({ length: expected }, (_, t) => t).filter((t) => !seqs.has(t));
    expect(missing.slice(0, 5)).toEqual([]);
  });
});
