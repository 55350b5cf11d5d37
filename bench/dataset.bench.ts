// Recording throughput of the dataset store: 10 minutes of 200 Hz joint data streamed through the
// crash-safe episode log (sped up), then finalized into LeRobot v3.0 parquet; and camera encode speed.
// Run: npx tsx bench/dataset.bench.ts [--minutes 10] [--speedup 20] [--grown 200] [--no-video] [--webcodecs /usr/bin/chromium]
// Frames are paced at `speedup` × real time (batches of 10, i.e. 50 ms of robot time), so the log's
// 250 ms flush timer seals chunks as it would in a live loop.
//
// Reference, measured in the same run: writing the same rows straight to one parquet buffer with
// hyparquet-writer (no log, no stats, no fsync), so "finalize / reference" says what crash safety and
// LeRobot metadata cost on top of the bare parquet encode on this machine.
//
// Saving into a grown dataset: `grown` episodes of 30 s at 30 Hz are recorded first, then one more is saved
// and timed. Reference, same run: decoding that dataset's data file and re-encoding it with the new rows,
// which is what every save did before episodes were appended as row groups (parquet-append.ts).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Dataset } from '../src-main/dataset';
import { rowsToColumns } from '../src-main/dataset/episode-frames';
import { encodeParquet, readParquetRows } from '../src-main/dataset/parquet-io';
import { detectVideoEncoder, type VideoCodecChoice } from '../src-main/dataset/video-encoder';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    speedup: { type: 'string', default: '20' },
    grown: { type: 'string', default: '200' },
    'no-video': { type: 'boolean', default: false },
    webcodecs: { type: 'string' }, // path to a Chromium: also time WebCodecs' VideoEncoder, the renderer candidate
  },
});
const SPEEDUP = Number(values.speedup);
const HZ = 200;
const frames = Math.round(Number(values.minutes) * 60 * HZ);
const joints = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];
const dir = await mkdtemp(join(tmpdir(), 'praxis-dataset-bench-'));

try {
  const ds = await Dataset.openOrCreate(join(dir, 'ds'), { fps: HZ, robotType: 'so101_follower', stateNames: joints, actionNames: joints });
  const ep = await ds.beginEpisode({ task: 'ten minutes of teleoperation' });
  const state = new Float32Array(6);
  const action = new Float32Array(6);
  const appendMs: number[] = [];
  const recordStart = performance.now();
  for (let i = 0; i < frames; i++) {
    for (let j = 0; j < 6; j++) {
      state[j] = Math.sin(i / HZ + j);
      action[j] = state[j] + 0.01;
    }
    const t0 = performance.now();
    ep.appendFrame({ timestamp: i / HZ, state, action });
    appendMs.push(performance.now() - t0);
    if (i % 10 === 9) {
      const due = recordStart + ((i + 1) / HZ / SPEEDUP) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      else await new Promise((r) => setImmediate(r));
    }
  }
  await ep.flush();
  const recordS = (performance.now() - recordStart) / 1000;
  const logBytes = ep.durableBytes;
  const finalizeStart = performance.now();
  const report = await ep.save();
  const finalizeS = (performance.now() - finalizeStart) / 1000;
  const dataBytes = (await stat(join(ds.root, 'data/chunk-000/file-000.parquet'))).size;

  // reference: the same rows, encoded once, in memory
  const refStart = performance.now();
  const stateRows = Array.from({ length: frames }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.sin(i / HZ + j)));
  encodeParquet([
    { name: 'observation.state', type: 'FLOAT', listDepth: 1, data: stateRows },
    { name: 'action', type: 'FLOAT', listDepth: 1, data: stateRows },
    { name: 'timestamp', type: 'FLOAT', data: Float32Array.from({ length: frames }, (_, i) => i / HZ) },
    { name: 'index', type: 'INT64', data: BigInt64Array.from({ length: frames }, (_, i) => BigInt(i)) },
  ]);
  const referenceS = (performance.now() - refStart) / 1000;

  appendMs.sort((a, b) => a - b);
  const dropped = frames - report.frames;
  console.log(`recording: ${frames} frames of ${HZ} Hz (${values.minutes} min) in ${recordS.toFixed(2)} s = ${((frames / HZ) / recordS).toFixed(1)}x real time`);
  console.log(`  appendFrame: p50 ${(appendMs[frames >> 1] * 1000).toFixed(1)} µs, p99 ${(appendMs[Math.floor(frames * 0.99)] * 1000).toFixed(1)} µs, max ${appendMs[frames - 1].toFixed(2)} ms (budget at ${HZ} Hz: ${(1000 / HZ).toFixed(1)} ms)`);
  console.log(`  appends over 1 ms: ${appendMs.filter((ms) => ms > 1).length}, over the 5 ms period: ${appendMs.filter((ms) => ms > 1000 / HZ).length}`);
  console.log(`  episode log: ${(logBytes / 1e6).toFixed(1)} MB`);
  console.log(`dropped samples: ${dropped} (goal 0)`);
  console.log(`finalize: ${finalizeS.toFixed(2)} s for ${report.frames} rows → data parquet ${(dataBytes / 1e6).toFixed(1)} MB`);
  console.log(`reference (bare hyparquet-writer encode of the same rows): ${referenceS.toFixed(2)} s; finalize/reference = ${(finalizeS / referenceS).toFixed(2)}`);

  await benchGrownSave(join(dir, 'grown'), Number(values.grown), joints);

  if (!values['no-video']) {
    console.log('camera encode (system ffmpeg, raw RGB piped in, yuv420p MP4 out), 300 frames each:');
    for (const [w, h] of [[96, 72], [320, 240]]) {
      const rgb = new Uint8Array(w * h * 3);
      for (const prefer of ['libsvtav1', 'libx264'] as VideoCodecChoice[]) {
        const encoder = await detectVideoEncoder(prefer, { width: w, height: h });
        const path = join(dir, `${w}x${h}-${encoder.codec}.mp4`);
        const stream = encoder.open({ path, width: w, height: h, fps: 30 });
        const t0 = performance.now();
        for (let i = 0; i < 300; i++) {
          for (let p = 0; p < rgb.length; p += 3) rgb[p] = (p + i * 3) & 255;
          await stream.write(rgb);
        }
        await stream.finish();
        const s = (performance.now() - t0) / 1000;
        const size = (await stat(path)).size;
        console.log(`  ${`${w}x${h}`.padEnd(8)} ${encoder.codec.padEnd(10)} ${(300 / s).toFixed(0).padStart(5)} frames/s = ${(300 / s / 30).toFixed(1)}x real time at 30 fps, ${(size / 1024).toFixed(0)} KiB`);
      }
    }
  }
  if (!values['no-video']) {
    // A whole camera episode: 30 s at 30 fps with a 320x240 camera, then save() (encode + append + commit).
    const cam = await Dataset.openOrCreate(join(dir, 'cam'), { fps: 30, stateNames: joints, actionNames: joints, cameras: { front: { width: 320, height: 240 } } });
    const rgb = new Uint8Array(320 * 240 * 3);
    // Paced at real time (30 s per take) so live encoding runs as it would on a robot.
    for (let take = 0; take < 2; take++) {
      const ep = await cam.beginEpisode({ task: 'camera take' });
      const start = performance.now();
      let worstAppendMs = 0;
      for (let i = 0; i < 900; i++) {
        for (let p = 0; p < rgb.length; p += 3) rgb[p] = (p + i * 3) & 255;
        const t = performance.now();
        ep.appendFrame({ timestamp: i / 30, state, action, images: { front: { width: 320, height: 240, data: rgb } } });
        worstAppendMs = Math.max(worstAppendMs, performance.now() - t);
        const wait = start + ((i + 1) / 30) * 1000 - performance.now();
        await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
      }
      const t0 = performance.now();
      const report = await ep.save();
      console.log(
        `camera episode ${take}: 900 frames (30 s real time, 320x240 @ 30 fps), worst appendFrame ${worstAppendMs.toFixed(2)} ms, save() ${((performance.now() - t0) / 1000).toFixed(2)} s (${cam.info().features['observation.images.front'].info?.['video.codec']}, video ${report.video}${take ? ', appended to the shared MP4' : ''})`,
      );
    }
    // The same episode's log replayed through the encoder (the recovery path), for comparison.
    const replay = await cam.beginEpisode({ task: 'replayed take' });
    for (let i = 0; i < 900; i++) replay.appendFrame({ timestamp: i / 30, state, action, images: { front: { width: 320, height: 240, data: rgb } } });
    await replay.flush();
    const t1 = performance.now();
    const replayed = await cam.finalizeLog(replay.path);
    console.log(`camera episode finalized from its log (recovery path, video ${replayed.video}): ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  }
  if (values.webcodecs) await benchWebCodecs(values.webcodecs);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** One save into a dataset that already holds `episodes` episodes of 900 frames, against the full rewrite. */
async function benchGrownSave(root: string, episodes: number, names: string[]): Promise<void> {
  const ds = await Dataset.openOrCreate(root, { fps: 30, robotType: 'so101_follower', stateNames: names, actionNames: names });
  const state = new Float32Array(6);
  const action = new Float32Array(6);
  const take = async (e: number) => {
    const ep = await ds.beginEpisode({ task: 'grown dataset' });
    for (let i = 0; i < 900; i++) {
      for (let j = 0; j < 6; j++) {
        state[j] = Math.sin((e * 900 + i) / 30 + j);
        action[j] = state[j] + 0.01;
      }
      ep.appendFrame({ timestamp: i / 30, state, action });
    }
    await ep.flush();
    const t0 = performance.now();
    await ep.save();
    return (performance.now() - t0) / 1000;
  };
  const buildStart = performance.now();
  for (let e = 0; e < episodes; e++) await take(e);
  const buildS = (performance.now() - buildStart) / 1000;
  const dataFile = join(root, 'data/chunk-000/file-000.parquet');
  const saveS = await take(episodes);
  // Reference: what a save cost when the data file was decoded and written again whole.
  const refStart = performance.now();
  const rows = await readParquetRows(dataFile);
  encodeParquet(rowsToColumns(ds.info(), rows, dataFile), { rowGroupSize: Array.from({ length: episodes + 1 }, () => 900) });
  const referenceS = (performance.now() - refStart) / 1000;
  const bytes = (await stat(dataFile)).size;
  console.log(`saving into a grown dataset: ${episodes} episodes of 900 frames recorded and saved in ${buildS.toFixed(1)} s`);
  console.log(`  episode ${episodes + 1}: save() ${saveS.toFixed(2)} s, data file ${(bytes / 1e6).toFixed(1)} MB, ${rows.length} rows`);
  console.log(`  reference (decode the data file and re-encode it whole): ${referenceS.toFixed(2)} s; save/reference = ${(saveS / referenceS).toFixed(2)}`);
}

/** WebCodecs VideoEncoder in Chromium (needs a secure origin, hence the local server). Encode only: no MP4 muxing. */
async function benchWebCodecs(executablePath: string): Promise<void> {
  const { createServer } = await import('node:http');
  const { chromium } = await import('@playwright/test');
  const server = createServer((_q, r) => r.end('<html></html>')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    // A string, not a function: tsx's helpers do not exist in the page.
    const results = (await page.evaluate(`(async () => {
      const out = [];
      for (const [w, h] of [[96, 72], [320, 240]]) for (const codec of ['avc1.42001f', 'av01.0.04M.08']) {
        const cfg = { codec, width: w, height: h, framerate: 30, bitrate: 500000 };
        if (!(await VideoEncoder.isConfigSupported(cfg)).supported) { out.push([w, h, codec, 0, 0]); continue; }
        let bytes = 0;
        const enc = new VideoEncoder({ output: (c) => { bytes += c.byteLength; }, error: () => {} });
        enc.configure(cfg);
        const rgba = new Uint8ClampedArray(w * h * 4);
        const t0 = performance.now();
        for (let i = 0; i < 300; i++) {
          for (let p = 0; p < rgba.length; p += 4) { rgba[p] = (p + i * 3) & 255; rgba[p + 3] = 255; }
          const frame = new VideoFrame(rgba, { format: 'RGBA', codedWidth: w, codedHeight: h, timestamp: Math.round(i * 1e6 / 30) });
          enc.encode(frame, { keyFrame: i % 2 === 0 });
          frame.close();
          while (enc.encodeQueueSize > 8) await new Promise((r) => setTimeout(r, 0));
        }
        await enc.flush();
        out.push([w, h, codec, 300 / ((performance.now() - t0) / 1000), bytes]);
        enc.close();
      }
      return out;
    })()`)) as [number, number, string, number, number][];
    console.log('camera encode (WebCodecs VideoEncoder in Chromium, 500 kbit/s, encode only), 300 frames each:');
    for (const [w, h, codec, fps, bytes] of results) {
      console.log(`  ${`${w}x${h}`.padEnd(8)} ${codec.padEnd(14)} ${fps ? `${fps.toFixed(0).padStart(5)} frames/s = ${(fps / 30).toFixed(1)}x real time, ${(bytes / 1024).toFixed(0)} KiB` : 'unsupported'}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}
