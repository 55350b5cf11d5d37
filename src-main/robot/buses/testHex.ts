// Test helper: write packets the way the specs print them.
export const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((b) => Number.parseInt(b, 16)));
export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
