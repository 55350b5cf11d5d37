// `praxis sim`: serve the simulated arm as real servos on a serial device, so any servo tool (vendor
// SDKs, LeRobot, Praxis) can drive it: same IDs, model numbers, control tables, status packets, timing.

import { parseArgs } from 'node:util';
import { openPtyPair, removePtyDir, socatAvailable } from '../../robot/transports';
import {
  armServoSpecs,
  type JointSource,
  jointSourceFromArm,
  KinematicJointSource,
  type SimProtocol,
  serveVirtualArmOnSerial,
  type VirtualServoSpec,
} from '../../sim/servo-bus';

const HELP = `Usage: praxis sim (--serial PATH | --pty) [options]

Serves a simulated arm on a serial device. Feetech: an SO-101 (6× STS3215, IDs 1–6).
Dynamixel: a Koch follower (XL430-W250 on IDs 1–2, XL330-M288 on IDs 3–6).

  socat -d -d pty,raw,echo=0,link=/tmp/arm pty,raw,echo=0,link=/tmp/host &
  praxis sim --serial /tmp/arm
  praxis robot read --port /tmp/host --ids 1-6

Options:
  --serial PATH        serve on this device (one end of a pty pair)
  --pty                create the pty pair (needs socat) and print the path for clients
  --protocol P         feetech (default) or dynamixel
  --baud B             the servos' line rate, default 1000000 (replies take real wire time at it)
  --physics KIND       mujoco (default) or kinematic (no physics engine; joints slew to targets)
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      serial: { type: 'string' },
      pty: { type: 'boolean' },
      protocol: { type: 'string', default: 'feetech' },
      baud: { type: 'string', default: '1000000' },
      physics: { type: 'string', default: 'mujoco' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const protocol = values.protocol as SimProtocol;
  if (protocol !== 'feetech' && protocol !== 'dynamixel') return usageError(`unknown protocol "${values.protocol}"`);
  if (!values.serial && !values.pty) return usageError('give --serial PATH or --pty');
  if (values.pty && !socatAvailable()) return usageError('--pty needs socat (apt-get install socat)');
  const baudRate = Number(values.baud);

  let stopPhysics = () => {};
  let source: JointSource;
  if (values.physics === 'kinematic') {
    source = new KinematicJointSource(6);
  } else {
    const { SimulatedArm } = await import('../../sim');
    const arm = await SimulatedArm.load();
    arm.start();
    stopPhysics = () => {
      arm.stop();
      arm.dispose();
    };
    source = jointSourceFromArm(arm);
  }
  const specs: VirtualServoSpec[] =
    protocol === 'dynamixel' ? armServoSpecs(6).map((s) => ({ ...s, model: s.id <= 2 ? 1060 : 1200 })) : armServoSpecs(6);

  const pair = values.pty ? await openPtyPair() : null;
  const path = pair ? pair.a : (values.serial as string);
  let served: Awaited<ReturnType<typeof serveVirtualArmOnSerial>>;
  try {
    served = await serveVirtualArmOnSerial(path, protocol, source, { baudRate, specs });
  } catch (e) {
    // The physics loop's timers would keep the process alive after the error is printed.
    stopPhysics();
    await pair?.close();
    if (pair) removePtyDir(pair);
    throw e;
  }
  // The same servos (memory, IDs, offsets) across re-opens, as a powered arm keeps them.
  const responder = served.responder;
  const who = protocol === 'dynamixel' ? 'Koch follower (XL430-W250 ×2, XL330-M288 ×4)' : 'SO-101 (STS3215 ×6)';
  console.log(`Serving a simulated ${who}, IDs 1–6, ${values.physics} physics, on ${path} at ${baudRate} baud.`);
  if (pair) console.log(`Clients connect to: ${pair.b}`);
  console.log('Ctrl-C to stop.');
  let stopping = false;
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // If the device goes away (the pty pair was restarted), wait for it to come back and serve again.
    const watch = (arm: typeof served) =>
      arm.transport.onClose(async () => {
        if (stopping) return;
        console.log(`${path} closed; waiting for it to come back…`);
        while (!stopping) {
          await new Promise((r) => setTimeout(r, 500));
          try {
            served = await serveVirtualArmOnSerial(path, protocol, source, { baudRate, specs, responder });
            console.log(`${path} is back; serving again.`);
            watch(served);
            return;
          } catch {
            // Not there yet.
          }
        }
      });
    watch(served);
  });
  await served.close().catch(() => {});
  stopPhysics();
  if (pair) {
    await pair.close();
    removePtyDir(pair);
  }
  return 0;
}

function usageError(message: string): number {
  console.error(`praxis sim: ${message}\nRun \`praxis sim --help\` for the options.`);
  return 2;
}
