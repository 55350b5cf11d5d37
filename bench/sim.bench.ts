// MuJoCo speed for the embedded SO-101 scene, and the real-time loop's achieved rates.
// Run: npx tsx bench/sim.bench.ts
//
// Reference, measured in the same run: one free box falling onto a plane (the cheapest contact
// scene), so the ratio says what the arm, its servos and the cube cost relative to MuJoCo's floor
// on this machine, independent of how busy the machine is.

import { mujocoLoad, RayCastCamera, SimulatedArm } from '../src-main/sim';

const MEASURE_SECONDS = 2;

function stepsPerSecond(step: (n: number) => void): number {
  step(500); // warm up the JIT and the WASM tier-up
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_SECONDS * 1000) {
    step(100);
    steps += 100;
  }
  return steps / ((performance.now() - started) / 1000);
}

const mujoco = await mujocoLoad();
const referenceModel = mujoco.MjModel.from_xml_string(
  `<mujoco><option timestep="0.002"/><worldbody><geom type="plane" size="1 1 .1"/>
   <body pos="0 0 .1"><freejoint/><geom type="box" size=".015 .015 .015"/></body></worldbody></mujoco>`,
);
const referenceData = new mujoco.MjData(referenceModel);
const reference = stepsPerSecond((n) => {
  for (let i = 0; i < n; i++) mujoco.mj_step(referenceModel, referenceData);
});
referenceData.delete();
referenceModel.delete();

const arm = await SimulatedArm.load();
arm.setTargets([0.6, -0.4, 0.5, 0.7, 1.0, 0.8]);
const armSteps = stepsPerSecond((n) => arm.step(n));

const sample = arm.sampleCreate();
const reads = 200_000;
let started = performance.now();
for (let i = 0; i < reads; i++) arm.readStateInto(sample);
const readMicros = ((performance.now() - started) * 1000) / reads;

const camera = new RayCastCamera(arm, 'overhead', { width: 96, height: 72 });
const image = camera.capture();
let frames = 0;
started = performance.now();
while (performance.now() - started < 1000) {
  camera.captureInto(image);
  frames++;
}
const cameraMs = (performance.now() - started) / frames;
camera.dispose();

arm.reset();
let samples = 0;
arm.onSample(() => samples++);
started = performance.now();
arm.start({ publishHz: 200 });
await new Promise((resolve) => setTimeout(resolve, MEASURE_SECONDS * 1000));
const stats = arm.stats();
arm.stop();
const wall = (performance.now() - started) / 1000;
arm.dispose();

const dt = arm.timestep;
const version = mujoco.mjVERSION_HEADER;
console.log(`MuJoCo ${Math.floor(version / 1e6)}.${Math.floor(version / 1e3) % 1000}.${version % 1000} (WASM, single thread), timestep ${dt * 1000} ms`);
console.log(`reference (free box on a plane): ${reference.toFixed(0)} steps/s`);
console.log(`so101 scene:                     ${armSteps.toFixed(0)} steps/s = ${(armSteps * dt).toFixed(1)}× real time (ratio to reference ${(armSteps / reference).toFixed(2)})`);
console.log(`readStateInto:                   ${readMicros.toFixed(2)} µs per sample`);
console.log(`real-time loop @200 Hz for ${wall.toFixed(2)} s: ${(samples / wall).toFixed(1)} samples/s delivered; ` +
  `stats: publishHz ${stats.publishHz.toFixed(1)}, stepsPerSecond ${stats.stepsPerSecond.toFixed(0)}, realtimeFactor ${stats.realtimeFactor.toFixed(3)}, overruns ${stats.overruns}`);
console.log(`ray-cast RGB-D camera 96×72:      ${cameraMs.toFixed(2)} ms per frame (${(1000 / cameraMs).toFixed(0)} fps max)`);
console.log(`CPU share of real-time physics: ${((500 / armSteps) * 100).toFixed(1)} % of one core`);
