import { describe, expect, it } from 'vitest';
import { planArgsParse } from './plan-args';

describe('praxis plan options', () => {
  it('reads a joint goal with a cube target, and maps cem to the fast CEM preset', () => {
    const p = planArgsParse(['--robot', 'sim', '--goal-joints', '0,-0.5,0.6,0.8,0,0.3', '--goal-cube', '0.3,0.05', '--json']);
    expect(p).toMatchObject({ kind: 'plan', request: { robot: 'sim', preset: 'fast', json: true, goal: { kind: 'joints', joints: [0, -0.5, 0.6, 0.8, 0, 0.3], cube: [0.3, 0.05] } } });
  });

  it('reads an end-effector goal, an episode frame and a push-only goal', () => {
    expect(planArgsParse(['--robot', '/dev/pts/3', '--goal-ee', '0.2,0,0.1'])).toMatchObject({ request: { goal: { kind: 'ee', position: [0.2, 0, 0.1] } } });
    expect(planArgsParse(['--robot', 'sim', '--goal-episode', 'data/d1:2:40'])).toMatchObject({ request: { goal: { kind: 'episode', dataset: 'data/d1', episode: 2, frame: 40 } } });
    expect(planArgsParse(['--robot', 'sim', '--goal-cube', '0.3,0'])).toMatchObject({ request: { goal: { kind: 'cube', cube: [0.3, 0] } } });
  });

  it('refuses two arm goals, no goal, a bad planner and a bad budget, saying which', () => {
    expect(planArgsParse(['--robot', 'sim', '--goal-ee', '0,0,0', '--goal-joints', '1,2'])).toMatchObject({ kind: 'error', message: /one of/ });
    expect(planArgsParse(['--robot', 'sim'])).toMatchObject({ kind: 'error', message: /a goal is needed/ });
    expect(planArgsParse(['--robot', 'sim', '--goal-cube', '0.3,0', '--planner', 'astar'])).toMatchObject({ kind: 'error', message: /--planner/ });
    expect(planArgsParse(['--robot', 'sim', '--goal-cube', '0.3,0', '--budget=-1'])).toMatchObject({ kind: 'error', message: /--budget/ });
    expect(planArgsParse(['--robot', 'sim', '--goal-ee', '0.2,0'])).toMatchObject({ kind: 'error', message: /--goal-ee must be 3/ });
    expect(planArgsParse(['--goal-ee', '0.2,0,0'])).toMatchObject({ kind: 'error', message: /--robot/ });
  });

  it('reads the calibrate subcommand', () => {
    expect(planArgsParse(['calibrate', '--dataset', 'ds', '--quantile', '0.99'])).toMatchObject({ kind: 'calibrate', request: { dataset: 'ds', quantile: 0.99, model: null } });
    expect(planArgsParse(['calibrate'])).toMatchObject({ kind: 'error', message: /--dataset/ });
  });
});
