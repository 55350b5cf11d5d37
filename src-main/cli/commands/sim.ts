// `praxis sim`: serve the simulated arm as real servos on a serial device, so any servo tool (vendor
// SDKs, LeRobot, Praxis) can drive it: same IDs, model numbers, control tables, status packets, timing.
//
// The servos answer from their own thread (sim/servo-bus/responder-thread.ts) out of the latest physics
// snapshot, so a status packet never waits behind a physics step: the vendors' SDKs give up after ~34 ms.
// `--responder event-loop` keeps the older in-process path, as a reference for bench/serial.bench.ts.

import { parseArgs } from 'node:util';
import { openPtyPair, type PtyPair, removePtyDir, socatAvailable } from '../../robot/transports';
import type { SimulatedArm } from '../../sim';
import {
  armServoSpecs,
  type JointSource,
  jointSourceFromArm,
  KinematicJointSource,
  type SimProtocol,
  serveVirtualArmInThread,
  serveVirtualArmOnSerial,
  type VirtualServoSpec,
} from '../../sim/servo-bus';

const HELP = `Usage: praxis sim (--serial PATH | --pty) [options]

Serves a simulated arm on a serial device. Feetech: an SO-101 (6× STS3215, IDs 1–6).
Dynamixel: a Koch follower (XL430-W250 on IDs 1–2, XL330-M288 on IDs 3–6).

  socat -d -d pty,raw,echo=0,link=/tmp/arm pty,raw,echo=0,link=/tmp/host &
  praxis sim --serial /tmp/arm
  praxis robot read --port /tmp/host --ids 1-6

With MuJoCo physics, the simulation sleeps after 2 s without requests once the arm is at rest
(simulated time pauses; the arm is exactly where it was) and wakes on the next request.

Options:
  --serial PATH        serve on this device (one end of a pty pair)
  --pty                make a pty and print the path for clients: the sim's own (Linux, python3),
                       else a socat pair (needs socat)
  --protocol P         feetech (default) or dynamixel
  --baud B             the servos' line rate, default 1000000 (replies take real wire time at it)
  --physics KIND       mujoco (default) or kinematic (no physics engine; joints slew to targets)
  --responder R        thread (default: the servos answer from their own thread) or event-loop
                       (the older path on the physics thread; a reference for the serial bench)
  -h, --help`;

interface Serving {
  /** The device clients open. */
  clientPath: string;
  close(): Promise<void>;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      serial: { type: 'string' },
      pty: { type: 'boolean' },
      protocol: { type: 'string', default: 'feetech' },
      baud: { type: 'string', default: '1000000' },
      physics: { type: 'string', default: 'mujoco' },
      responder: { type: 'string', default: 'thread' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const protocol = values.protocol as SimProtocol;
  if (protocol !== 'feetech' && protocol !== 'dynamixel') return usageError(`unknown protocol "${values.protocol}"`);
  if (values.responder !== 'thread' && values.responder !== 'event-loop') return usageError(`unknown responder "${values.responder}"`);
  if (!values.serial && !values.pty) return usageError('give --serial PATH or --pty');
  const baudRate = Number(values.baud);
  const specs: VirtualServoSpec[] =
    protocol === 'dynamixel' ? armServoSpecs(6).map((s) => ({ ...s, model: s.id <= 2 ? 1060 : 1200 })) : armServoSpecs(6);

  const arm = values.physics === 'kinematic' ? null : await (await import('../../sim')).SimulatedArm.load();
  let pair: PtyPair | null = null;
  let serving: Serving;
  const serve = (path: string | null) =>
    values.responder === 'thread' ? serveFromThread(path, protocol, arm, { baudRate, specs }) : serveFromEventLoop(path as string, protocol, arm, { baudRate, specs });
  try {
    if (values.serial) serving = await serve(values.serial);
    else {
      // --pty: a pty of the sim's own (no socat in the way) where it can; a socat pair otherwise.
      serving = await (values.responder === 'thread' ? serve(null) : Promise.reject(new Error('the event-loop responder needs a device path'))).catch(async (e) => {
        if (!socatAvailable()) throw new Error(`--pty needs python3 for a pty of the sim's own (${e.message}) or socat (apt-get install socat)`);
        console.log(`Using a socat pty pair (${e.message}).`);
        pair = await openPtyPair();
        return { ...(await serve(pair.a)), clientPath: pair.b };
      });
    }
  } catch (e) {
    // Nothing may stay running (the physics loop's timers would keep the process alive).
    arm?.dispose();
    await closePair(pair);
    throw e;
  }
  const path = values.serial ?? 'a pty';
  const who = protocol === 'dynamixel' ? 'Koch follower (XL430-W250 ×2, XL330-M288 ×4)' : 'SO-101 (STS3215 ×6)';
  console.log(`Serving a simulated ${who}, IDs 1–6, ${values.physics} physics, on ${path} at ${baudRate} baud.`);
  if (values.pty) console.log(`Clients connect to: ${serving.clientPath}`);
  console.log('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await serving.close();
  arm?.dispose();
  await closePair(pair);
  return 0;
}

async function closePair(pair: PtyPair | null): Promise<void> {
  if (!pair) return;
  await pair.close();
  removePtyDir(pair);
}

type ServeOpts = { baudRate: number; specs: VirtualServoSpec[] };

/** The servos on their own thread; this thread runs the physics, publishes snapshots, and naps when idle. */
async function serveFromThread(path: string | null, protocol: SimProtocol, arm: SimulatedArm | null, opts: ServeOpts): Promise<Serving> {
  const served = await serveVirtualArmInThread(path, protocol, arm ? jointSourceFromArm(arm) : 'kinematic', opts);
  // If the device goes away (the pty pair was restarted), the servo thread waits for it and serves again.
  served.onEvent((event) => console.log(event === 'closed' ? `${path} closed; waiting for it to come back…` : `${path} is back; serving again.`));
  if (!arm) return served;
  const clientPath = served.clientPath;
  const { IdleSleep, jointsAtRest } = await import('../../sim');
  const sample = arm.sampleCreate();
  arm.onSample((s) => served.publish(s.position, s.t));
  arm.start();
  const sleep = new IdleSleep(
    {
      start: () => arm.start(),
      stop: () => {
        arm.stop();
        served.publish(arm.readStateInto(sample).position, sample.t);
      },
      atRest: () => jointsAtRest(arm.readStateInto(sample).velocity),
    },
    served,
  );
  return {
    clientPath,
    async close() {
      sleep.dispose();
      arm.stop();
      await served.close();
    },
  };
}

/** The older path: serialport and the servos on the physics thread's event loop; no napping. */
async function serveFromEventLoop(path: string, protocol: SimProtocol, arm: SimulatedArm | null, opts: ServeOpts): Promise<Serving> {
  const source: JointSource = arm ? jointSourceFromArm(arm) : new KinematicJointSource(6);
  const served = await serveVirtualArmOnSerial(path, protocol, source, opts);
  arm?.start();
  return {
    clientPath: path,
    async close() {
      arm?.stop();
      await served.close().catch(() => {});
    },
  };
}

function usageError(message: string): number {
  console.error(`praxis sim: ${message}\nRun \`praxis sim --help\` for the options.`);
  return 2;
}
