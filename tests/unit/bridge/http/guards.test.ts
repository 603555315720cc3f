// The bridge's HTTP guards on their own: which key a request presents, which Host names count as
// loopback, which origins may call without a key and what CORS headers they get, and how a JSON
// body is read and bounded. Each refusal here is what stands between a web page and the user's
// AI Studio quota.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { presentedKey } from '../../../../bridge/http/auth.ts';
import { readJsonBody } from '../../../../bridge/http/body.ts';
import { applyCors, originAllowed } from '../../../../bridge/http/cors.ts';
import { boundHosts, isAllowedHost } from '../../../../bridge/host-check.ts';
import { EXTENSION_ID } from '../../../../protocol/extension-id.ts';

const request = (headers: Record<string, string | string[]>, url = '/v1/models', method = 'GET'): IncomingMessage =>
  ({ headers, url, method }) as unknown as IncomingMessage;

describe('the key a request presents', () => {
  it('prefers Bearer, then x-api-key / x-goog-api-key, then ?key=, each trimmed', () => {
    expect(presentedKey(request({ authorization: 'Bearer b', 'x-api-key': 'x' }, '/v1?key=q'))).toBe('b');
    expect(presentedKey(request({ 'x-api-key': ' x ' }, '/v1?key=q'))).toBe('x');
    expect(presentedKey(request({ 'x-goog-api-key': ['g1', 'g2'] }))).toBe('g1');
    expect(presentedKey(request({}, '/v1beta/models?alt=sse&key=%20q%20'))).toBe('q');
  });

  it('treats empty values and other schemes as no key, and falls through to the next place', () => {
    expect(presentedKey(request({ authorization: 'Basic abc' }, '/v1?key=q'))).toBe('q');
    expect(presentedKey(request({ authorization: 'Token Bearer abc' }))).toBeNull();
    expect(presentedKey(request({ 'x-api-key': '' }, '/v1?key=q'))).toBe('q');
    expect(presentedKey(request({}, '/v1?key='))).toBeNull();
    expect(presentedKey(request({}, '/v1?other=1'))).toBeNull();
    expect(presentedKey({ headers: {} } as IncomingMessage)).toBeNull();
  });
});

describe('loopback Host names', () => {
  it('accepts loopback names with any port', () => {
    for (const host of [
      'localhost',
      'LOCALHOST:2048',
      'app.localhost:80',
      '[::1]',
      '[::1]:2048',
      ' 127.0.0.1:2048 ',
      '127.1.2.3',
      '127.10.200.30',
    ]) {
      expect(isAllowedHost(host), host).toBe(true);
    }
    expect(isAllowedHost('::1', ['::1'])).toBe(true);
  });

  it('refuses everything else, names that contain a loopback name included', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      'evillocalhost',
      '127.0.0.1.evil.example',
      '1127.0.0.1',
      '127.0.0.1000',
      '127.0.0',
      '[::2]:2048',
      '[::1',
      '0.0.0.0:2048',
      'fd00::1',
      'Stryker was here',
    ]) {
      expect(isAllowedHost(host), String(host)).toBe(false);
    }
  });

  it('matches extra hosts with or without a port on either side, IPv6 in brackets', () => {
    expect(isAllowedHost('box:2048', ['BOX:9999'])).toBe(true);
    expect(isAllowedHost('[fd00::1]', ['[fd00::1]'])).toBe(true);
    expect(isAllowedHost('[fd00::1]:80', ['[fd00::2]'])).toBe(false);
    expect(isAllowedHost('[fd00::1', ['[fd00::2'])).toBe(false);
    expect(isAllowedHost('[fd00::1]:80', boundHosts('[fd00::1]'))).toBe(true);
  });

  it('adds no host for wildcard and loopback binds', () => {
    for (const listen of ['0.0.0.0', '::', '127.0.0.1', 'localhost']) expect(boundHosts(listen), listen).toEqual([]);
    expect(boundHosts('fd00::1')).toEqual(['[fd00::1]']);
    expect(boundHosts('[fd00::1]')).toEqual(['[fd00::1]']);
    expect(boundHosts('box.lan')).toEqual(['box.lan']);
  });
});

describe('CORS', () => {
  it('allows any origin with keys or "*", always the extension, and otherwise only listed origins', () => {
    expect(originAllowed('https://evil.example', [], true)).toBe(true);
    expect(originAllowed('https://evil.example', ['*'], false)).toBe(true);
    expect(originAllowed(`chrome-extension://${EXTENSION_ID}`, [], false)).toBe(true);
    expect(originAllowed('chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', [], false)).toBe(false);
    expect(originAllowed('https://evil.example', ['http://localhost'], false)).toBe(false);
    expect(originAllowed('not a url', ['not a url x'], false)).toBe(false);
  });

  it('matches a listed origin exactly, a listed origin without a port on every port, a trailing slash ignored', () => {
    expect(originAllowed('http://localhost:3000', ['http://localhost:3000'], false)).toBe(true);
    expect(originAllowed('http://localhost:3000', ['http://localhost'], false)).toBe(true);
    expect(originAllowed('http://[::1]:3000', ['http://[::1]'], false)).toBe(true);
    expect(originAllowed('http://localhost:3000', ['http://localhost:3000/'], false)).toBe(true);
    expect(originAllowed('https://localhost:3000', ['http://localhost'], false)).toBe(false);
    expect(originAllowed('http://localhost:3001', ['http://localhost:3000'], false)).toBe(false);
    expect(originAllowed('http://localhost.evil:3000', ['http://localhost'], false)).toBe(false);
  });

  const headersAfter = (req: IncomingMessage): Record<string, string> => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as ServerResponse;
    applyCors(req, res, 'http://localhost:3000');
    return headers;
  };

  it('answers a simple request with the origin and the headers clients read', () => {
    expect(headersAfter(request({}, '/v1/chat/completions', 'POST'))).toEqual({
      'access-control-allow-origin': 'http://localhost:3000',
      vary: 'Origin',
      'access-control-expose-headers':
        'retry-after, x-should-retry, x-request-id, x-bridge-conversation, x-bridge-structured-output, x-bridge-token-count',
    });
  });

  it('answers a preflight with methods, the requested headers (or the usual ones) and private-network access', () => {
    const requested = headersAfter(
      request(
        { 'access-control-request-headers': 'x-stainless-os', 'access-control-request-private-network': 'true' },
        '/v1',
        'OPTIONS',
      ),
    );
    expect(requested).toMatchObject({
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'x-stainless-os',
      'access-control-max-age': '600',
      'access-control-allow-private-network': 'true',
    });
    const plain = headersAfter(request({ 'access-control-request-headers': '' }, '/v1', 'OPTIONS'));
    expect(plain['access-control-allow-headers']).toBe('authorization, content-type, x-api-key, x-goog-api-key');
    expect(plain).not.toHaveProperty('access-control-allow-private-network');
    const none = headersAfter(request({}, '/v1', 'OPTIONS'));
    expect(none['access-control-allow-headers']).toBe('authorization, content-type, x-api-key, x-goog-api-key');
  });
});

describe('JSON bodies', () => {
  const body = (chunks: string[], headers: Record<string, string> = {}): IncomingMessage => {
    const stream = new PassThrough();
    Object.assign(stream, { headers });
    queueMicrotask(() => {
      for (const c of chunks) stream.write(c);
      stream.end();
    });
    return stream as unknown as IncomingMessage;
  };

  it('parses a body in one chunk or many, multi-byte characters split across chunks', async () => {
    expect(await readJsonBody(body(['{"a":1}']), 100)).toEqual({ a: 1 });
    const bytes = Buffer.from('{"q":"你好"}');
    const stream = new PassThrough();
    Object.assign(stream, { headers: {} });
    queueMicrotask(() => {
      stream.write(bytes.subarray(0, 8));
      stream.end(bytes.subarray(8));
    });
    expect(await readJsonBody(stream as unknown as IncomingMessage, 100)).toEqual({ q: '你好' });
  });

  it('refuses more than the limit (413), by the declared length or by the bytes received', async () => {
    await expect(readJsonBody(body(['{}'], { 'content-length': '101' }), 100)).rejects.toMatchObject({ status: 413 });
    await expect(readJsonBody(body(['{"a":"', 'x'.repeat(95), '"}']), 100)).rejects.toMatchObject({ status: 413 });
    expect(await readJsonBody(body([`{"a":"${'x'.repeat(92)}"}`], { 'content-length': '100' }), 100)).toEqual({
      a: 'x'.repeat(92),
    });
  });

  it('names an empty body and invalid JSON (400)', async () => {
    await expect(readJsonBody(body(['  \n']), 100)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_body',
      message: expect.stringContaining('empty'),
    });
    await expect(readJsonBody(body(['{"a":']), 100)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_json',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('passes a stream error on', async () => {
    const stream = new PassThrough();
    Object.assign(stream, { headers: {} });
    queueMicrotask(() => stream.destroy(new Error('socket hang up')));
    await expect(readJsonBody(stream as unknown as IncomingMessage, 100)).rejects.toThrow('socket hang up');
  });
});
