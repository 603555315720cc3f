import { EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../protocol/extension-id.ts';
import { request } from 'node:http';
import OpenAI from 'openai';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePeer } from '../../sim/launch/fake-peer.ts';
import { startHandshake, type HandshakeOptions } from '../../sim/launch/handshake.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const chat = { model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] };

/** fetch cannot set Host; node:http can. */
function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A peer that pairs as `as` says (answering the challenge without checking it, like a guesser). */
function wsAttempt(
  url: string,
  origin: string | undefined,
  as: Partial<HandshakeOptions> = {},
): Promise<{ refused?: number; closed?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/extension`, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.on('error', () => {});
    ws.on('open', () => startHandshake(ws, { token: TEST_TOKEN, verifyBridge: false, ...as }));
    ws.on('close', (code) => resolve({ closed: code }));
  });
}

/** Opens the extension socket, sends `frame` as the first text frame, reports how it ended. */
function wsFirstFrame(
  url: string,
  origin: string | undefined,
  frame: string,
): Promise<{ refused?: number; closed?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/extension`, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.on('error', () => {});
    ws.on('open', () => ws.send(frame));
    ws.on('close', (code) => resolve({ closed: code }));
  });
}

describe('security by default', () => {
  it('rejects a non-loopback Host header with an OpenAI-shaped 403 (DNS rebinding)', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const res = await rawRequest(`${h.bridge.url}/v1/models`, { headers: { host: 'evil.example:2048' } });
    expect(res.status).toBe(403);
    assertSchema('ErrorResponse', JSON.parse(res.body));
    // Open WebUI in Docker calls host.docker.internal: the message must say how to allow it
    expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toContain('--allow-host');
    for (const host of ['localhost:2048', '127.0.0.1', 'app.localhost:80', '[::1]:2048']) {
      expect((await rawRequest(`${h.bridge.url}/health`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it('accepts the extension only from its own chrome-extension:// origin with the right token and protocol version', async () => {
    h = await startHarness([]);
    const hello = {};
    expect(await wsAttempt(h.bridge.url, 'https://evil.example', hello)).toEqual({ refused: 403 });
    expect(await wsAttempt(h.bridge.url, undefined, hello)).toEqual({ refused: 403 });
    // another extension, even one that somehow knows the token, is refused before the upgrade
    const otherExtension = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    expect(await wsAttempt(h.bridge.url, otherExtension, hello)).toEqual({ refused: 403 });
    const origin = `chrome-extension://${EXTENSION_ID}`;
    expect(await wsAttempt(h.bridge.url, origin, { ...hello, token: 'wrong-token' })).toEqual({ closed: 4001 });
    expect(await wsAttempt(h.bridge.url, origin, { ...hello, protocolVersion: 999 })).toEqual({ closed: 4002 });
    // a peer with another token refuses the bridge itself: the bridge's proof does not check out
    await expect(FakePeer.connect(h.bridge.url, { token: 'nope' })).rejects.toThrow(/4013/);
    const ok = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, origin });
    await ok.close();
  });

  it('closes with the protocol-error code 4005, not "bad token" 4001, when the first frame is garbage or not a hello', async () => {
    h = await startHarness([]);
    const origin = `chrome-extension://${EXTENSION_ID}`;
    const firstFrames = {
      'not JSON': 'hello?',
      'not an envelope': JSON.stringify({ hello: true }),
      'a hello without its fields': JSON.stringify({ id: '1', type: 'hello', data: {} }),
      'a valid frame that is not a hello': JSON.stringify({ id: '1', type: 'ping', data: { t: 1 } }),
      'an unknown type': JSON.stringify({ id: '1', type: 'toString', data: {} }),
    };
    for (const [what, frame] of Object.entries(firstFrames))
      expect(await wsFirstFrame(h.bridge.url, origin, frame), what).toEqual({ closed: 4005 });
    // the bridge still pairs a good hello afterwards
    const ok = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, origin });
    await ok.close();
  });

  it('accepts a Firefox moz-extension:// origin only with the token and our announced gecko id', async () => {
    h = await startHarness([], { extensionIds: [EXTENSION_ID, FIREFOX_EXTENSION_ID] });
    const hello = { extensionId: FIREFOX_EXTENSION_ID };
    // The uuid is random per install, so any well-formed one is let through to the hello...
    const origin = 'moz-extension://0b7c9a51-7f0e-4d51-9a1c-2f2d8e5b6c3a';
    // ...where a foreign add-on without the token, or announcing another id (even with the token), is closed.
    expect(await wsAttempt(h.bridge.url, origin, { ...hello, token: 'wrong-token' })).toEqual({ closed: 4001 });
    expect(await wsAttempt(h.bridge.url, origin, { ...hello, extensionId: 'other@evil.example' })).toEqual({
      closed: 4005,
    });
    expect(await wsAttempt(h.bridge.url, origin, {})).toEqual({ closed: 4005 });
    // a malformed moz-extension origin never gets to try
    expect(await wsAttempt(h.bridge.url, 'moz-extension://not-a-uuid', hello)).toEqual({ refused: 403 });
    await expect(
      FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, origin, extensionId: 'other@evil.example' }),
    ).rejects.toThrow(/4005/);
    const ok = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, origin, extensionId: FIREFOX_EXTENSION_ID });
    await ok.close();
  });

  it('accepts a differently-keyed build of the extension only when its id is configured', async () => {
    const otherId = 'abcdefghijklmnopabcdefghijklmnop';
    h = await startHarness([], { extensionIds: [EXTENSION_ID, otherId] });
    const ok = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, origin: `chrome-extension://${otherId}` });
    await ok.close();
  });

  it('requires a key when keys are configured: Bearer, x-api-key or x-goog-api-key; /health stays open', async () => {
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['k-1', 'k-2'] });
    const err = await new OpenAI({ baseURL: h.baseURL, apiKey: 'wrong', maxRetries: 0 }).models
      .list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    const noKey = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    expect(noKey.status).toBe(401);
    assertSchema('ErrorResponse', await noKey.json());
    const good = await new OpenAI({ baseURL: h.baseURL, apiKey: 'k-2', maxRetries: 0 }).chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(good.choices[0]?.message.content).toBe('Hello world');
    for (const header of ['x-api-key', 'x-goog-api-key']) {
      expect((await fetch(`${h.baseURL}/models`, { headers: { [header]: 'k-1' } })).status, header).toBe(200);
    }
    expect((await fetch(`${h.bridge.url}/health`)).status).toBe(200);
  });

  it('ignores any Authorization header when no keys are configured', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const res = await fetch(`${h.baseURL}/models`, { headers: { authorization: 'Bearer your-api-key' } });
    expect(res.status).toBe(200);
  });

  it('answers CORS preflights for loopback origins, reflecting X-Stainless headers; refuses other origins without keys', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const pre = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os, x-stainless-retry-count',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-stainless-retry-count');
    const evil = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify(chat),
    });
    expect(evil.status).toBe(403);
    // what a sandboxed iframe on any web page sends
    expect((await fetch(`${h.baseURL}/models`, { headers: { origin: 'null' } })).status).toBe(403);
    expect(h.peer.started).toHaveLength(0);
    // desktop apps: ChatBox desktop (Electron, loaded from a file) and Tauri apps
    for (const origin of ['file://', 'tauri://localhost', 'http://tauri.localhost']) {
      const res = await fetch(`${h.baseURL}/models`, { headers: { origin } });
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('allows any origin when API keys are configured', async () => {
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['k'] });
    const res = await fetch(`${h.baseURL}/models`, {
      headers: { origin: 'https://chat.example', authorization: 'Bearer k' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://chat.example');
  });

  it('limits the body size (413) and names bad fields (400)', async () => {
    h = await startHarness([{ tabId: '1' }], { maxBodyBytes: 1000 });
    const big = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...chat, messages: [{ role: 'user', content: 'x'.repeat(2000) }] }),
    });
    expect(big.status).toBe(413);
    assertSchema('ErrorResponse', await big.json());

    const cases: Array<[unknown, string | null]> = [
      ['{not json', null],
      [{ model: 'm' }, 'messages'],
      [{ ...chat, messages: [] }, 'messages'],
      [{ ...chat, temperature: 3 }, 'temperature'],
      [{ ...chat, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ ...chat, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
      [{ ...chat, stop: [1] }, 'stop'],
      [{ ...chat, n: 2 }, 'n'],
    ];
    for (const [body, param] of cases) {
      const res = await fetch(`${h.baseURL}/chat/completions`, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as { error: { param: string | null; type: string } };
      assertSchema('ErrorResponse', json);
      expect(json.error.type).toBe('invalid_request_error');
      if (param === null) expect(json.error.param).toBeNull();
      else expect(json.error.param?.startsWith(param), `${json.error.param} for ${JSON.stringify(body)}`).toBe(true);
    }
    expect(h.peer.started).toHaveLength(0);
  });

  it('accepts what real clients send: unknown fields, nulls, Open WebUI cache_control parts and reasoning objects', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
        stream: false,
        stream_options: null,
        frequency_penalty: 0,
        presence_penalty: 0,
        logit_bias: {},
        user: 'u1',
        seed: 1,
        parallel_tool_calls: false,
        metadata: { a: 'b' },
        reasoning: { effort: 'high' },
        some_future_field: { x: 1 },
      }),
    });
    expect(res.status).toBe(200);
    expect(h.peer.started[0]?.request.settings.thinking).toEqual({ mode: 'level', level: 'high' });
  });

  it('answers 404 in OpenAI shape for unknown routes and serves routes without /v1', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const missing = await fetch(`${h.bridge.url}/v1/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    assertSchema('ErrorResponse', await missing.json());
    const models = await fetch(`${h.bridge.url}/models`);
    assertSchema('ListModelsResponse', await models.json());
    const client = new OpenAI({ baseURL: h.bridge.url, apiKey: 'x', maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Hello world');
    // a base URL pasted with a trailing slash, joined by plain concatenation (`${base}/chat/completions`)
    const doubled = await fetch(`${h.baseURL}//chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    expect(doubled.status).toBe(200);
    expect((await fetch(`${h.baseURL}//models`)).status).toBe(200);
  });
});
