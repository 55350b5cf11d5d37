// Human-readable packets for the bus monitor: instruction names, register names, status errors.

import type { ControlTable } from './controlTable';
import { type DynamixelFrame, DynamixelInstruction, dynamixelErrorText } from './dynamixel';
import { X_CONTROL_TABLE } from './dynamixelTables';
import { type FeetechFrame, FeetechInstruction } from './feetech';
import { feetechErrorText, STS_CONTROL_TABLE } from './feetechTables';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const nameOf = (table: Record<string, number>, code: number) => Object.entries(table).find(([, v]) => v === code)?.[0];

function registerAt(table: ControlTable, address: number): string {
  const hit = Object.entries(table).find(([, r]) => r.address === address);
  return hit ? hit[0] : `@${address}`;
}

/**
 * Feetech instruction and status packets share one layout; the monitor cannot know the direction, so a
 * frame whose code is a known instruction with matching shape is shown as an instruction.
 */
export function feetechFrameText(f: FeetechFrame): string {
  const inst = nameOf(FeetechInstruction, f.code);
  const p = f.params;
  if (inst === 'READ' && p.length === 2) return `→ ${f.id} READ ${registerAt(STS_CONTROL_TABLE, p[0])} (${p[1]} bytes)`;
  if ((inst === 'WRITE' || inst === 'REG_WRITE') && p.length >= 2) return `→ ${f.id} ${inst} ${registerAt(STS_CONTROL_TABLE, p[0])} = ${hex(p.subarray(1))}`;
  if (inst === 'SYNC_READ' && f.id === 0xfe) return `→ SYNC_READ ${registerAt(STS_CONTROL_TABLE, p[0])} (${p[1]} bytes) from ${Array.from(p.subarray(2)).join(',')}`;
  if (inst === 'SYNC_WRITE' && f.id === 0xfe) return `→ SYNC_WRITE ${registerAt(STS_CONTROL_TABLE, p[0])} (${p[1]} bytes each, ${Math.floor((p.length - 2) / (p[1] + 1))} servos)`;
  if ((inst === 'PING' || inst === 'ACTION') && p.length === 0 && f.code !== 0) return `→ ${f.id} ${inst}`;
  const err = f.code ? ` ERROR ${feetechErrorText(f.code)}` : '';
  return `← ${f.id} status${err}${p.length ? ` [${hex(p)}]` : ''}`;
}

export function dynamixelFrameText(f: DynamixelFrame): string {
  const p = f.params;
  const u16 = (at: number) => p[at] | (p[at + 1] << 8);
  if (f.instruction === DynamixelInstruction.STATUS) {
    const err = p[0] ? ` ERROR ${dynamixelErrorText(p[0])}` : '';
    return `← ${f.id} status${err}${p.length > 1 ? ` [${hex(p.subarray(1))}]` : ''}`;
  }
  const inst = nameOf(DynamixelInstruction, f.instruction) ?? `0x${f.instruction.toString(16)}`;
  if (inst === 'READ' && p.length === 4) return `→ ${f.id} READ ${registerAt(X_CONTROL_TABLE, u16(0))} (${u16(2)} bytes)`;
  if ((inst === 'WRITE' || inst === 'REG_WRITE') && p.length >= 2) return `→ ${f.id} ${inst} ${registerAt(X_CONTROL_TABLE, u16(0))} = ${hex(p.subarray(2))}`;
  if ((inst === 'SYNC_READ' || inst === 'FAST_SYNC_READ') && p.length >= 4)
    return `→ ${inst} ${registerAt(X_CONTROL_TABLE, u16(0))} (${u16(2)} bytes) from ${Array.from(p.subarray(4)).join(',')}`;
  if (inst === 'SYNC_WRITE' && p.length >= 4) return `→ SYNC_WRITE ${registerAt(X_CONTROL_TABLE, u16(0))} (${u16(2)} bytes each)`;
  return `→ ${f.id} ${inst}${p.length ? ` [${hex(p)}]` : ''}`;
}
