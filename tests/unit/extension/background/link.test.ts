import { describe, expect, it } from 'vitest';
import {
  parseRefusal,
  PROTOCOL_VERSION,
  throttledReason,
  verifyProof,
  type Envelope,
} from '../../../../protocol/index.ts';
import { BridgeLink, type Credentials } from '../../../../extension/background/link.ts';
import type { LinkStatus } from '../../../../extension/lib/status.ts';
import { FakeClock, FakeSocket, flush, proveBridge } from './fakes.ts';

function setup(opts: { token?: string; repair?: () => Promise<boolean>; random?: () => number } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const statuses: LinkStatus[] = [];
  const messages: Envelope[] = [];
  let readyCount = 0;
  const creds: Credentials = {
    bridgeUrl: 'ws://127.0.0.1:2048/extension',
    token: opts.token ?? 'tok',
    pairedVia: 'manual',
  };
  const link = new BridgeLink({
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    clock,
    random: opts.random ?? (() => 0.5),
    credentials: async () => ({ ...creds }),
    repair: opts.repair ?? (async () => false),
    extensionVersion: '0.1.0',
    onMessage: (m) => messages.push(m),
    onReady: () => readyCount++,
    onLost: () => undefined,
    onStatus: (s) => statuses.push(s),
    log: () => undefined,
  });
  const last = () => sockets[sockets.length - 1]!;
  /** wakes the link and lets its socket open: the bridge's answer is up to the test */
  const connect = async () => {
    link.wake();
    await flush();
    last().open();
  };
  /** the bridge proves the token (challenge); the link answers with its proof */
  const challenge = async () => {
    await connect();
    await proveBridge(last(), creds.token);
  };
  const handshake = async (features?: string[]) => {
    await challenge();
    last().receive('welcome', {
      protocolVersion: PROTOCOL_VERSION,
      bridgeVersion: '0.1.0',
      ...(features ? { features } : {}),
    });
  };
  return {
    clock,
    sockets,
    statuses,
    messages,
    link,
    creds,
    last,
    connect,
    challenge,
    handshake,
    ready: () => readyCount,
  };
}

describe('BridgeLink', () => {
  it('says hello with a nonce (never the token), proves the token after the bridge did, and is ready after welcome', async () => {
    const t = setup();
    t.creds.account = 'a…@gmail.com';
    await t.handshake();
    const [hello, proof] = t.last().sent as Array<{ type: string; data: Record<string, unknown> }>;
    expect(hello!.type).toBe('hello');
    expect(hello!.data).toMatchObject({
      protocolVersion: PROTOCOL_VERSION,
      extensionVersion: '0.1.0',
      pairedVia: 'manual',
      features: ['count_tokens'],
    });
    expect(hello!.data.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The test token is "tok": look for it everywhere but in the feature's own name.
    expect(JSON.stringify(hello).replace('"count_tokens"', '')).not.toContain('tok');
    expect(JSON.stringify(hello)).not.toContain('gmail');
    const nonces = [String(hello!.data.nonce), 'b'.repeat(43)];
    expect(proof).toMatchObject({ type: 'proof', data: { account: 'a…@gmail.com' } });
    expect(await verifyProof('tok', 'extension', nonces, String(proof!.data.proof))).toBe(true);
    expect(t.link.ready).toBe(true);
    expect(t.ready()).toBe(1);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'connected', bridgeVersion: '0.1.0', pairedVia: 'manual' });
  });

  it('does not connect without a token and reports why', async () => {
    const t = setup({ token: '' });
    t.link.wake();
    await flush();
    expect(t.sockets).toHaveLength(0);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'no_token' });
    expect(t.clock.pending()).toBe(0); // waits for settings, no busy retry
  });

  it('reconnects with exponential, jittered, capped backoff while the bridge is down', async () => {
    const t = setup({ random: () => 0 });
    t.link.wake();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      t.last().serverClose(1006);
      await flush();
      expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'bridge_unreachable' });
      delays.push(t.clock.nextDelay()!);
      const before = t.sockets.length;
      await t.clock.advance(delays.at(-1)!);
      expect(t.sockets.length).toBe(before + 1);
    }
    // random() = 0 → the fixed half of base·2^n, capped at 30 s
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('jitter spreads the delay over the upper half', async () => {
    const t = setup({ random: () => 0.999 });
    t.link.wake();
    await flush();
    t.last().serverClose(1006);
    await flush();
    expect(t.clock.nextDelay()).toBe(500);
  });

  it('comes back quickly after a working link drops (bridge restart)', async () => {
    const t = setup({ random: () => 0 });
    await t.handshake();
    t.last().serverClose(1001, 'shutdown');
    await flush();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'connection_lost' });
    expect(t.clock.nextDelay()).toBe(250);
    await t.clock.advance(250);
    t.last().open();
    await proveBridge(t.last(), 'tok');
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.1.0' });
    expect(t.ready()).toBe(2);
  });

  it('pings every 20 s, answers pings, and drops a silent bridge', async () => {
    const t = setup();
    await t.handshake();
    const s = t.last();
    await t.clock.advance(20_000);
    expect(s.types().filter((x) => x === 'ping')).toHaveLength(1);
    s.receive('ping', { t: 5 });
    expect(s.sent.at(-1)).toMatchObject({ type: 'pong', data: { t: 5 } });
    s.receive('pong', { t: 1 });
    await t.clock.advance(40_000);
    expect(s.types().filter((x) => x === 'ping')).toHaveLength(3);
    expect(s.closedWith).toBeNull();
    // nothing heard for 65 s → dropped and retried without waiting for TCP
    await t.clock.advance(70_000);
    expect(s.closedWith?.code).toBe(4011);
    expect(t.link.ready).toBe(false);
    expect(t.sockets.length).toBeGreaterThan(1);
  });

  it('asks for native pairing on 4001 and reconnects at once with the new token', async () => {
    let repaired = 0;
    const t = setup({ repair: async () => (++repaired, true) });
    await t.connect();
    t.last().serverClose(4001, 'bad pairing token');
    await flush();
    expect(repaired).toBe(1);
    expect(t.sockets).toHaveLength(2);
  });

  it('reports a bad token when pairing cannot help, and keeps retrying slowly', async () => {
    const t = setup();
    await t.connect();
    t.last().serverClose(4001, 'bad pairing token');
    await flush();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'bad_token' });
    expect(t.clock.nextDelay()).not.toBeNull();
  });

  it('waits exactly as long as a throttled close (4006) says, without pairing again', async () => {
    let repaired = 0;
    const t = setup({ repair: async () => (++repaired, true) });
    await t.connect();
    t.last().serverClose(4006, throttledReason(45));
    await flush();
    expect(repaired).toBe(0);
    const status = t.statuses.at(-1);
    expect(status).toMatchObject({ state: 'disconnected', reason: 'pairing_throttled' });
    expect(status?.nextRetryAt).toBe(t.clock.now() + 45_000);
    expect(t.clock.nextDelay()).toBe(45_000);
    await t.clock.advance(44_999);
    expect(t.sockets).toHaveLength(1);
    await t.clock.advance(1);
    expect(t.sockets).toHaveLength(2);
  });

  it('waits 30 s after a throttled close whose reason names no wait', async () => {
    const t = setup();
    await t.connect();
    t.last().serverClose(4006, 'slow down');
    await flush();
    expect(t.statuses.at(-1)).toMatchObject({ reason: 'pairing_throttled', detail: 'slow down' });
    expect(t.clock.nextDelay()).toBe(30_000);
  });

  it('does not pair again when the bridge could not read the hello (4005), and reports a version mismatch', async () => {
    let repaired = 0;
    const t = setup({ repair: async () => (++repaired, true) });
    await t.connect();
    t.last().serverClose(4005, 'first frame must be a hello');
    await flush();
    expect(repaired).toBe(0);
    expect(t.sockets).toHaveLength(1); // no immediate reconnect: it waits for the backoff
    expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'version_mismatch' });
    expect(t.statuses.at(-1)?.detail).toContain('first frame must be a hello');
    const delay = t.clock.nextDelay();
    expect(delay).not.toBeNull();
    await t.clock.advance(delay!);
    expect(t.sockets).toHaveLength(2);
    expect(repaired).toBe(0);
  });

  it('tells a listener that cannot prove the token nothing more, and asks the native host for the current token', async () => {
    let repaired = 0;
    const t = setup({ repair: async () => (repaired++, false) });
    t.creds.account = 'a…@gmail.com';
    await t.connect();
    await proveBridge(t.last(), 'tok', 'a-guess');
    expect(t.last().types()).toEqual(['hello']);
    expect(t.last().closedWith?.code).toBe(4013);
    await flush();
    expect(repaired).toBe(1);
    expect(t.link.ready).toBe(false);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'disconnected', reason: 'bridge_unproven' });
    // a listener that skips the challenge and welcomes at once is no better
    await t.clock.advance(t.clock.nextDelay()!);
    t.last().open();
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.1.0' });
    await flush();
    expect(t.last().types()).toEqual(['hello']);
    expect(t.last().closedWith?.code).toBe(4013);
    expect(t.ready()).toBe(0);
    expect(JSON.stringify(t.sockets.map((s) => s.sent))).not.toMatch(/tok"|gmail/);
  });

  it('reconnects at once when the native host hands over a newer token after an unproven challenge', async () => {
    const t = setup({ repair: async () => ((t.creds.token = 'new-tok'), true) });
    await t.connect();
    await proveBridge(t.last(), 'tok', 'new-tok');
    await flush();
    expect(t.sockets).toHaveLength(2);
    t.last().open();
    await proveBridge(t.last(), 'new-tok');
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.1.0' });
    expect(t.ready()).toBe(1);
  });

  it('refuses a bridge that welcomes with another protocol version', async () => {
    const t = setup();
    await t.challenge();
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION + 1, bridgeVersion: '9' });
    await flush();
    expect(t.link.ready).toBe(false);
    expect(t.last().closedWith?.code).toBe(4002);
    expect(t.statuses.at(-1)).toMatchObject({ reason: 'version_mismatch' });
  });

  it('refuses a bridge older than the minimum this extension needs, naming the bridge as the side to update', async () => {
    const t = setup();
    await t.challenge();
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.0.9' });
    await flush();
    expect(t.link.ready).toBe(false);
    expect(t.last().closedWith?.code).toBe(4002);
    const status = t.statuses.at(-1);
    expect(status).toMatchObject({ reason: 'version_mismatch' });
    expect(parseRefusal(status?.detail)).toMatchObject({
      update: 'bridge',
      bridge: { version: '0.0.9' },
      extension: { version: '0.1.0' },
    });
  });

  it('gives up on a socket that never welcomes', async () => {
    const t = setup();
    await t.connect();
    await t.clock.advance(10_000);
    expect(t.sockets[0]!.closedWith?.code).toBe(4010);
  });

  it('passes job frames through only after the handshake and ignores garbage', async () => {
    const t = setup();
    await t.connect();
    t.last().receive('job.cancel', { jobId: 'j', reason: 'early' });
    expect(t.messages).toHaveLength(0);
    await proveBridge(t.last(), 'tok');
    t.last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '1' });
    t.last().onmessage?.({ data: '{not json' });
    t.last().receive('job.cancel', { jobId: 'j', reason: 'client gone' });
    expect(t.messages.map((m) => m.type)).toEqual(['job.cancel']);
  });

  it('wake() while connected or connecting does not open a second socket; restart() does', async () => {
    const t = setup();
    await t.handshake();
    t.link.wake();
    t.link.wake();
    await flush();
    expect(t.sockets).toHaveLength(1);
    t.link.restart();
    await flush();
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[0]!.closedWith?.code).toBe(4012);
  });

  it('an alarm wake-up during backoff connects now', async () => {
    const t = setup();
    t.link.wake();
    await flush();
    t.last().serverClose(1006);
    await flush();
    await t.clock.advance(100);
    t.link.wake();
    await flush();
    expect(t.sockets).toHaveLength(2);
  });

  it('send() refuses before the handshake', async () => {
    const t = setup();
    expect(t.link.send('tab.gone', { tabId: '1', reason: 'x' })).toBe(false);
    await t.handshake();
    expect(t.link.send('tab.gone', { tabId: '1', reason: 'x' })).toBe(true);
  });
});

describe('BridgeLink and bridges without beyond-text events', () => {
  const image = { jobId: 'j1', event: { kind: 'image' as const, mimeType: 'image/png', data: 'iVBORw0KGgo=' } };
  const text = { jobId: 'j1', event: { kind: 'text' as const, text: 'hi' } };
  const sentTypes = (t: ReturnType<typeof setup>): unknown[] =>
    t.last().sent.map((f) => (f as { data: { event?: { kind: string } } }).data.event?.kind ?? null);

  it('sends image events to a bridge whose welcome lists beyond_text', async () => {
    const t = setup();
    await t.handshake(['beyond_text']);
    expect(t.link.send('job.event', image)).toBe(true);
    expect(sentTypes(t)).toContain('image');
  });

  it('keeps them from an older bridge (no features), which would refuse the unknown kind, but still sends text', async () => {
    const t = setup();
    await t.handshake();
    expect(t.link.send('job.event', image)).toBe(true);
    expect(t.link.send('job.event', text)).toBe(true);
    expect(sentTypes(t)).not.toContain('image');
    expect(sentTypes(t)).toContain('text');
  });
});
