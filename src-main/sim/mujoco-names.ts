// Names of MuJoCo model elements. The model keeps all names in one NUL-separated byte buffer
// (`names`) with per-element offsets (`name_jntadr`, `name_bodyadr`, …); reading it directly avoids
// the per-call C++ handles that named accessors (`model.jnt(i)`) allocate and we would have to free.

export function mujocoName(names: Int8Array | Uint8Array, address: number): string {
  let end = address;
  while (end < names.length && names[end] !== 0) end++;
  let out = '';
  for (let i = address; i < end; i++) out += String.fromCharCode(names[i] & 0xff);
  return out;
}

/** Names of all elements of one kind, given that kind's address array. */
export function mujocoNames(names: Int8Array | Uint8Array, addresses: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < addresses.length; i++) out.push(mujocoName(names, addresses[i]));
  return out;
}
