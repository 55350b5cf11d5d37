import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCodes, MAX_EVENTS_IN_FLIGHT, PROTOCOL_VERSION, type ServerMessage } from '../api';
import type { Studio } from '../studio';
import type { FakeArmSource } from '../studio/testing/fake-source';
import { fakeStudio } from '../studio/testing/fake-studio';
import { MessageLog } from '../studio/testing/message-log';
import { type RunningServer, startServer } from './server';

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  send(m: unknown): void;
  next(pred: (m: ServerMessage) => boolean): Promise<ServerMessage>;
}

async function connect(url: string, headers?: Record<string, string>): Promise<Client> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}api`, { headers });
  const log = new MessageLog<ServerMessage>();
  ws.on('message', (d) => log.push(JSON.parse(d.toString())));
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return {
    ws,
    messages: log.messages,
    send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next: (pred) => log.next(pred),
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

  it('keeps memory bounded and every sample flowing to the robot while a client is stalled', async () => {
    const s = await start();
    const c = await connect(s.url);
    clients.push(c);
    c.send({ type: 'hello', token: 'tok-123', protocol: PROTOCOL_VERSION });
    await c.next((m) => m.type === 'welcome');
    c.send({ type: 'call', id: 1, method: 'robot.connect', params: { kind: 'sim' } });
    await c.next((m) => m.type === 'result' && m.id === 1);
    c.send({ type: 'subscribe', id: 9, stream: 'robot.jointState' });

    // Stall the client: it takes the whole credit window, never acks, and stops reading its socket.
    // Waiting for the window itself (not for a while) is what makes the stall certain on a slow machine.
    const events = () => c.messages.filter((m) => m.type === 'event' && m.id === 9);
    await c.next(() => events().length === MAX_EVENTS_IN_FLIGHT);
    const rawSocket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    rawSocket.pause();

    // Three rings' worth of samples while nobody reads: the producer never waits for the client and
    // in-process consumers (recorder, planner) still get every sample.
    const source = sourceOf();
    if (!source || !studio) throw new Error('the fake robot did not connect');
    let seen = 0;
    const off = studio.robot.onSample(() => seen++);
    source.emitSamples(3 * 512);
    off();
    expect(seen).toBe(3 * 512);

    // The server holds exactly one ring for this client, and nothing piles up in the socket.
    expect(studio.robot.bufferedPerClient()).toEqual([512]);
    const backlog = s.socketBacklog();
    expect(backlog.length).toBe(1);
    expect(backlog[0]).toBeLessThan(256 * 1024);

    // Resuming and acking lets the stream flow again: the next batch is the ring, with the drops counted.
    rawSocket.resume();
    c.send({ type: 'ack', id: 9, seq: MAX_EVENTS_IN_FLIGHT });
    const resumed = await c.next((m) => m.type === 'event' && m.id === 9 && m.seq === MAX_EVENTS_IN_FLIGHT + 1);
    const batch = resumed.type === 'event' ? (resumed.data as { t: number[]; dropped: number }) : null;
    expect(batch?.t.length).toBe(512);
    expect(batch?.dropped).toBeGreaterThanOrEqual(2 * 512);
  });
});
