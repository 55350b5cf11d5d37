import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../api';
import { createStudio, type SimSource, type Studio } from '../studio';
import { type RunningServer, startServer } from './server';

// The backpressure requirement, end to end on the real simulator: a browser tab that stops
// reading must neither grow the server's memory nor slow the physics.
describe('a stalled client on the real simulator', () => {
  let studio: Studio | null = null;
  let server: RunningServer | null = null;
  let ws: WebSocket | null = null;

  afterEach(async () => {
    ws?.terminate();
    await studio?.shutdown();
    await server?.close();
  });

  it('keeps the sim at its rate and the per-client buffer bounded', async () => {
    studio = createStudio({ shell: 'server', version: 'test' });
    server = await startServer(studio, { token: 't' });
    const messages: ServerMessage[] = [];
    ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`);
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((r) => ws?.once('open', r));
    const until = async (pred: () => boolean) => {
      const t0 = Date.now();
      while (!pred()) {
        if (Date.now() - t0 > 10_000) throw new Error(`timed out: ${JSON.stringify(messages).slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    ws.send(JSON.stringify({ type: 'hello', token: 't', protocol: PROTOCOL_VERSION }));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'robot.connect', params: { kind: 'sim' } }));
    await until(() => messages.some((m) => m.type === 'result' && m.id === 1));
    ws.send(JSON.stringify({ type: 'subscribe', id: 2, stream: 'robot.jointState' }));
    await until(() => messages.some((m) => m.type === 'event'));

    const socket = (ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause();
    const source = (studio.robot as unknown as { source: SimSource }).source;
    const samplesAt = () => studio?.robot.getStatus().rateHz ?? 0;
    let received = 0;
    const off = studio.robot.onSample(() => received++);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    off();
    const hz = received / ((performance.now() - t0) / 1000);

    // The sim kept publishing at ~200 Hz (loose bound for a loaded 2-core machine) and stayed real time.
    expect(hz).toBeGreaterThan(150);
    expect(source.world.stats().realtimeFactor).toBeGreaterThan(0.9);
    expect(samplesAt()).toBeGreaterThan(150);
    // Memory for the stalled client: one bounded ring plus a few batches in the socket.
    expect(studio.robot.bufferedPerClient()).toEqual([512]);
    expect(server.socketBacklog()[0]).toBeLessThan(256 * 1024);
  });
});
