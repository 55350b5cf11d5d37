// `praxis robot`: joint-level access to an arm — read joint states, move to positions, torque on/off.

import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  BUILTIN_PROFILES,
  CalibrationProcedure,
  calibrationFromLeRobot,
  calibrationSave,
  MIN_SWEEP_TICKS,
  type RobotCalibration,
  restoreCalibration,
  type ServoBus,
  createServoBus,
  JointIo,
  lineProfileFromHello,
  parseIdList,
  parseRobotProfile,
  type RobotProfile,
  RobotLink,
  openPort,
} from '../../robot';
import { printTable } from './ports';

const HELP = `Usage: praxis robot <action> --port PATH [options]

Actions:
  read      print joint states (position in ticks, radians, degrees; velocity; torque)
  write     move to --positions (radians, or --degrees), velocity-limited and clamped to the profile's limits
  torque    on | off
  calibrate walk through calibration in the terminal (centre pose, then sweep every joint), save it;
            or --import-lerobot FILE to take over a LeRobot calibration (fixing its homing overflow)
  profiles  list built-in robot profiles (no port needed)

Options:
  --port PATH        serial device or tcp://host:port
  --protocol P       feetech (default), dynamixel, or line (a board on the Praxis line protocol)
  --ids LIST         servo IDs for read, e.g. 1-6 (default: the profile's)
  --profile NAME     so101_follower, so101_leader, koch_follower, koch_leader, or a JSON file
                     (default so101_follower for feetech, koch_follower for dynamixel)
  --baud B           default: the profile's (1000000)
  --positions LIST   comma-separated joint targets for write
  --degrees          targets are in degrees
  --release          turn torque off after write (default: keep holding)
  --watch            read repeatedly at 10 Hz until Ctrl-C
  --dir DIR          calibration folder (default $PRAXIS_CONFIG_DIR/calibration or ~/PraxisStudio/config/calibration)
  --robot-id NAME    name the calibration is saved under (default: the profile id, as the studio loads it)
  --import-lerobot F a LeRobot calibration JSON to write to the servos and save
  --json             machine-readable output
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      protocol: { type: 'string', default: 'feetech' },
      ids: { type: 'string' },
      profile: { type: 'string' },
      baud: { type: 'string' },
      positions: { type: 'string' },
      degrees: { type: 'boolean' },
      release: { type: 'boolean' },
      watch: { type: 'boolean' },
      dir: { type: 'string' },
      'robot-id': { type: 'string' },
      'import-lerobot': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const action = positionals[0];
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (action === 'profiles') {
    const all = Object.values(BUILTIN_PROFILES);
    if (values.json) console.log(JSON.stringify(all, null, 2));
    else printTable(['PROFILE', 'PROTOCOL', 'ROLE', 'JOINTS'], all.map((p) => [p.id, p.protocol, p.role, p.joints.map((j) => `${j.name}:${j.servoId}`).join(' ')]));
    return 0;
  }
  if (values.protocol !== 'feetech' && values.protocol !== 'dynamixel' && values.protocol !== 'line') return usageError(`unknown protocol "${values.protocol}"`);
  if (!values.port) return usageError('--port is required (see `praxis ports`)');
  const profile = await loadProfile(values.profile ?? (values.protocol === 'dynamixel' ? 'koch_follower' : values.protocol === 'line' ? 'line' : 'so101_follower'));
  if (profile.protocol !== values.protocol) return usageError(`profile ${profile.id} speaks ${profile.protocol}, not ${values.protocol}`);
  const baud = values.baud ? Number(values.baud) : profile.baudRate;
  const port = values.port;

  if (action === 'calibrate') {
    if (profile.protocol === 'line') return usageError('line-protocol boards calibrate in their own firmware');
    const dir = values.dir ?? join(process.env.PRAXIS_CONFIG_DIR ?? join(homedir(), 'PraxisStudio', 'config'), 'calibration');
    const robotId = values['robot-id'] ?? profile.id;
    const bus = createServoBus(profile.protocol, await openPort(port, baud), { timeoutMs: 50, retries: 2 });
    try {
      const cal = values['import-lerobot']
        ? await importLeRobot(bus, profile, robotId, values['import-lerobot'])
        : await calibrateInTerminal(bus, profile, robotId);
      const file = await calibrationSave(dir, cal);
      console.log(`Saved calibration of ${robotId} to ${file}`);
    } finally {
      await bus.close();
    }
    return 0;
  }

  if (action === 'read' && profile.protocol !== 'line') {
    const ids = values.ids ? parseIdList(values.ids) : profile.joints.map((j) => j.servoId);
    const transport = await openPort(port, baud);
    const bus = createServoBus(profile.protocol, transport);
    try {
      const names = ids.map((id) => profile.joints.find((j) => j.servoId === id)?.name ?? `servo ${id}`);
      const io = new JointIo(
        bus,
        ids,
        ids.map((id) => ({ zeroTick: 2048, direction: profile.joints.find((j) => j.servoId === id)?.direction ?? 1, ticksPerTurn: 4096 })),
      );
      const position = new Float64Array(ids.length);
      const velocity = new Float64Array(ids.length);
      let stop = false;
      process.once('SIGINT', () => {
        stop = true;
      });
      do {
        await io.readState(position, velocity);
        const ticks = await bus.syncRead(ids, 'Present_Position');
        const torque = await bus.syncRead(ids, 'Torque_Enable');
        const rows = ids.map((id, i) => ({
          joint: names[i],
          id,
          ticks: ticks[i],
          radians: position[i],
          degrees: (position[i] * 180) / Math.PI,
          velocity: velocity[i],
          torque: torque[i] !== 0,
        }));
        if (values.json) console.log(JSON.stringify({ t: performance.now() / 1000, joints: rows }));
        else
          printTable(
            ['JOINT', 'ID', 'TICKS', 'RAD', 'DEG', 'RAD/S', 'TORQUE'],
            rows.map((r) => [r.joint, String(r.id), String(r.ticks), r.radians.toFixed(4), r.degrees.toFixed(1), r.velocity.toFixed(3), r.torque ? 'on' : 'off']),
          );
        if (values.watch) await new Promise((r) => setTimeout(r, 100));
      } while (values.watch && !stop);
    } finally {
      await bus.close();
    }
    return 0;
  }

  const link = new RobotLink({ profile, open: () => openPort(port, baud), reconnectMs: 0, watchdogMs: 0 });
  if (action === 'read') {
    await link.connect();
    try {
      const s = await link.readJointState();
      const rows = profile.joints.map((j, i) => ({ joint: j.name, radians: s.position[i], velocity: s.velocity[i] }));
      if (values.json) console.log(JSON.stringify({ t: s.t, joints: rows }));
      else printTable(['JOINT', 'RAD', 'DEG', 'RAD/S'], rows.map((r) => [r.joint, r.radians.toFixed(4), ((r.radians * 180) / Math.PI).toFixed(1), r.velocity.toFixed(3)]));
    } finally {
      await link.disconnect();
    }
    return 0;
  }
  link.onError((e) => {
    if (e.code === 'CALIBRATION_MISMATCH') console.error(`warning: ${e.message}`);
  });
  await link.connect();
  let keepTorque = false;
  try {
    if (action === 'torque') {
      const on = positionals[1] === 'on' ? true : positionals[1] === 'off' ? false : null;
      if (on === null) return usageError('torque needs on or off');
      await link.torque(on);
      keepTorque = on;
      console.log(`torque ${on ? 'on' : 'off'} for ${profile.joints.length} joints`);
      return 0;
    }
    if (action === 'write') {
      if (!values.positions) return usageError('write needs --positions, one per joint');
      const scale = values.degrees ? Math.PI / 180 : 1;
      const goal = Float64Array.from(values.positions.split(',').map((x) => Number(x) * scale));
      if (!link.torqueEnabled) await link.torque(true);
      // Step toward the goal at the profile's velocity limits, as a control loop would.
      let sent = await link.sendTargets(goal);
      const deadline = performance.now() + 15_000;
      while (sent.clipped.some((f) => f & 2) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        sent = await link.sendTargets(goal);
      }
      await new Promise((r) => setTimeout(r, 300));
      const state = await link.readJointState();
      const rows = profile.joints.map((j, i) => ({
        joint: j.name,
        requested: goal[i],
        sent: sent.sent[i],
        clamped: (sent.clipped[i] & 1) !== 0,
        reached: state.position[i],
      }));
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else
        printTable(
          ['JOINT', 'REQUESTED', 'SENT', 'NOW', 'NOTE'],
          rows.map((r) => [r.joint, r.requested.toFixed(4), r.sent.toFixed(4), r.reached.toFixed(4), r.clamped ? 'clamped to joint limit' : '']),
        );
      if (values.release) await link.torque(false);
      keepTorque = !values.release;
      return 0;
    }
    return usageError(`unknown action "${action}"`);
  } finally {
    // Holding after `write` or `torque on` is the point of them; anything else leaves torque off.
    await link.disconnect({ keepTorque });
  }
}

async function importLeRobot(bus: ServoBus, profile: RobotProfile, robotId: string, file: string): Promise<RobotCalibration> {
  const { readFile } = await import('node:fs/promises');
  const { calibration, repaired } = calibrationFromLeRobot(await readFile(file, 'utf8'), profile, robotId);
  for (const r of repaired)
    console.log(`${r.joint}: LeRobot's homing offset ${r.from} overflows the servo register; written as ${r.to} with the joint zero moved to match.`);
  await restoreCalibration(bus, profile, calibration);
  return calibration;
}

/** The calibration procedure, one Enter per step, with a live min/max table during the sweep. */
async function calibrateInTerminal(bus: ServoBus, profile: RobotProfile, robotId: string): Promise<RobotCalibration> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin });
  const lines = rl[Symbol.asyncIterator]();
  const enter = async () => {
    await lines.next();
  };
  try {
    const proc = new CalibrationProcedure(bus, profile, robotId);
    await proc.begin();
    console.log('Torque is off. Move every joint to the middle of its range, then press Enter.');
    await enter();
    await proc.captureCentre();
    console.log('Now move each joint slowly from one end stop to the other. Press Enter when all are done.');
    let done = false;
    const finished = enter().then(() => {
      done = true;
    });
    while (!done) {
      const p = await proc.sampleSweep();
      if (process.stdout.isTTY)
        process.stdout.write(`\r${p.joints.map((j) => `${j.name} ${j.span >= MIN_SWEEP_TICKS ? '✓' : '·'} ${j.min}..${j.max}`).join('  ')}   `);
      await Promise.race([finished, new Promise((r) => setTimeout(r, 50))]);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    return await proc.finish();
  } finally {
    rl.close();
  }
}

async function loadProfile(name: string): Promise<RobotProfile> {
  if (BUILTIN_PROFILES[name]) return BUILTIN_PROFILES[name];
  if (name === 'line') return LINE_DEMO_PROFILE;
  const { readFile } = await import('node:fs/promises');
  return parseRobotProfile(await readFile(name, 'utf8'));
}

/** The reference sketch's joints (resources/firmware/praxis_arm), for `--protocol line` without a profile. */
const LINE_DEMO_PROFILE = lineProfileFromHello({
  robot: 'praxis-demo-arm',
  joints: [
    { name: 'base', lower: -1.57, upper: 1.57, maxVelocity: 2 },
    { name: 'shoulder', lower: -1.2, upper: 1.2, maxVelocity: 2 },
    { name: 'elbow', lower: -1.5, upper: 1.5, maxVelocity: 2 },
    { name: 'gripper', lower: 0, upper: 1, maxVelocity: 3 },
  ],
});

function usageError(message: string): number {
  console.error(`praxis robot: ${message}\nRun \`praxis robot --help\` for the options.`);
  return 2;
}
