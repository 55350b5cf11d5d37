// Does a browser tab that stops reading slow the robot down? The simulator's sample rate over
// `praxis serve` with a stalled WebSocket client, against the same studio with no client at all.
// Run: npm run bench -- stalled-client
//
// Reference, measured in the same run: the rate with no client, so the ratio says what a stalled
// client costs the robot, independent of how busy the machine is. Bounded memory for that client is
// a property, not a speed, and is tested in src-main/server/stalled-client.test.ts.

import WebSocket from 'ws';
import { MAX_EVENTS_IN_FLIGHT, PROTOCOL_VERSION, type ServerMessage } from '../src-main/api';
import { startServer } from '../src-main/server';
import { createStudio } from '../src-main/studio';
import { MessageLog } from '../src-main/studio/testing/message-log';

const MEASURE_SECONDS = 3;

const studio = createStudio({ shell: 'server', version: 'bench' });
const server = await startServer(studio, { token: 'bench' });
await studio.robot.connect({ kind: 'sim', model: 'so101' });

async function samplesPerSecond(): Promise<number> {
  let samples = 0;
  const off = studio.robot.onSample(() => samples++);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
  off();
  return samples / ((performance.now() - started) / 1000);
}

const alone = await samplesPerSecond();

const log = new MessageLog<ServerMessage>();
const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`);
ws.on('message', (d) => log.push(JSON.parse(d.toString())));
await new Promise((r) => ws.once('open', r));
ws.send(JSON.stringify({ type: 'hello', token: 'bench', protocol: PROTOCOL_VERSION }));
ws.send(JSON.stringify({ type: 'subscribe', id: 1, stream: 'robot.jointState' }));
await log.next(() => log.messages.filter((m) => m.type === 'event').length === MAX_EVENTS_IN_FLIGHT);
(ws as unknown as { _socket: { pause(): void } })._socket.pause();
const stalled = await samplesPerSecond();
const buffered = studio.robot.bufferedPerClient();

console.log(`sim samples/s, no client:        ${alone.toFixed(1)}`);
console.log(`sim samples/s, stalled client:   ${stalled.toFixed(1)}  (ratio ${(stalled / alone).toFixed(3)}; 1.0 = no cost)`);
console.log(`samples held for the stalled client: ${buffered.join(', ')} (ring capacity 512)`);

ws.terminate();
await studio.shutdown();
await server.close();
