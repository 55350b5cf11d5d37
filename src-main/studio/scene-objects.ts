import type { SceneObject } from '../api';

/**
 * The 3D view draws loose objects as boxes; their size and colour come from the MJCF itself (the box
 * geom named like the body, and its material), so editing the scene file is all it takes.
 */
export function sceneObjectsFromMjcf(mjcf: string, names: readonly string[]): SceneObject[] {
  const materials = new Map<string, string>();
  for (const m of mjcf.matchAll(/<material\s+[^>]*name="([^"]+)"[^>]*rgba="([^"]+)"/g)) {
    const [r, g, b] = m[2].trim().split(/\s+/).map(Number);
    materials.set(m[1], `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`);
  }
  const objects: SceneObject[] = [];
  for (const name of names) {
    const geom = mjcf.match(new RegExp(`<geom\\s+[^>]*name="${name}"[^>]*>`))?.[0];
    const size = geom?.match(/size="([^"]+)"/)?.[1].trim().split(/\s+/).map(Number);
    const isBox = geom ? /type="box"/.test(geom) : false;
    const material = geom?.match(/material="([^"]+)"/)?.[1];
    const half: [number, number, number] = isBox && size && size.length === 3 ? [size[0], size[1], size[2]] : [0.015, 0.015, 0.015];
    objects.push({ name, halfSize: half, color: (material && materials.get(material)) ?? '#d33' });
  }
  return objects;
}
