import { describe, expect, it } from 'vitest';
import type { JointStateBatch, PraxisApi, RobotStatus } from '../../src-main/api';
import { RobotStore } from './robot-store';

/** An api whose streams the test pushes by hand. */
function fakeApi() {
  const listeners = new Map<string, (e: unknown) => void>();
  const api = {
    call: async () => {
      throw new Error('not connected');
    },
    subscribe: (stream: string, l: (e: unknown) => void) => {
      listeners.set(stream, l);
      return () => listeners.delete(stream);
    },
    onTransport: () => () => undefined,
  } as unknown as PraxisApi;
  return { api, push: (stream: string, e: unknown) => listeners.get(stream)?.(e) };
}

const batch = (over: Partial<JointStateBatch>): JointStateBatch => ({
  joints: 2,
  t: [1, 1.01],
  position: [0.1, 0.2, 0.11, 1.61],
  velocity: [0, 0, 1, -2],
  targets: [0.1, 0.9],
  trackingError: [0, -0.71],
  objects: [],
  dropped: 0,
  ...over,
});

describe('RobotStore', () => {
  it('keeps the latest position, velocity, target and the gate’s tracking error per joint', () => {
    const { api, push } = fakeApi();
    const robot = new RobotStore(api);
    push('robot.jointState', batch({}));
    expect(Array.from(robot.position)).toEqual([0.11, 1.61]);
    expect(Array.from(robot.velocity)).toEqual([1, -2]);
    expect(Array.from(robot.targets)).toEqual([0.1, 0.9]);
    expect(Array.from(robot.trackingError)).toEqual([0, -0.71]);
    expect(robot.getSnapshot().frame).toBe(1);
  });

  it('keeps the last tracking error when a batch carries none', () => {
    const { api, push } = fakeApi();
    const robot = new RobotStore(api);
    push('robot.jointState', batch({}));
    push('robot.jointState', batch({ trackingError: [] }));
    expect(Array.from(robot.trackingError)).toEqual([0, -0.71]);
  });

  it('takes the e-stop and blocked joints from the status stream', () => {
    const { api, push } = fakeApi();
    const robot = new RobotStore(api);
    const status: RobotStatus = { connection: 'disconnected', robotId: null, rateHz: 0, estopped: true, blocked: [{ joint: 'shoulder_lift', target: 0.9, position: 1.61 }], lastError: null };
    push('robot.status', status);
    expect(robot.getSnapshot()).toMatchObject({ statusKnown: true, status: { estopped: true, blocked: [{ joint: 'shoulder_lift' }] } });
  });
});
