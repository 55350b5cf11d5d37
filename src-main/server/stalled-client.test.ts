import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_EVENTS_IN_FLIGHT, PROTOCOL_VERSION, type ServerMessage } from '../api';
import { createStudio, type Studio } from '../studio';
import { MessageLog } from '../studio/testing/message-log';
import { type RunningServer, startServer } from './server';

/** More than the per-client ring (512): once this many samples passed a stalled client, its ring is full. */
const SAMPLES_WHILE_STALLED = 600;

// The backpressure requirement, end to end on the real simulator: a browser tab that stops
// reading must neither grow the server's memory nor hold samples back from the robot's other consumers.
// Whether the sim keeps its rate meanwhile is a speed question: `npm run bench -- stalled-client`.
describe('a stalled client on the real simulator', () => {
  let studio: Studio | null = null;
  let server: RunningServer | null = null;
  let ws: WebSocket | null = null;

  afterEach(async () => {
    ws?.terminate();
    await studio?.shutdown();
    await server?.close();
  });

  it('keeps the per-client buffer bounded while the sim publishes on', async () => {
    studio = createStudio({ shell: 'server', version: 'test' });
    server = await startServer(studio, { token: 't' });
    const log = new MessageLog<ServerMessage>();
    ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`);
    ws.on('message', (d) => log.push(JSON.parse(d.toString())));
    await new Promise((r) => ws?.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', token: 't', protocol: PROTOCOL_VERSION }));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'robot.connect', params: { kind: 'sim' } }));
    await log.next((m) => m.type === 'result' && m.id === 1);
    ws.send(JSON.stringify({ type: 'subscribe', id: 2, stream: 'robot.jointState' }));

    // Stall: the client holds the whole credit window unacked and stops reading its socket.
    await log.next(() => log.messages.filter((m) => m.type === 'event' && m.id === 2).length === MAX_EVENTS_IN_FLIGHT);
    const socket = (ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause();

    // Wait for samples, not for time: however slowly a loaded machine steps the sim, the check
    // happens once more than a ring's worth has gone past the stalled client.
    const robot = studio.robot;
    await new Promise<void>((passed) => {
      let received = 0;
      const off = robot.onSample(() => {
        if (++received < SAMPLES_WHILE_STALLED) return;
        off();
        passed();
      });
    });

    // Memory for the stalled client: one full, bounded ring plus a few batches in the socket.
    expect(robot.bufferedPerClient()).toEqual([512]);
    expect(server.socketBacklog()[0]).toBeLessThan(256 * 1024);
  });
});
