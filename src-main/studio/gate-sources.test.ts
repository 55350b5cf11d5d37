import { afterEach, describe, expect, it } from 'vitest';
import { type CommandSource, type GateVerdict, JointClip, type WorkspaceBox } from '../robot';
import { chainForward, chainFromUrdf } from '../kinematics';
import { robotFileRead, SO101_URDF, urdfParse } from '../sim';
import { LeaderTeleop } from '../teleop';
import { type ControlRig, controlRigBuild } from './control-rig';
import { LinkSource } from './testing/link-source';

// The done-when: an out-of-limit command from each command source goes through the one gate and
// comes out clamped, reported with its source, and refused under e-stop. The control rig is the studio's
// own (control-rig.ts) over the real Feetech driver, link and gate; the test ticks it as the recorder does,
// on the link's injected clock, so nothing depends on how busy the machine is.

type Rig = Omit<ControlRig, 'recorder' | 'cameraKey' | 'webcam'>;
const TICK_S = 0.02;
const PAN = 0;
const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];

let stopLast: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopLast?.();
  stopLast = null;
});

async function rigOn(workspace?: WorkspaceBox) {
  const source = new LinkSource({ workspace });
  const rig: Rig = controlRigBuild(source);
  const verdicts: GateVerdict[] = [];
  source.link.gate.onVerdict((v) => verdicts.push(v));
  await source.start();
  stopLast = () => source.stop();
  /** One control tick as the recorder runs it: observe, step the active source, command through the gate. */
  const tick = async (before?: () => void) => {
    before?.();
    source.now += TICK_S;
    const position = source.link.latest?.position ?? new Float64Array(6);
    rig.robot.command(rig.actions.step({ t: source.now, position }));
    // Let the write (and a leader arm's read) finish: an event, not a clock.
    await new Promise((r) => setImmediate(r));
  };
  /** Tick until the gate reports a verdict from `kind` that matches, at most `ticks` times. */
  const tickUntil = async (kind: CommandSource, match: (v: GateVerdict) => boolean, before?: () => void, ticks = 400) => {
    for (let k = 0; k < ticks; k++) {
      await tick(before);
      const v = verdicts.findLast((x) => x.source === kind);
      if (v && match(v)) return v;
    }
    throw new Error(`no matching verdict from ${kind}; last: ${JSON.stringify(verdicts.at(-1))}`);
  };
  // The loop's first tick syncs the stream to the measured pose (and restarts the active source from it).
  await tick();
  return { source, rig, verdicts, tick, tickUntil };
}

const clippedAt = (bit: number) => (v: GateVerdict) => v.outcome === 'clipped' && v.clipped.some((c) => (c & bit) !== 0);

/** Drive each teleop source past shoulder_pan's upper limit (1.92 rad). */
const pastTheLimit: Record<'sliders' | 'keyboard' | 'gamepad' | 'leader', (rig: Rig) => () => void> = {
  sliders: (rig) => {
    rig.actions.activate('sliders');
    rig.sliders.setJoint(PAN, 5);
    return () => {};
  },
  keyboard: (rig) => {
    rig.actions.activate('keyboard');
    return () => rig.keyboard.heldKeys(['KeyQ']); // shoulder_pan +, held (snapshots, as the UI sends)
  },
  gamepad: (rig) => {
    rig.gamepad.setMapping({ axes: [], buttons: [{ button: 0, target: { kind: 'joint', joint: PAN }, direction: 1 }] });
    rig.actions.activate('gamepad');
    return () => rig.gamepad.input({ axes: [], buttons: [1] });
  },
  leader: (rig) => {
    rig.actions.add(new LeaderTeleop({ readPositions: async () => [3, 0, 0, 0.9, 0, 0.1] }, 6));
    rig.actions.activate('leader');
    return () => {};
  },
};

describe('every command source passes the one safety gate', () => {
  it.each(Object.keys(pastTheLimit) as (keyof typeof pastTheLimit)[])(
    '%s: an out-of-limit command is clamped at the joint limit, reported with its source, and refused under e-stop',
    async (kind) => {
      const { source, rig, verdicts, tickUntil, tick } = await rigOn();
      const input = pastTheLimit[kind](rig);
      const v = await tickUntil(kind, clippedAt(JointClip.POSITION), input);
      expect(v.clipped[PAN] & JointClip.POSITION).toBe(JointClip.POSITION);
      expect(v.requested[PAN]).toBeGreaterThan(1.91986);
      expect(v.sent?.[PAN]).toBeLessThanOrEqual(1.91986);
      // What the stream (and so the recorder) holds as the action is what the gate sent.
      expect(rig.actions.action[PAN]).toBe(v.sent?.[PAN]);
      await source.link.estop();
      const before = verdicts.length;
      await tick(input);
      const refused = verdicts.slice(before).find((x) => x.source === kind);
      expect(refused).toMatchObject({ outcome: 'refused', sent: null, refusal: { code: 'ESTOP' } });
      expect(rig.actions.status().refusal?.code).toBe('ESTOP');
    },
  );

  it.each(['planner', 'script', 'api'] as const)('%s: an out-of-limit command is clamped, reported, and refused under e-stop', async (kind) => {
    const { source } = await rigOn();
    const v = source.command([5, -5, 0, 0.9, 0, 0.1], kind);
    expect(v).toMatchObject({ source: kind, outcome: 'clipped' });
    expect(v.clipped[0] & JointClip.POSITION).toBe(JointClip.POSITION);
    expect(v.clipped[1] & JointClip.POSITION).toBe(JointClip.POSITION);
    await source.link.estop();
    expect(source.command([5, -5, 0, 0.9, 0, 0.1], kind)).toMatchObject({ source: kind, outcome: 'refused', refusal: { code: 'ESTOP' } });
  });

  it.each(['gizmo', 'scripted'] as const)('%s: a move out of the workspace box is held at its edge, reported, and refused under e-stop', async (kind) => {
    // A box of ±1 cm around the tool at the start pose: any real move of the tool leaves it.
    const chain = chainFromUrdf(urdfParse(robotFileRead(SO101_URDF)), 'gripper_tip', JOINTS);
    const p = chainForward(chain, [0, 0, 0, 0.9, 0, 0.1]).position;
    const box: WorkspaceBox = { chain, min: [p[0] - 0.01, p[1] - 0.01, p[2] - 0.01], max: [p[0] + 0.01, p[1] + 0.01, p[2] + 0.01] };
    const { source, rig, verdicts, tickUntil, tick } = await rigOn(box);
    if (kind === 'gizmo') {
      rig.actions.activate('gizmo');
      rig.gizmo?.setPose({ position: [p[0] + 0.08, p[1], p[2] - 0.05] });
    } else rig.actions.activate('scripted');
    const v = await tickUntil(kind, clippedAt(JointClip.WORKSPACE));
    expect(v.source).toBe(kind);
    await source.link.estop();
    const before = verdicts.length;
    await tick();
    expect(verdicts.slice(before).find((x) => x.source === kind)).toMatchObject({ outcome: 'refused', refusal: { code: 'ESTOP' } });
  });
});
