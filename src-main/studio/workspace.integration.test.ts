import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GateVerdict, JointClip, parseRobotProfile } from '../robot';
import type { JointSample } from './robot-source';
import type { Studio } from './studio';
import { socatAvailable, type VirtualArmRig, virtualArmRig } from './testing/virtual-arm-pty';

// A workspace box configured in a custom robot profile reaches the serial arm's safety gate: a planner
// command that would carry the tool out of the box is held at its edge and reported. A virtual SO-101 on a
// pty (the real Feetech wire protocol); synchronised on the studio's own joint-state samples.
describe.skipIf(!socatAvailable)('a profile workspace box on a serial arm', () => {
  let rig: VirtualArmRig;
  let studio: Studio;

  beforeAll(async () => {
    rig = await virtualArmRig();
    studio = rig.studio;
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('is refused when its corners are crossed, named by field', () => {
    expect(() => parseRobotProfile(profile([0, 0, 0], [0.1, -0.1, 0.1]))).toThrow(/workspace/);
  });

  it('holds a planner command at the edge of the box and says so', async () => {
    // Without the URDF files this rig's studio draws a stick arm: 8 cm links, the tool frame is link_5,
    // at z = 0.41 m with every joint at 0. The box lets it move 2 cm.
    await studio.config.write('profiles/boxed_so101.json', JSON.stringify(profile([-0.02, -0.02, 0.39], [0.02, 0.02, 0.43])));
    await studio.robot.connect({ kind: 'serial', port: rig.port, protocol: 'feetech', profile: 'boxed_so101' });
    studio.control.yieldTo('planner'); // the teleop loop stops commanding: the planner has the arm
    const verdict = await new Promise<GateVerdict>((resolve, reject) => {
      let n = 0;
      const off = studio.robot.onSample((s: JointSample) => {
        const v = studio.robot.command([0, 1.0, 0, 0, 0, s.position[5]], 'planner');
        if (v.clipped.some((c) => (c & JointClip.WORKSPACE) !== 0)) {
          off();
          resolve(v);
        } else if (++n > 2000) {
          off();
          reject(new Error(`no workspace clip in 2000 samples; last ${JSON.stringify(v)}`));
        }
      });
    });
    expect(verdict).toMatchObject({ source: 'planner', outcome: 'clipped' });
    expect(verdict.clipped[1] & JointClip.WORKSPACE).toBe(JointClip.WORKSPACE);
    // 2 cm of swing on a 0.4 m lever is ~0.05 rad: shoulder_lift stops there, far short of the 1.0 asked.
    expect(verdict.sent?.[1]).toBeLessThan(0.08);
    await studio.robot.disconnect();
  }, 60_000);
});

function profile(min: number[], max: number[]) {
  return {
    id: 'boxed_so101',
    displayName: 'SO-101 in a box',
    protocol: 'feetech',
    baudRate: 1_000_000,
    urdf: 'none.urdf',
    joints: ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'].map((name, i) => ({
      name,
      servoId: i + 1,
      model: 'sts3215',
      lower: -1.5,
      upper: 1.5,
    })),
    workspace: { min, max, tool: 'link_5' },
  };
}
