import { describe, expect, it } from 'vitest';
import { urdfLinkPose, urdfLinkTransform } from './forward-kinematics';
import { urdfParse } from './urdf';

const PLANAR = urdfParse(`<robot name="planar">
  <link name="base"/><link name="upper"/><link name="lower"/><link name="tip"/>
  <joint name="shoulder" type="revolute"><parent link="base"/><child link="upper"/>
    <origin xyz="0 0 0.1"/><axis xyz="0 0 1"/><limit lower="-3" upper="3"/></joint>
  <joint name="elbow" type="revolute"><parent link="upper"/><child link="lower"/>
    <origin xyz="0.3 0 0"/><axis xyz="0 0 1"/><limit lower="-3" upper="3"/></joint>
  <joint name="tool" type="fixed"><parent link="lower"/><child link="tip"/><origin xyz="0.2 0 0"/></joint>
</robot>`);

describe('urdfLinkTransform', () => {
  it('matches the closed form of a planar two-link arm', () => {
    for (const [a, b] of [[0, 0], [0.4, -1.1], [-2.5, 2.9]]) {
      const { position } = urdfLinkTransform(PLANAR, 'tip', new Map([['shoulder', a], ['elbow', b]]));
      expect(position[0]).toBeCloseTo(0.3 * Math.cos(a) + 0.2 * Math.cos(a + b), 12);
      expect(position[1]).toBeCloseTo(0.3 * Math.sin(a) + 0.2 * Math.sin(a + b), 12);
      expect(position[2]).toBeCloseTo(0.1, 12);
    }
  });

  it('applies origin rpy before the joint rotation', () => {
    // A quarter turn of pitch makes the child's x axis point down, so a fixed 0.2 m offset along it
    // lands below the parent.
    const robot = urdfParse(`<robot name="r"><link name="a"/><link name="b"/><link name="c"/>
      <joint name="pitch" type="fixed"><parent link="a"/><child link="b"/><origin rpy="0 ${Math.PI / 2} 0"/></joint>
      <joint name="reach" type="prismatic"><parent link="b"/><child link="c"/><axis xyz="1 0 0"/>
        <limit lower="0" upper="1"/></joint></robot>`);
    const { position } = urdfLinkTransform(robot, 'c', new Map([['reach', 0.2]]));
    expect(position[0]).toBeCloseTo(0, 12);
    expect(position[2]).toBeCloseTo(-0.2, 12);
  });
});

describe('urdfLinkPose', () => {
  it('gives the yaw of a z-axis joint as a unit quaternion (w, x, y, z)', () => {
    const { quaternion } = urdfLinkPose(PLANAR, 'tip', new Map([['shoulder', 0.5], ['elbow', 0.5]]));
    expect(quaternion[0]).toBeCloseTo(Math.cos(0.5), 12);
    expect(quaternion[3]).toBeCloseTo(Math.sin(0.5), 12);
    expect(Math.abs(quaternion[1]) + Math.abs(quaternion[2])).toBeLessThan(1e-12);
  });
});
