/**
 * A plain URDF for a robot we have no model of (a custom profile): one 8 cm link per joint, alternating
 * pitch and yaw axes, so the 3D view still shows every joint moving. Drawn in neutral grey.
 */
export function stickUrdf(name: string, joints: readonly { name: string; lower: number; upper: number }[]): string {
  const links = [`<link name="base"><visual><geometry><cylinder radius="0.04" length="0.02"/></geometry><material name="grey"><color rgba="0.6 0.6 0.65 1"/></material></visual></link>`];
  const parts: string[] = [];
  let parent = 'base';
  joints.forEach((j, i) => {
    const link = `link_${i}`;
    const axis = i % 2 === 0 ? '0 0 1' : '0 1 0';
    links.push(
      `<link name="${link}"><visual><origin xyz="0 0 0.04"/><geometry><box size="0.025 0.025 0.08"/></geometry><material name="grey"/></visual></link>`,
    );
    parts.push(
      `<joint name="${escapeXml(j.name)}" type="revolute"><parent link="${parent}"/><child link="${link}"/><origin xyz="0 0 ${i === 0 ? 0.01 : 0.08}"/><axis xyz="${axis}"/><limit lower="${j.lower}" upper="${j.upper}" effort="1" velocity="1"/></joint>`,
    );
    parent = link;
  });
  return `<?xml version="1.0"?>\n<robot name="${escapeXml(name)}">\n${links.join('\n')}\n${parts.join('\n')}\n</robot>\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
