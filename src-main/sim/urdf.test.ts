import { describe, expect, it } from 'vitest';
import { urdfChainTo, urdfMovableJoints, urdfParse } from './urdf';

const TWO_LINK = `<?xml version="1.0"?>
<robot name="planar">
  <link name="base"/><link name="upper"/><link name="lower"/><link name="tip"/>
  <joint name="shoulder" type="revolute">
    <parent link="base"/><child link="upper"/>
    <origin xyz="0 0 0.1" rpy="0 0 0"/><axis xyz="0 0 2"/>
    <limit lower="-1.5" upper="1.5" effort="1" velocity="1"/>
  </joint>
  <joint name="elbow" type="continuous">
    <parent link="upper"/><child link="lower"/><origin xyz="0.3 0 0"/><axis xyz="0 0 1"/>
  </joint>
  <joint name="tool" type="fixed"><parent link="lower"/><child link="tip"/><origin xyz="0.2 0 0"/></joint>
</robot>`;

describe('urdfParse', () => {
  it('reads joints in document order with origins, unit axes and limits', () => {
    const robot = urdfParse(TWO_LINK);
    expect(robot.name).toBe('planar');
    expect(robot.rootLink).toBe('base');
    expect(robot.joints.map((j) => j.name)).toEqual(['shoulder', 'elbow', 'tool']);
    const [shoulder, elbow] = robot.joints;
    expect(shoulder.xyz).toEqual([0, 0, 0.1]);
    expect(shoulder.axis).toEqual([0, 0, 1]);
    expect([shoulder.lower, shoulder.upper]).toEqual([-1.5, 1.5]);
    expect(elbow.lower).toBe(Number.NEGATIVE_INFINITY);
    expect(urdfMovableJoints(robot).map((j) => j.name)).toEqual(['shoulder', 'elbow']);
    expect(urdfChainTo(robot, 'tip').map((j) => j.name)).toEqual(['shoulder', 'elbow', 'tool']);
  });

  it('rejects a revolute joint without limits', () => {
    const text = TWO_LINK.replace('<limit lower="-1.5" upper="1.5" effort="1" velocity="1"/>', '');
    expect(() => urdfParse(text)).toThrow(/shoulder.*limit/);
  });

  it('rejects a joint naming an unknown link', () => {
    expect(() => urdfParse(TWO_LINK.replace('<child link="tip"/>', '<child link="nowhere"/>'))).toThrow(/unknown link "nowhere"/);
  });

  it('rejects a malformed origin', () => {
    expect(() => urdfParse(TWO_LINK.replace('xyz="0.3 0 0"', 'xyz="0.3 0"'))).toThrow(/three numbers/);
  });
});
