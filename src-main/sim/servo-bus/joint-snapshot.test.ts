import { describe, expect, it } from 'vitest';
import { type JointCommand, jointCommandApply, JointSnapshot, SnapshotJointSource } from './joint-snapshot';
import { KinematicJointSource } from './jointSource';

describe('JointSnapshot: the physics state shared with the servo thread', () => {
  it('hands a reader on the same buffer the last positions written, with their time', () => {
    const physics = new JointSnapshot(3);
    const servos = new JointSnapshot(3, physics.buffer);
    physics.write([0.1, -0.2, 0.3], 1.25);
    physics.write([0.4, -0.5, 0.6], 1.5);
    const out = new Float64Array(3);
    expect(servos.readInto(out)).toBe(1.5);
    expect(Array.from(out)).toEqual([0.4, -0.5, 0.6]);
    expect(servos.writes).toBe(2);
  });

  it('turns the servos’ writes into commands for the physics, applied in wire order', () => {
    const snapshot = new JointSnapshot(2);
    snapshot.write([0.3, 0.7]);
    const sent: JointCommand[] = [];
    const servoSide = new SnapshotJointSource(snapshot, (c) => sent.push(c));
    expect(Array.from(servoSide.readPositions())).toEqual([0.3, 0.7]);
    servoSide.setTorque(true, 0);
    servoSide.setTargets(new Float64Array([0.9, 0.7, 99]));
    expect(sent.map((c) => c.kind)).toEqual(['torque', 'targets']);

    let t = 0;
    const physics = new KinematicJointSource(2, 1, () => t, [0.3, 0.7]);
    for (const c of sent) jointCommandApply(physics, c);
    t = 10;
    // Torque came first, so the target that followed is held: joint 0 travelled to 0.9.
    expect(physics.readPositions()[0]).toBeCloseTo(0.9);
    expect(physics.torque).toEqual([true, false]);
  });
});
