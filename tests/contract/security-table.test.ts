import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { throttledSeconds } from '../../protocol/close-codes.ts';
import { EXTENSION_ID } from '../../protocol/extension-id.ts';
import { startHandshake } from '../../sim/launch/handshake.ts';
import { BRIDGE_VERSION } from '../../bridge/version.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

/**
 * The security table: each row is one hostile (or legitimate) request and the exact result.
 * docs/security.md lists the same rows; keep both in step.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const EXT_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
const OTHER_EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const chat = JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] });

/** Sends raw bytes, returns "<status>" plus " cors" when an Access-Control-Allow-Origin header came back. */
function raw(port: number, text: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write(text));
    let got = '';
    socket.on('data', (b) => {
      got += b.toString('latin1');
      if (got.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 'no answer';
      resolve(/\r\naccess-control-allow-origin:/i.test(got) ? `${status} cors` : status);
    });
    socket.on('error', reject);
  });
}

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  raw(
    port,
    `GET ${path} HTTP/1.1\r\n${Object.entries({ host: `127.0.0.1:${port}`, connection: 'close', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );
const post = (port: number, path: string, body: string, headers: Record<string, string> = {}) =>
  raw(
    port,
    `POST ${path} HTTP/1.1\r\n${Object.entries({
      host: `127.0.0.1:${port}`,
      connection: 'close',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n${body}`,
  );

/** A CORS preflight; "<status> cors <method>" when the method is allowed. */
async function preflight(port: number, origin: string, method: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/responses/resp_x`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method },
  });
  const allowed = res.headers.get('access-control-allow-methods') ?? '';
  return `${res.status}${res.headers.get('access-control-allow-origin') ? ' cors' : ''}${allowed.includes(method) ? ` ${method}` : ''}`;
}

/** One /extension attempt: "refused <status>", "closed <code>" or "paired". */
function ws(
  url: string,
  opts: { origin?: string; host?: string; token?: string; address?: string; firstFrame?: string } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const target = opts.address ? url.replace('127.0.0.1', opts.address) : url;
    const headers: Record<string, string> = opts.host ? { host: opts.host } : {};
    const socket = new WebSocket(`${target.replace(/^http/, 'ws')}/extension`, {
      headers,
      ...(opts.origin ? { origin: opts.origin } : {}),
    });
    socket.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    socket.on('error', () => {});
    socket.on('open', () =>
      opts.firstFrame !== undefined
        ? socket.send(opts.firstFrame)
        : startHandshake(socket, {
            token: opts.token ?? TEST_TOKEN,
            extensionVersion: BRIDGE_VERSION,
            verifyBridge: false,
          }),
    );
    socket.on('message', (m) => {
      if (String(m).includes('"welcome"')) {
        resolve('paired');
        socket.close();
      }
    });
    socket.on('close', (code, reason) => {
      const wait = throttledSeconds(String(reason));
      resolve(`closed ${code}${wait === null ? '' : ` retry in ${wait} s`}`);
    });
  });
}

/** A non-loopback address of this machine, to be a "LAN client" of a bridge bound to 0.0.0.0. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

describe('security table', () => {
  it('HTTP without API keys', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const { port } = h.bridge;
    const rows: Array<[string, Promise<string>, string]> = [
      ['Host: evil.example (DNS rebinding)', get(port, '/v1/models', { host: 'evil.example' }), '403'],
      ['Host: 127.0.0.1.evil.example', get(port, '/v1/models', { host: '127.0.0.1.evil.example' }), '403'],
      ['Host: localhost.evil.example', get(port, '/v1/models', { host: 'localhost.evil.example:80' }), '403'],
      ['Host: 0x7f000001', get(port, '/health', { host: '0x7f000001' }), '403'],
      ['no Host header (HTTP/1.1)', raw(port, 'GET /health HTTP/1.1\r\nconnection: close\r\n\r\n'), '400'],
      [
        'Origin: https://evil.example, POST chat',
        post(port, '/v1/chat/completions', chat, { origin: 'https://evil.example' }),
        '403',
      ],
      ['Origin: null (sandboxed iframe)', get(port, '/v1/models', { origin: 'null' }), '403'],
      ['Origin: another extension', get(port, '/v1/models', { origin: OTHER_EXT }), '403'],
      ['Origin: https://evil.example, GET /health', get(port, '/health', { origin: 'https://evil.example' }), '403'],
      ['Origin: http://localhost:3000', get(port, '/v1/models', { origin: 'http://localhost:3000' }), '200 cors'],
      ['Origin: the extension', get(port, '/health', { origin: EXT_ORIGIN }), '200 cors'],
      [
        'two different Content-Length headers',
        raw(
          port,
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 5\r\ncontent-length: ${chat.length}\r\n\r\n${chat}`,
        ),
        '400',
      ],
      [
        'two equal Content-Length headers',
        raw(
          port,
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${chat.length}\r\ncontent-length: ${chat.length}\r\n\r\n${chat}`,
        ),
        '400',
      ],
      [
        'Content-Length with Transfer-Encoding: chunked (smuggling)',
        raw(
          port,
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`,
        ),
        '400',
      ],
      ['URL of 20 KB', get(port, `/v1/models?${'q'.repeat(20_000)}`), '431'],
      ['headers of 20 KB', get(port, '/v1/models', { 'x-filler': 'f'.repeat(20_000) }), '431'],
      [
        'Sec-Fetch-Site: cross-site without Origin, GET /health',
        get(port, '/health', { 'sec-fetch-site': 'cross-site' }),
        '403',
      ],
      [
        'Sec-Fetch-Site: same-site without Origin, POST chat',
        post(port, '/v1/chat/completions', chat, { 'sec-fetch-site': 'same-site' }),
        '403',
      ],
      ['GET /diagnostics/page without its header', get(port, '/diagnostics/page'), '400'],
      [
        'Upgrade: h2c (curl --http2)',
        get(port, '/health', { connection: 'Upgrade, HTTP2-Settings', upgrade: 'h2c', 'http2-settings': 'AAA' }),
        '200',
      ],
      [
        'declared body over 32 MiB',
        raw(
          port,
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${33 * 1024 * 1024}\r\n\r\n{}`,
        ),
        '413',
      ],
    ];
    for (const [name, result, expected] of rows) expect(await result, name).toBe(expected);
    expect(h.peer.started).toHaveLength(0);
  });

  it('HTTP with API keys', async () => {
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['k-1'] });
    const { port } = h.bridge;
    const rows: Array<[string, Promise<string>, string]> = [
      ['no key', get(port, '/v1/models'), '401'],
      ['wrong key', get(port, '/v1/models', { authorization: 'Bearer wrong' }), '401'],
      ['empty Bearer', get(port, '/v1/models', { authorization: 'Bearer ' }), '401'],
      ['key as Authorization: Bearer', get(port, '/v1/models', { authorization: 'Bearer k-1' }), '200'],
      ['key as x-api-key', get(port, '/v1/models', { 'x-api-key': 'k-1' }), '200'],
      ['key as x-goog-api-key', get(port, '/v1/models', { 'x-goog-api-key': 'k-1' }), '200'],
      [
        'Origin: https://chat.example with the key',
        get(port, '/v1/models', { origin: 'https://chat.example', authorization: 'Bearer k-1' }),
        '200 cors',
      ],
      [
        'Origin: https://chat.example without a key',
        get(port, '/v1/models', { origin: 'https://chat.example' }),
        '401 cors',
      ],
      ['Origin: https://evil.example, GET /health', get(port, '/health', { origin: 'https://evil.example' }), '200'],
      ['preflight for DELETE', preflight(port, 'http://localhost:3000', 'DELETE'), '204 cors DELETE'],
      [
        'Origin: http://localhost:3000, GET /health',
        get(port, '/health', { origin: 'http://localhost:3000' }),
        '200 cors',
      ],
      [
        'Host: evil.example with the key',
        get(port, '/v1/models', { host: 'evil.example', authorization: 'Bearer k-1' }),
        '403',
      ],
    ];
    for (const [name, result, expected] of rows) expect(await result, name).toBe(expected);
  });

  it('WebSocket /extension', async () => {
    h = await startHarness([]);
    const url = h.bridge.url;
    const rows: Array<[string, () => Promise<string>, string]> = [
      ['Host: evil.example', () => ws(url, { origin: EXT_ORIGIN, host: 'evil.example' }), 'refused 403'],
      ['Origin: https://evil.example', () => ws(url, { origin: 'https://evil.example' }), 'refused 403'],
      ['no Origin', () => ws(url), 'refused 403'],
      ['Origin: another extension, right token', () => ws(url, { origin: OTHER_EXT }), 'refused 403'],
      // A bad first frame is a protocol error (4005), not a pairing failure: six do not start a back-off.
      ...Array.from({ length: 6 }, (_, i): [string, () => Promise<string>, string] => [
        `first frame not a hello, attempt ${i + 1}`,
        () => ws(url, { origin: EXT_ORIGIN, firstFrame: 'not json' }),
        'closed 4005',
      ]),
      ['Origin: the extension, right token (proven, never sent)', () => ws(url, { origin: EXT_ORIGIN }), 'paired'],
      [
        'a protocol-1 hello with the right token',
        () =>
          ws(url, {
            origin: EXT_ORIGIN,
            firstFrame: JSON.stringify({
              id: '1',
              type: 'hello',
              data: { protocolVersion: 1, token: TEST_TOKEN, extensionVersion: '0.1.0' },
            }),
          }),
        'closed 4002',
      ],
      ...Array.from({ length: 5 }, (_, i): [string, () => Promise<string>, string] => [
        `wrong token, attempt ${i + 1}`,
        () => ws(url, { origin: EXT_ORIGIN, token: 'wrong-token-guess' }),
        'closed 4001',
      ]),
      [
        '6th attempt after 5 wrong tokens',
        () => ws(url, { origin: EXT_ORIGIN, token: 'wrong-token-guess' }),
        'closed 4006 retry in 30 s',
      ],
      ['right token during the back-off', () => ws(url, { origin: EXT_ORIGIN }), 'closed 4006 retry in 30 s'],
    ];
    // in order: the failures build up the back-off
    for (const [name, attempt, expected] of rows) expect(await attempt(), name).toBe(expected);
  });

  it('WebSocket /extension from another machine (bridge bound to 0.0.0.0)', async () => {
    const lan = lanAddress();
    // Without a second interface the "other machine" is simulated by the peer address Node reports.
    for (const allowRemoteExtensions of [false, true]) {
      h = await startHarness([], { host: '0.0.0.0', apiKeys: ['k'], allowRemoteExtensions });
      const expected = allowRemoteExtensions ? 'paired' : 'refused 403';
      const forged = { origin: EXT_ORIGIN, host: `127.0.0.1:${h.bridge.port}` };
      if (lan)
        expect(await ws(h.bridge.url, { ...forged, address: lan }), `allowRemote=${allowRemoteExtensions}`).toBe(
          expected,
        );
      else
        expect(await upgradeFrom(h, '192.0.2.7'), `allowRemote=${allowRemoteExtensions}`).toMatch(
          allowRemoteExtensions ? /^HTTP\/1\.1 101/ : /^HTTP\/1\.1 403/,
        );
      expect(await ws(h.bridge.url, forged), 'loopback').toBe('paired');
      await h.close();
      h = null;
    }
  });
});

/** An upgrade request as if it came from `address`, handed straight to the server; returns the response head. */
async function upgradeFrom(harness: Harness, address: string): Promise<string> {
  const { Duplex } = await import('node:stream');
  const { IncomingMessage } = await import('node:http');
  let written = '';
  const socket = new Duplex({
    read() {},
    write: (chunk: Buffer, _enc, cb) => ((written += chunk.toString('latin1')), cb()),
  });
  Object.defineProperty(socket, 'remoteAddress', { value: address });
  const req = new IncomingMessage(socket as never);
  req.method = 'GET';
  req.url = '/extension';
  req.headers = {
    host: '127.0.0.1',
    origin: EXT_ORIGIN,
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-version': '13',
  };
  harness.bridge.bridge.server.emit('upgrade', req, socket, Buffer.alloc(0));
  await new Promise((r) => setImmediate(r));
  socket.destroy();
  return written;
}
