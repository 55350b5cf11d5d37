// A servo's control-table memory: the bytes the real chip keeps, read and written by name or address.

import { type ControlTable, readLE, registerDecode, registerEncode, registerLookup, writeLE } from '../../robot/buses';

export class ServoMemory {
  readonly bytes = new Uint8Array(256);

  constructor(readonly table: ControlTable) {}

  get(name: string): number {
    const r = registerLookup(this.table, name, 'servo memory');
    return registerDecode(r, readLE(this.bytes, r.address, r.size));
  }

  set(name: string, value: number): void {
    const r = registerLookup(this.table, name, 'servo memory');
    writeLE(this.bytes, r.address, r.size, registerEncode(r, value, name));
  }

  /** Set a register from a value that may not fit its encoding (the chip just stores the bits). */
  setBits(name: string, raw: number): void {
    const r = registerLookup(this.table, name, 'servo memory');
    writeLE(this.bytes, r.address, r.size, raw);
  }

  /** Which named registers a byte range touches. */
  touched(address: number, length: number): string[] {
    const out: string[] = [];
    for (const [name, r] of Object.entries(this.table))
      if (r.address < address + length && address < r.address + r.size) out.push(name);
    return out;
  }
}

export const TWO_PI = 2 * Math.PI;

/** The joint angle of a raw encoder reading: tick 2048 of 4096 is the joint's zero. */
export const ticksToRadians = (ticks: number, perTurn = 4096) => ((ticks - perTurn / 2) * TWO_PI) / perTurn;
export const radiansToTicks = (rad: number, perTurn = 4096) => Math.round(perTurn / 2 + (rad * perTurn) / TWO_PI);
