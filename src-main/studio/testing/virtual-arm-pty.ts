import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair, removePtyDir } from '../../robot/transports';
import { KinematicJointSource, serveVirtualArmInThread } from '../../sim/servo-bus';
import { createStudio } from '../default-studio';
import type { Studio } from '../studio';

export const socatAvailable = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface VirtualArmRig {
  /** The studio's end of the pty pair. */
  port: string;
  /** The arm's joints, moved "by hand" by setting `positions` while torque is off; then call `handPublish`. */
  hand: KinematicJointSource;
  /** Hand the servos the joints' present positions now (they also get them every 5 ms). */
  handPublish(): void;
  studio: Studio;
  dir: string;
  close(): Promise<void>;
}

/**
 * A virtual SO-101 speaking the real Feetech protocol on one end of a socat pty pair, and a studio with
 * its own temporary folders: the serial path end to end, without hardware.
 */
export async function virtualArmRig(): Promise<VirtualArmRig> {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-rig-'));
  const pair = await openPtyPair();
  const armEnd = pair.a;
  const port = pair.b;
  const hand = new KinematicJointSource(6);
  // The servos answer from their own thread, as `praxis sim`'s do: on a busy machine the studio's
  // event loop and the servos' replies no longer wait on each other, and 50 ms reply windows hold.
  const served = await serveVirtualArmInThread(armEnd, 'feetech', hand);
  const handPublish = () => served.publish(hand.readPositions());
  handPublish();
  // Joints the servos drive (torque on) move on their own; keep the servos' snapshot of them fresh.
  const publishing = setInterval(handPublish, 5);
  const studio = createStudio({ shell: 'server', version: 'test', dataRoot: join(dir, 'data'), configRoot: join(dir, 'config'), modelsRoot: join(dir, 'models') });
  return {
    port,
    hand,
    handPublish,
    studio,
    dir,
    close: async () => {
      await studio.shutdown();
      clearInterval(publishing);
      await served.close();
      await pair.close();
      removePtyDir(pair);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
