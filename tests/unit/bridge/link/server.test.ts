import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect as tcpConnect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { throttledReason, throttledSeconds } from '../../../../protocol/close-codes.ts';
import { encode } from '../../../../protocol/envelope.ts';
import { EXTENSION_ID } from '../../../../protocol/extension-id.ts';
import { describeRefusal, PROTOCOL_VERSION } from '../../../../protocol/version.ts';
import { ExtensionLinkServer } from '../../../../bridge/link/server.ts';
import { BRIDGE_VERSION } from '../../../../bridge/version.ts';
import { FakePeer } from '../../../../sim/launch/fake-peer.ts';
import { startHandshake, type HandshakeOptions } from '../../../../sim/launch/handshake.ts';
import { hello, linkDeps, TOKEN } from './fakes.ts';

const ours = `chrome-extension://${EXTENSION_ID}`;
const firefoxOrigin = 'moz-extension://0b7c9a51-7f0e-4d51-9a1c-2f2d8e5b6c3a';

const running: Array<{ link: ExtensionLinkServer; server: Server }> = [];
const rawPeers: Socket[] = [];
afterEach(async () => {
  for (const raw of rawPeers.splice(0)) raw.destroy();
  for (const { link, server } of running.splice(0)) {
    await link.close(50);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** The link server on a loopback HTTP server with an ephemeral port, on a manual clock. */
async function startLink(options: { extensionIds?: string[] } = {}) {
  const setup = linkDeps();
  const link = new ExtensionLinkServer({
    ...setup.deps,
    extraHosts: [],
    extensionIds: options.extensionIds ?? [EXTENSION_ID],
  });
  const server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => link.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  running.push({ link, server });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ...setup, link, server, url };
}

type Outcome =
  | { refused: number; statusMessage?: string; retryAfter?: string; body: string }
  | { closed: number; reason: string }
  | { welcomed: true };

/** Opens /extension, pairs (as `as` says) or sends `first`, reports how it went. */
function attempt(
  url: string,
  opts: { origin?: string; path?: string; first?: string; as?: Partial<HandshakeOptions> } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${opts.path ?? '/extension'}`, {
      origin: opts.origin ?? ours,
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          refused: res.statusCode ?? 0,
          statusMessage: res.statusMessage,
          retryAfter: res.headers['retry-after'],
          body,
        }),
      );
    });
    ws.on('error', () => {});
    ws.on('open', () => (opts.first ? ws.send(opts.first) : startHandshake(ws, { token: TOKEN, ...opts.as })));
    ws.on('message', (raw) => {
      if (String(raw).includes('"welcome"')) {
        resolve({ welcomed: true });
        ws.close();
      }
    });
    ws.on('close', (code, reason) => resolve({ closed: code, reason: String(reason) }));
  });
}

/** a peer guessing the token: it answers the challenge without checking the bridge's proof */
const badToken = { token: 'wrong-token', verifyBridge: false };

describe('ExtensionLinkServer over real WebSockets', () => {
  it('pairs our extension at /extension (query string allowed) and lists only paired connections', async () => {
    const { url, link } = await startLink();
    expect(await attempt(url, { path: '/extension?v=1' })).toEqual({ welcomed: true });
    const silent = new WebSocket(`${url.replace(/^http/, 'ws')}/extension`, { origin: ours });
    await new Promise((r) => silent.once('open', r));
    const peer = await FakePeer.connect(url, { token: TOKEN });
    // no compression: frames cost no inflating, and maxPayload bounds what the peer sends as is
    expect(peer.ws.extensions).toBe('');
    // c1 paired and left, c2 has not said hello: only c3 counts
    expect(link.list().map((c) => c.id)).toEqual(['c3']);
    await peer.close();
    silent.close();
    await new Promise((r) => silent.once('close', r));
  });

  it('pins a Firefox add-on by the id it announces, a Chrome extension by its Origin', async () => {
    const { url } = await startLink({ extensionIds: [EXTENSION_ID, 'ours@example'] });
    expect(await attempt(url, { origin: firefoxOrigin, as: { extensionId: 'ours@example' } })).toEqual({
      welcomed: true,
    });
    expect(await attempt(url, { origin: firefoxOrigin, as: { extensionId: 'evil@example' } })).toMatchObject({
      closed: 4005,
    });
    expect(await attempt(url, { origin: ours })).toEqual({ welcomed: true });
  });

  it('remembers the last version refusal for /health until an extension is accepted', async () => {
    const { url, link, timers } = await startLink();
    expect(link.versionProblem()).toBeNull();
    timers.advance(5000);
    const skew = encode('hello', hello({ protocolVersion: PROTOCOL_VERSION + 1, extensionVersion: '9.9.9' }));
    expect(await attempt(url, { first: skew })).toMatchObject({ closed: 4002 });
    const refusal = {
      update: 'bridge' as const,
      bridge: { protocolVersion: PROTOCOL_VERSION, version: BRIDGE_VERSION },
      extension: { protocolVersion: PROTOCOL_VERSION + 1, version: '9.9.9' },
    };
    expect(link.versionProblem()).toEqual({
      update: 'bridge',
      bridge_version: BRIDGE_VERSION,
      extension_version: '9.9.9',
      message: describeRefusal(refusal),
      at: 5000,
    });
    expect(await attempt(url)).toEqual({ welcomed: true });
    expect(link.versionProblem()).toBeNull();
  });
});

describe('ExtensionLinkServer pairing guard', () => {
  it('closes an address with 4006 and the wait after five wrong tokens, until the block ends', async () => {
    const { url, timers, logger } = await startLink();
    for (let i = 0; i < 5; i++) expect(await attempt(url, { as: badToken })).toMatchObject({ closed: 4001 });
    expect(logger.of('warn').map((l) => l[2])).toEqual([
      ...Array.from({ length: 4 }, () => ({ address: '127.0.0.1', origin: ours, blockedForMs: 0 })),
      { address: '127.0.0.1', origin: ours, blockedForMs: 30_000 },
    ]);
    expect(logger.of('warn').map((l) => l[1])).toEqual(Array.from({ length: 5 }, () => 'failed pairing attempt'));
    // A browser's WebSocket cannot see an HTTP 429: the wait travels in the close reason.
    const throttled = await attempt(url);
    expect(throttled).toEqual({ closed: 4006, reason: throttledReason(30) });
    expect(throttledSeconds((throttled as { reason: string }).reason)).toBe(30);
    // Even the right token is not read during the block, and a refusal does not count as a failure.
    expect(logger.of('warn')).toHaveLength(5);
    timers.advance(29_500);
    expect(await attempt(url)).toEqual({ closed: 4006, reason: throttledReason(1) });
    timers.advance(500);
    expect(await attempt(url)).toEqual({ welcomed: true });
  });

  it('during a block, answers a foreign origin 403 as always (only our extension is told to wait)', async () => {
    const { url } = await startLink();
    for (let i = 0; i < 5; i++) await attempt(url, { as: badToken });
    expect(await attempt(url, { origin: 'https://evil.example' })).toMatchObject({ refused: 403 });
  });

  it('cuts a throttled peer that does not answer the close within a second', async () => {
    const { url, timers } = await startLink();
    for (let i = 0; i < 5; i++) await attempt(url, { as: badToken });
    const raw = await rawPeer(url);
    let closed = false;
    const gone = new Promise<void>((r) => raw.once('close', () => r()));
    raw.once('close', () => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    timers.advance(999);
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    timers.advance(1);
    await gone;
  });

  it('keeps a bucket per (address, origin): wrong tokens from another add-on lock out neither ours nor another install', async () => {
    const { url } = await startLink({ extensionIds: [EXTENSION_ID, 'ours@example'] });
    const foreign = 'moz-extension://11111111-2222-4333-8444-555555555555';
    for (let i = 0; i < 5; i++)
      expect(await attempt(url, { origin: foreign, as: badToken })).toMatchObject({ closed: 4001 });
    expect(await attempt(url, { origin: foreign })).toMatchObject({ closed: 4006 });
    // the pinned Chrome extension and another Firefox install, same address, pair at once
    expect(await attempt(url, { origin: ours })).toEqual({ welcomed: true });
    expect(await attempt(url, { origin: firefoxOrigin, as: { extensionId: 'ours@example' } })).toEqual({
      welcomed: true,
    });
  });

  it('forgets the failures of an address that then pairs', async () => {
    const { url } = await startLink();
    for (let i = 0; i < 4; i++) expect(await attempt(url, { as: badToken })).toMatchObject({ closed: 4001 });
    expect(await attempt(url)).toEqual({ welcomed: true });
    expect(await attempt(url, { as: badToken })).toMatchObject({ closed: 4001 });
    expect(await attempt(url, { as: badToken })).toMatchObject({ closed: 4001 });
  });
});

describe('ExtensionLinkServer sockets nobody else listens to', () => {
  /** An upgrade request on a raw TCP socket, as `origin`; resolves with the socket once answered. */
  async function rawUpgrade(url: string, origin: string): Promise<{ raw: Socket; head: string }> {
    const { port } = new URL(url);
    const raw = tcpConnect(Number(port), '127.0.0.1');
    raw.on('error', () => {});
    rawPeers.push(raw);
    raw.write(
      `GET /extension HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const head = await new Promise<Buffer>((r) => raw.once('data', r));
    return { raw, head: head.toString('latin1') };
  }

  it('survives a TCP reset after a refused upgrade, and a bad frame on a throttled socket', async () => {
    const { url, server } = await startLink();
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      for (let i = 0; i < 3; i++) {
        const { raw, head } = await rawUpgrade(url, 'https://evil.example');
        expect(head).toMatch(/^HTTP\/1\.1 403 /);
        raw.resetAndDestroy();
      }
      for (let i = 0; i < 5; i++) await attempt(url, { as: badToken });
      const { raw, head } = await rawUpgrade(url, ours);
      expect(head).toMatch(/^HTTP\/1\.1 101 /);
      // an unmasked frame with reserved bits set: ws fails the connection with an 'error'
      raw.write(Buffer.from([0xf1, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
      raw.resetAndDestroy();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      expect(server.listening).toBe(true);
      expect(await attempt(url, { origin: 'https://evil.example' })).toMatchObject({ refused: 403 });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('logs a refused origin once a minute with the count since, however often it retries', async () => {
    const { url, timers, logger } = await startLink();
    for (let i = 0; i < 40; i++)
      expect(await attempt(url, { origin: 'https://evil.example' })).toMatchObject({ refused: 403 });
    await attempt(url, { origin: 'https://other.example' });
    const refusedLines = () => logger.of('warn').filter((l) => String(l[1]).startsWith('refused a WebSocket'));
    expect(refusedLines().map((l) => l[2])).toEqual([
      { origin: 'https://evil.example' },
      { origin: 'https://other.example' },
    ]);
    timers.advance(60_000);
    await attempt(url, { origin: 'https://evil.example' });
    expect(refusedLines().at(-1)?.[2]).toEqual({ origin: 'https://evil.example', refusedSinceLastLine: 39 });
  });
});

describe('ExtensionLinkServer.close', () => {
  it('says goodbye with 1001, then takes no more extensions', async () => {
    const { url, link } = await startLink();
    const peer = await FakePeer.connect(url, { token: TOKEN });
    const closed = new Promise<[number, string]>((r) => peer.ws.once('close', (code, why) => r([code, String(why)])));
    await link.close(5_000);
    expect(await closed).toEqual([1001, 'bridge shutting down']);
    expect(link.list()).toEqual([]);
    expect(await attempt(url)).toMatchObject({ refused: 503 });
  });

  it('returns at once when no extension is left, and cuts one that ignores the goodbye after the grace period', async () => {
    const { url, link } = await startLink();
    const peer = await FakePeer.connect(url, { token: TOKEN });
    await peer.close();
    await link.close(60_000); // would wait the whole minute if the closed connection were still counted

    const again = await startLink();
    const raw = await rawPeer(again.url);
    const cut = new Promise((r) => raw.once('close', r));
    await again.link.close(20);
    await cut; // ws alone would wait 30 s for the closing handshake
  });

  it('gives a peer the grace period to answer the goodbye before cutting it', async () => {
    const { url, link } = await startLink();
    const raw = await rawPeer(url);
    let ended = false;
    raw.once('end', () => (ended = true));
    const goodbye = new Promise<Buffer>((r) => raw.once('data', r));
    const closing = link.close(10_000);
    expect((await goodbye)[0]).toBe(0x88); // a close frame
    // a peer cut at once sees the end of the stream right behind the close frame
    await new Promise((r) => setTimeout(r, 30));
    expect(ended).toBe(false);
    raw.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe9])); // masked close 1001
    await closing;
  });
});

/** A peer that completes the WebSocket handshake by hand, then only does what the test makes it do. */
async function rawPeer(url: string): Promise<Socket> {
  const { port } = new URL(url);
  const raw = tcpConnect(Number(port), '127.0.0.1');
  raw.on('error', () => {});
  raw.write(
    [
      'GET /extension HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Origin: ${ours}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<Buffer>((r) => raw.once('data', r));
  expect(head.toString()).toMatch(/^HTTP\/1\.1 101 /);
  rawPeers.push(raw);
  return raw;
}
