import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCodes, MAX_EVENTS_IN_FLIGHT, PROTOCOL_VERSION, type ServerMessage } from '../api';
import { ApiConnection } from './api-connection';
import { fakeStudio } from './testing/fake-studio';
import { MessageLog } from './testing/message-log';

function setup(token: string | null = 'secret') {
  const { studio, source } = fakeStudio();
  const log = new MessageLog<ServerMessage>();
  let closed = false;
  const conn = new ApiConnection(studio.handlers, { send: (m) => log.push(m), close: () => (closed = true) }, token);
  const next = (pred: (m: ServerMessage) => boolean) => log.next(pred);
  return { studio, conn, sent: log.messages, next, isClosed: () => closed, source };
}

describe('ApiConnection', () => {
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
    vi.useRealTimers();
  });

  it('refuses every call before the token is presented', async () => {
    const { conn, next } = setup();
    conn.receive({ type: 'call', id: 1, method: 'session.info', params: {} });
    const reply = await next((m) => m.type === 'error');
    expect(reply).toMatchObject({ id: 1, error: { code: ErrorCodes.UNAUTHORIZED } });
  });

  it('answers a wrong token with UNAUTHORIZED and closes the channel', async () => {
    const { conn, next, isClosed } = setup();
    conn.receive({ type: 'hello', token: 'guess', protocol: PROTOCOL_VERSION });
    expect(await next((m) => m.type === 'error')).toMatchObject({ error: { code: ErrorCodes.UNAUTHORIZED } });
    expect(isClosed()).toBe(true);
  });

  it('welcomes the right token and then answers calls', async () => {
    const { conn, next } = setup();
    conn.receive({ type: 'hello', token: 'secret', protocol: PROTOCOL_VERSION });
    await next((m) => m.type === 'welcome');
    conn.receive({ type: 'call', id: 7, method: 'session.info', params: {} });
    const reply = await next((m) => m.type === 'result');
    expect(reply).toMatchObject({ id: 7, result: { app: 'praxis-studio', shell: 'server', protocol: PROTOCOL_VERSION } });
  });

  it('replies BAD_MESSAGE to non-JSON and to messages of the wrong shape', async () => {
    const { conn, sent } = setup(null);
    conn.receive('{not json');
    conn.receive({ type: 'call', id: 'x', method: 3 });
    conn.receive({ type: 'launch-missiles' });
    expect(sent.map((m) => m.type === 'error' && m.error.code)).toEqual([
      ErrorCodes.BAD_MESSAGE,
      ErrorCodes.BAD_MESSAGE,
      ErrorCodes.BAD_MESSAGE,
    ]);
  });

  it('replies UNKNOWN_METHOD to an unknown method or stream', async () => {
    const { conn, next, sent } = setup(null);
    conn.receive({ type: 'call', id: 2, method: 'robot.selfDestruct', params: {} });
    conn.receive({ type: 'subscribe', id: 3, stream: 'robot.secrets' });
    await next((m) => m.type === 'error' && m.id === 3);
    expect(sent.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.error.code)).toEqual([
      ErrorCodes.UNKNOWN_METHOD,
      ErrorCodes.UNKNOWN_METHOD,
    ]);
  });

  it('validates call arguments against the contract and names the bad field', async () => {
    const { conn, next } = setup(null);
    conn.receive({ type: 'call', id: 4, method: 'robot.setTargets', params: { positions: ['a'] } });
    const reply = await next((m) => m.type === 'error');
    expect(reply).toMatchObject({ id: 4, error: { code: ErrorCodes.INVALID_ARGUMENT } });
    expect(reply.type === 'error' && reply.error.message).toContain('positions');
  });

  it('turns a service error into a coded reply (no robot connected)', async () => {
    const { conn, next } = setup(null);
    conn.receive({ type: 'call', id: 5, method: 'robot.setTargets', params: { positions: [0, 0, 0] } });
    expect(await next((m) => m.type === 'error')).toMatchObject({ id: 5, error: { code: ErrorCodes.NOT_CONNECTED } });
  });

  it('streams joint-state batches and stops at the credit limit until acks arrive', async () => {
    // The source, the flush tick and the retry all run on a fake clock: "however long we wait" is a
    // second of that clock, exactly, whatever else the machine is doing.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { conn, next, sent, studio } = setup(null);
    cleanup = () => studio.shutdown();
    conn.receive({ type: 'call', id: 1, method: 'robot.connect', params: { kind: 'sim' } });
    await next((m) => m.type === 'result' && m.id === 1);
    conn.receive({ type: 'subscribe', id: 10, stream: 'robot.jointState' });
    // No acks: the connection must stop after MAX_EVENTS_IN_FLIGHT events however long we wait.
    await vi.advanceTimersByTimeAsync(1000);
    const events = () => sent.filter((m) => m.type === 'event' && m.id === 10);
    expect(events().length).toBe(MAX_EVENTS_IN_FLIGHT);
    // The buffer for this client is bounded, even though samples keep coming.
    expect(Math.max(...studio.robot.bufferedPerClient())).toBeLessThanOrEqual(512);
    conn.receive({ type: 'ack', id: 10, seq: MAX_EVENTS_IN_FLIGHT });
    await next(() => events().length > MAX_EVENTS_IN_FLIGHT);
    const last = events().at(-1);
    // After the stall, the first batch carries the backlog in one message.
    expect(last?.type === 'event' && (last.data as { t: number[] }).t.length).toBeGreaterThan(10);
  });
});
