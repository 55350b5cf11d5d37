import { describe, expect, it } from 'vitest';
import { chainCreate } from '../../kinematics';
import { COMMAND_SOURCES, type GateVerdict, JointClip, SafetyGate } from './safety-gate';
import { type WorkspaceBox, workspaceExcess, workspaceScratchCreate } from './workspace-box';

const limits = { lower: Float64Array.of(-1, -1), upper: Float64Array.of(1, 1), maxVelocity: Float64Array.of(2, 2) };

/** A gate on an injected clock: time moves only when the test says so. */
function gateAt(workspace?: WorkspaceBox) {
  let now = 10;
  const gate = new SafetyGate({ limits: { ...limits, workspace }, jointNames: ['a', 'b'], clock: () => now });
  return { gate, advance: (s: number) => (now += s) };
}

describe('SafetyGate', () => {
  it.each(COMMAND_SOURCES)('clips an out-of-limit command from %s, reports it tagged with the source, and refuses it under e-stop', (source) => {
    const { gate, advance } = gateAt();
    const heard: GateVerdict[] = [];
    gate.onVerdict((v) => heard.push(v));
    const first = gate.pass([5, 0], source, Float64Array.of(0.99, 0));
    expect(first).toMatchObject({ source, outcome: 'clipped', refusal: null });
    expect(Array.from(first.sent ?? [])).toEqual([1, 0]);
    expect(first.clipped[0] & JointClip.POSITION).toBe(JointClip.POSITION);
    expect(first.clipped[1]).toBe(0);
    expect(Array.from(first.requested)).toEqual([5, 0]);
    gate.estop();
    advance(0.02);
    const refused = gate.pass([5, 0], source, Float64Array.of(1, 0));
    expect(refused).toMatchObject({ source, outcome: 'refused', sent: null, refusal: { code: 'ESTOP' } });
    expect(heard.map((v) => v.outcome)).toEqual(['clipped', 'refused']);
    gate.release();
    expect(gate.pass([0.5, 0], source, Float64Array.of(0.5, 0)).outcome).toBe('sent');
  });

  it('caps speed from the last command it sent, by the time between commands', () => {
    const { gate, advance } = gateAt();
    gate.pass([0, 0], 'planner', Float64Array.of(0, 0));
    advance(0.01);
    const v = gate.pass([0.5, -0.5], 'planner', null);
    expect(v.sent?.[0]).toBeCloseTo(0.02);
    expect(v.sent?.[1]).toBeCloseTo(-0.02);
    expect(Array.from(v.clipped)).toEqual([JointClip.VELOCITY, JointClip.VELOCITY]);
    advance(0.01);
    expect(gate.pass([0.5, -0.5], 'planner', null).sent?.[0]).toBeCloseTo(0.04);
  });

  it('starts from the measured position after forget(), and refuses when it has none', () => {
    const { gate } = gateAt();
    expect(gate.pass([0, 0], 'script', null)).toMatchObject({ outcome: 'refused', refusal: { code: 'NOT_CONNECTED' } });
    gate.pass([0, 0], 'script', Float64Array.of(0, 0));
    gate.forget();
    const v = gate.pass([0.8, 0.8], 'script', Float64Array.of(0.8, 0.7));
    expect(v.sent?.[0]).toBeCloseTo(0.8);
    expect(v.sent?.[1]).toBeCloseTo(0.8); // 0.1 rad in the first step's 50 ms at 2 rad/s
  });

  it('refuses a command with the wrong number of joints, naming them', () => {
    const { gate } = gateAt();
    const v = gate.pass([0, 0, 0], 'api', Float64Array.of(0, 0));
    expect(v.refusal?.code).toBe('INVALID_ARGUMENT');
    expect(v.refusal?.hint).toContain('a, b');
  });

  it('keeps the tool inside the workspace box, flagging the joints it held back', () => {
    // A planar two-link arm (0.1 m + 0.1 m, both joints about z): the tool may not go below y = 0.
    const chain = chainCreate(
      [
        { name: 'a', type: 'revolute', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [0, 0, 1], lower: -1, upper: 1 },
        { name: 'b', type: 'revolute', xyz: [0.1, 0, 0], rpy: [0, 0, 0], axis: [0, 0, 1], lower: -1, upper: 1 },
        { name: 'tip', type: 'fixed', xyz: [0.1, 0, 0], rpy: [0, 0, 0], axis: [1, 0, 0], lower: 0, upper: 0 },
      ],
      ['a', 'b'],
    );
    const box: WorkspaceBox = { min: [-1, 0, -1], max: [1, 1, 1], chain };
    const { gate, advance } = gateAt(box);
    const scratch = workspaceScratchCreate(box);
    let v = gate.pass([0.05, 0], 'gizmo', Float64Array.of(0.05, 0));
    expect(v.outcome).toBe('sent');
    for (let i = 0; i < 20; i++) {
      advance(0.02);
      v = gate.pass([-0.5, 0], 'gizmo', null);
    }
    expect(v.clipped[0] & JointClip.WORKSPACE).toBe(JointClip.WORKSPACE);
    expect(workspaceExcess(box, v.sent ?? [], scratch)).toBeLessThan(1e-9);
    expect(v.sent?.[0]).toBeLessThan(0.001);
    expect(v.sent?.[0]).toBeGreaterThan(-0.001);
  });
});
