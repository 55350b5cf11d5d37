import { describe, expect, it } from 'vitest';
import { type ClientMessage, ErrorCodes, PraxisError, PROTOCOL_VERSION, type TransportState } from '../../src-main/api';
import { type MessageChannelLike, RpcClient } from './rpc-client';

/** A channel whose server side is the test: it sees what the client sends and answers by hand. */
class FakeChannel implements MessageChannelLike {
  sent: ClientMessage[] = [];
  private deliver: (m: unknown) => void = () => undefined;
  private state: (s: TransportState) => void = () => undefined;
  send(m: ClientMessage): void {
    this.sent.push(m);
    if (m.type === 'hello') queueMicrotask(() => this.deliver({ type: 'welcome', protocol: PROTOCOL_VERSION }));
  }
  onMessage(l: (m: unknown) => void): void {
    this.deliver = l;
  }
  onState(l: (s: TransportState) => void): void {
    this.state = l;
  }
  async open(): Promise<void> {
    this.state({ connected: true });
  }
  reply(m: unknown): void {
    this.deliver(m);
  }
  drop(): void {
    this.state({ connected: false, error: 'Disconnected from the studio; retrying…' });
  }
  /** Let the client's promise chains run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

describe('RpcClient', () => {
  it('sends each subscription once, even when made before the first connection completes', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    client.subscribe('robot.status', () => undefined);
    client.subscribe('teleop.status', () => undefined);
    await ch.settle();
    const subs = ch.sent.filter((m) => m.type === 'subscribe');
    expect(subs.map((m) => m.type === 'subscribe' && m.stream)).toEqual(['robot.status', 'teleop.status']);
  });

  it('subscribes again after a dropped connection', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    client.subscribe('robot.status', () => undefined);
    await ch.settle();
    ch.drop();
    await client.connect();
    await ch.settle();
    expect(ch.sent.filter((m) => m.type === 'subscribe')).toHaveLength(2);
  });

  it('rejects a refused call with the studio’s code, message and next step', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    const result = client.call('robot.release', {});
    await ch.settle();
    const call = ch.sent.find((m) => m.type === 'call');
    ch.reply({ type: 'error', id: call?.type === 'call' ? call.id : -1, error: { code: 'ESTOP', message: 'Refused.', hint: 'Release first.' } });
    await expect(result).rejects.toMatchObject({ code: 'ESTOP', message: 'Refused.', hint: 'Release first.' });
    await expect(result).rejects.toBeInstanceOf(PraxisError);
  });

  it('rejects calls in flight with NOT_CONNECTED when the connection drops', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    const result = client.call('robot.estop', {});
    await ch.settle();
    ch.drop();
    await expect(result).rejects.toMatchObject({ code: ErrorCodes.NOT_CONNECTED });
  });

  it('validates a reply against the contract', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    const result = client.call('robot.estop', {});
    await ch.settle();
    const call = ch.sent.find((m) => m.type === 'call');
    ch.reply({ type: 'result', id: call?.type === 'call' ? call.id : -1, result: { ok: 'sure' } });
    await expect(result).rejects.toMatchObject({ code: ErrorCodes.BAD_MESSAGE });
  });

  it('acknowledges an event only after its listener has finished (backpressure)', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    let finish: () => void = () => undefined;
    const seen: unknown[] = [];
    client.subscribe('library.changed', (e) => {
      seen.push(e);
      return new Promise<void>((r) => {
        finish = r;
      });
    });
    await ch.settle();
    const sub = ch.sent.find((m) => m.type === 'subscribe');
    const id = sub?.type === 'subscribe' ? sub.id : -1;
    ch.reply({ type: 'event', id, seq: 1, data: { datasets: 2, models: 0 } });
    await ch.settle();
    expect(seen).toEqual([{ datasets: 2, models: 0 }]);
    expect(ch.sent.some((m) => m.type === 'ack')).toBe(false);
    finish();
    await ch.settle();
    expect(ch.sent.filter((m) => m.type === 'ack')).toEqual([{ type: 'ack', id, seq: 1 }]);
  });

  it('shows a refused subscription in the transport state instead of leaving a silent panel', async () => {
    const ch = new FakeChannel();
    const client = new RpcClient(ch, 'token');
    const states: TransportState[] = [];
    client.onTransport((s) => states.push(s));
    client.subscribe('library.changed', () => undefined);
    await ch.settle();
    const sub = ch.sent.find((m) => m.type === 'subscribe');
    ch.reply({ type: 'error', id: sub?.type === 'subscribe' ? sub.id : -1, error: { code: 'UNKNOWN_METHOD', message: 'No stream library.changed.', hint: 'Update the studio.' } });
    expect(states.at(-1)?.error).toMatch(/library\.changed stream was refused: No stream library\.changed\. Update the studio\./);
  });
});
