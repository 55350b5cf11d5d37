import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, parseRobotProfile } from '.';

describe('robot profiles', () => {
  it('ships SO-101 and Koch leader/follower with six joints and IDs 1..6', () => {
    for (const id of ['so101_follower', 'so101_leader', 'koch_follower', 'koch_leader']) {
      const p = BUILTIN_PROFILES[id];
      expect(p.joints.map((j) => j.servoId)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(p.joints.map((j) => j.name)).toEqual(['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper']);
      expect(parseRobotProfile(JSON.stringify(p))).toEqual(p);
    }
    expect(BUILTIN_PROFILES.koch_follower.joints[0].model).toBe('xl430-w250');
  });

  it('explains a bad custom profile by field', () => {
    const bad = { ...BUILTIN_PROFILES.so101_follower, joints: [{ ...BUILTIN_PROFILES.so101_follower.joints[0], model: 'sg90' }] };
    expect(() => parseRobotProfile(bad)).toThrow(/joints\.0\.model/);
    expect(() => parseRobotProfile('{not json')).toThrow(/not valid JSON/);
  });

  it('refuses two joints on one servo ID', () => {
    const p = structuredClone(BUILTIN_PROFILES.so101_follower);
    p.joints[3].servoId = 2;
    expect(() => parseRobotProfile(p)).toThrow(expect.objectContaining({ code: 'DUPLICATE_ID' }));
  });
});
