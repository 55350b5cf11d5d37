import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCodes, PROTOCOL_VERSION, type ServerMessage } from '../api';
import type { Studio } from '../studio';
import type { FakeArmSource } from '../studio/testing/fake-source';
import { fakeStudio } from '../studio/testing/fake-studio';
import { type RunningServer, startServer } from './server';

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  send(m: unknown): void;
  next(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
}

async function connect(url: string, headers?: Record<string, string>): Promise<Client> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}api`, { headers });
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return {
    ws,
    messages,
    send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next: async (pred, timeoutMs = 3000) => {
      const t0 = Date.now();
      for (;;) {
        const found = messages.find(pred);
        if (found) return found;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out; got ${JSON.stringify(messages).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

describe('praxis serve', () => {
  let server: RunningServer | null = null;
  let studio: Studio | null = null;
  let sourceOf: () => FakeArmSource | null = () => null;
  const clients: Client[] = [];

  async function start() {
    const fake = fakeStudio(200);
    studio = fake.studio;
    sourceOf = fake.source;
    server = await startServer(studio, { token: 'tok-123' });
    return server;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await studio?.shutdown();
    await server?.close();
  });

  it('listens on 127.0.0.1 by default and prints a URL carrying the token', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.openUrl).toBe(`${s.url}#token=tok-123`);
  });

  it('refuses a wrong token with a coded error and stays up for the next client', async () => {
    const s = await start();
    const bad = await connect(s.url);
    clients.push(bad);
    bad.send({ type: 'hello', token: 'nope', protocol: PROTOCOL_VERSION });
    expect(await bad.next((m) => m.type === 'error')).toMatchObject({ error: { code: ErrorCodes.UNAUTHORIZED } });
    await new Promise<void>((ok) => bad.ws.once('close', () => ok()));

    const good = await connect(s.url);
    clients.push(good);
    good.send({ type: 'hello', token: 'tok-123', protocol: PROTOCOL_VERSION });
    await good.next((m) => m.type === 'welcome');
  });

  it('answers malformed messages and unknown methods with coded errors, then keeps serving', async () => {
    const s = await start();
    const c = await connect(s.url);
    clients.push(c);
    c.send({ type: 'hello', token: 'tok-123', protocol: PROTOCOL_VERSION });
    await c.next((m) => m.type === 'welcome');
    c.send('}}garbage');
    c.send({ type: 'call', id: 1, method: 'robot.fly', params: {} });
    await c.next((m) => m.type === 'error' && m.id === 1);
    c.send({ type: 'call', id: 2, method: 'session.info', params: {} });
    expect(await c.next((m) => m.type === 'result' && m.id === 2)).toMatchObject({ result: { app: 'praxis-studio' } });
    const codes = c.messages.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.error.code);
    expect(codes).toEqual([ErrorCodes.BAD_MESSAGE, ErrorCodes.UNKNOWN_METHOD]);
  });

  it('refuses WebSocket upgrades from another origin (a different local web page)', async () => {
    const s = await start();
    await expect(connect(s.url, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('keeps memory bounded and the robot at full rate while a client is stalled', async () => {
    const s = await start();
    const c = await connect(s.url);
    clients.push(c);
    c.send({ type: 'hello', token: 'tok-123', protocol: PROTOCOL_VERSION });
    await c.next((m) => m.type === 'welcome');
    c.send({ type: 'call', id: 1, method: 'robot.connect', params: { kind: 'sim' } });
    await c.next((m) => m.type === 'result' && m.id === 1);
    c.send({ type: 'subscribe', id: 9, stream: 'robot.jointState' });
    await c.next((m) => m.type === 'event');

    // Stall the client: stop reading its socket and never ack.
    const rawSocket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    rawSocket.pause();
    const emittedBefore = sourceOf()?.emitted ?? 0;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 1500));
    const seconds = (performance.now() - t0) / 1000;
    const rate = ((sourceOf()?.emitted ?? 0) - emittedBefore) / seconds;

    // The source kept its pace (generous bound: timers on a loaded 2-core box), and the server held at
    // most one ring buffer's worth for this client.
    expect(rate).toBeGreaterThan(100);
    const buffered = studio?.robot.bufferedPerClient() ?? [];
    expect(buffered.length).toBe(1);
    expect(buffered[0]).toBeLessThanOrEqual(512);
    // Nothing piles up in the socket either: at most the few in-flight batches.
    const backlog = s.socketBacklog();
    expect(backlog.length).toBe(1);
    expect(backlog[0]).toBeLessThan(256 * 1024);

    rawSocket.resume();
    const before = c.messages.length;
    // Resuming and acking lets the stream flow again, with the drop count reported.
    for (const m of c.messages) if (m.type === 'event') c.send({ type: 'ack', id: 9, seq: m.seq });
    await c.next(() => c.messages.length > before + 2);
    const events = c.messages.filter((m) => m.type === 'event');
    expect(events.length).toBeGreaterThan(4);
  });
});
