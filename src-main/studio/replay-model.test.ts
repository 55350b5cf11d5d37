import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { BUILTIN_PROFILES } from '../robot';
import { replayModelFor } from './replay-model';

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];
const SIM_STATE = [...JOINTS.map((j) => `${j}.pos`), ...JOINTS.map((j) => `${j}.vel`), 'cube.x', 'cube.y', 'cube.z', 'cube.qw', 'cube.qx', 'cube.qy', 'cube.qz'];

describe('replayModelFor', () => {
  it('draws a recorded SO-101 with the studio model, its joint limits and the cube', () => {
    const d = replayModelFor({ robotType: 'sim:so101', stateNames: SIM_STATE, fps: 30 }, BUILTIN_PROFILES);
    expect(d.joints.map((j) => j.name)).toEqual(JOINTS);
    expect(d.joints.every((j) => j.lower < 0 && j.upper > 0)).toBe(true);
    expect(d.urdf).toContain('<robot');
    expect(d.objects.map((o) => o.name)).toEqual(['cube']);
    expect(d.capabilities).toEqual(['seek']);
  });

  it('draws another known arm as a stick figure with its profile joints', () => {
    const koch = BUILTIN_PROFILES.koch_follower;
    const d = replayModelFor({ robotType: 'koch_follower', stateNames: koch.joints.map((j) => `${j.name}.pos`), fps: 50 }, BUILTIN_PROFILES);
    expect(d.joints.map((j) => j.name)).toEqual(koch.joints.map((j) => j.name));
    expect(d.urdf).toContain(`name="${koch.joints[0].name}"`);
  });

  it('refuses a dataset with no joint positions, saying what replay needs', () => {
    expect(() => replayModelFor({ robotType: null, stateNames: ['temperature'], fps: 10 }, {})).toThrow(expect.objectContaining({ code: ErrorCodes.DATASET_INCOMPATIBLE }));
  });
});
