import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobErrorCode } from '../../../protocol/errors.ts';
import { encode, parseEnvelope } from '../../../protocol/envelope.ts';
import { errorBody, jobErrorToApiError, toApiError } from '../../../bridge/errors.ts';
import { parseStartArgs } from '../../../bridge/cli/args.ts';
import { originAllowed } from '../../../bridge/http/cors.ts';
import { isAllowedHost } from '../../../bridge/host-check.ts';
import { loadModelAliases, parseAliasEnv } from '../../../bridge/models/aliases.ts';
import { DEFAULT_CORS_ORIGINS } from '../../../bridge/config.ts';

describe('job error → HTTP', () => {
  it('maps every JobErrorCode to the documented status, keeping the page message', () => {
    const expected: Record<JobErrorCode, number> = {
      quota_exceeded: 429,
      page_error: 502,
      network_error: 502,
      tab_gone: 502,
      page_not_ready: 503,
      timeout: 504,
      cancelled: 502,
      bad_request: 400,
      permission_denied: 403,
      internal: 500,
      request_too_large: 413,
    };
    for (const code of JobErrorCode.options) {
      const err = jobErrorToApiError(code, 'msg from page');
      expect(err.status, code).toBe(expected[code]);
      expect(err.message).toContain('msg from page');
      expect(Object.keys(errorBody(err).error).sort()).toEqual(['code', 'message', 'param', 'type']);
    }
    expect(jobErrorToApiError('quota_exceeded', 'q').headers['retry-after']).toBe('60');
    expect(jobErrorToApiError('page_not_ready', 'p').headers['retry-after']).toBe('5');
    expect(jobErrorToApiError('page_error', 'p').headers['x-should-retry']).toBe('false');
  });

  it('takes Retry-After from a quota message that says when to retry, else a minute', () => {
    expect(
      jobErrorToApiError('quota_exceeded', 'You exceeded your current quota. Please retry in 41.2s.').headers[
        'retry-after'
      ],
    ).toBe('42');
    expect(jobErrorToApiError('quota_exceeded', 'quota (retryDelay: "7s")').headers['retry-after']).toBe('7');
    expect(
      jobErrorToApiError('quota_exceeded', 'Resource has been exhausted (e.g. check quota).').headers['retry-after'],
    ).toBe('60');
  });

  it('tells the person to sign in to AI Studio on a permission error', () => {
    const err = jobErrorToApiError('permission_denied', 'The caller does not have permission');
    expect(err.status).toBe(403);
    expect(err.message).toContain('The caller does not have permission');
    expect(err.message).toMatch(/sign in to AI Studio/);
  });

  it('hides internals of unexpected errors behind a 500', () => {
    const err = toApiError(new TypeError('secret stack detail'));
    expect(err.status).toBe(500);
    expect(err.message).not.toContain('secret');
  });
});

describe('frames from the extension', () => {
  it('parses every frame through the protocol schemas', () => {
    const text = parseEnvelope(encode('job.event', { jobId: 'j', event: { kind: 'text', text: 'hi' } }));
    expect(text).toMatchObject({
      ok: true,
      message: { type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 'hi' } } },
    });
    expect(parseEnvelope(encode('tab.gone', { tabId: '1', reason: 'closed' }))).toMatchObject({
      ok: true,
      message: { type: 'tab.gone' },
    });
    expect(
      parseEnvelope('{"id":"1","type":"job.event","data":{"jobId":"j","event":{"kind":"text","text":5}}}'),
    ).toMatchObject({ ok: false });
    expect(
      parseEnvelope(
        '{"id":"1","type":"job.event","data":{"jobId":"j","event":{"kind":"error","code":"nope","message":""}}}',
      ),
    ).toMatchObject({ ok: false });
    expect(parseEnvelope('not json')).toEqual({ ok: false, error: 'frame is not JSON' });
    expect(parseEnvelope('{"id":"1","type":"launch.missiles","data":{}}')).toMatchObject({ ok: false });
  });
});

describe('Host and Origin checks', () => {
  it('accepts loopback names with any port, nothing else', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:2048',
      'localhost',
      'LOCALHOST:80',
      'foo.localhost:3000',
      '[::1]',
      '[::1]:2048',
      '127.1.2.3',
    ])
      expect(isAllowedHost(host), host).toBe(true);
    for (const host of [undefined, '', 'evil.com', 'localhost.evil.com', '127.0.0.1.nip.io', '[::2]:2048', '10.0.0.1'])
      expect(isAllowedHost(host), String(host)).toBe(false);
    expect(isAllowedHost('host.docker.internal:2048', ['host.docker.internal'])).toBe(true);
    // `start --host ::1` is a loopback bind: it needs no API key
    expect(isAllowedHost('::1')).toBe(true);
  });

  it('allows loopback origins on any port and the extension, others only with keys', () => {
    const list = [...DEFAULT_CORS_ORIGINS];
    expect(originAllowed('http://localhost:3000', list, false)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', list, false)).toBe(true);
    expect(originAllowed('http://[::1]:3000', list, false)).toBe(true);
    expect(originAllowed('chrome-extension://kfpimojligboioadliockbjbjmdfjjcp', list, false)).toBe(true);
    expect(originAllowed('https://evil.example', list, false)).toBe(false);
    expect(originAllowed('null', list, false)).toBe(false);
    expect(originAllowed('https://evil.example', list, true)).toBe(true);
    expect(originAllowed('https://app.example', ['https://app.example'], false)).toBe(true);
  });

  it('allows an origin written exactly as an allow-list entry, a trailing slash included', () => {
    // Browsers send no slash, but a hand-written client may copy the entry as it is.
    expect(originAllowed('https://app.example/', ['https://app.example/'], false)).toBe(true);
    expect(originAllowed('https://app.example', ['https://app.example/'], false)).toBe(true);
  });
});

describe('CLI arguments', () => {
  it('reads flags over env, repeatable keys, and validates', () => {
    const cfg = parseStartArgs(['--port', '3000', '--api-key', 'a', '--api-key', 'b', '--strict-models'], {
      AISTUDIO_BRIDGE_API_KEYS: 'c, d',
      AISTUDIO_BRIDGE_PORT: '9',
    });
    expect(cfg).toMatchObject({ port: 3000, apiKeys: ['a', 'b', 'c', 'd'], strictModels: true });
    expect(parseStartArgs([], { AISTUDIO_BRIDGE_PORT: '9', AISTUDIO_BRIDGE_HOST: '::1' })).toMatchObject({
      port: 9,
      host: '::1',
      apiKeys: [],
    });
    expect(() => parseStartArgs(['--port', 'abc'], {})).toThrow(/--port/);
    expect(() => parseStartArgs(['--log-level', 'loud'], {})).toThrow(/--log-level/);
    expect(() => parseStartArgs(['--wat'], {})).toThrow();
    // --extension-id adds another build's id to the published one, and only well-formed ids
    expect(parseStartArgs(['--extension-id', 'ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP'], {}).extensionIds).toEqual([
      'kfpimojligboioadliockbjbjmdfjjcp',
      'aistudio-bridge@aistudio-bridge.dev',
      'abcdefghijklmnopabcdefghijklmnop',
    ]);
    // a Firefox add-on id (email-like or {uuid}) is accepted as written
    expect(
      parseStartArgs(
        ['--extension-id', 'fork@example.org', '--extension-id', '{0b7c9a51-7f0e-4d51-9a1c-2f2d8e5b6c3a}'],
        {},
      ).extensionIds,
    ).toEqual([
      'kfpimojligboioadliockbjbjmdfjjcp',
      'aistudio-bridge@aistudio-bridge.dev',
      'fork@example.org',
      '{0b7c9a51-7f0e-4d51-9a1c-2f2d8e5b6c3a}',
    ]);
    expect(() => parseStartArgs(['--extension-id', 'not-an-id'], {})).toThrow(/--extension-id/);
    // --cors-origin adds to the loopback defaults instead of replacing them
    const origins =
      parseStartArgs(['--cors-origin', 'https://app.example'], {
        AISTUDIO_BRIDGE_CORS_ORIGINS: 'https://other.example',
      }).corsOrigins ?? [];
    expect(originAllowed('http://localhost:3000', origins, false)).toBe(true);
    expect(originAllowed('https://app.example', origins, false)).toBe(true);
    expect(originAllowed('https://other.example', origins, false)).toBe(true);
  });

  it('parses alias overrides from the environment', () => {
    expect(parseAliasEnv('GPT-4o=gemini-2.5-flash, foo=a|b')).toEqual({
      'gpt-4o': ['gemini-2.5-flash'],
      foo: ['a', 'b'],
    });
  });

  it('names the alias file when it is not valid JSON, so `start` can say which file to fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-alias-'));
    try {
      writeFileSync(join(dir, 'model-aliases.json'), '{"gpt-4o": "gemini-2.5-flash",}');
      expect(() => loadModelAliases(dir, {})).toThrow(/model-aliases\.json/);
      writeFileSync(join(dir, 'model-aliases.json'), '{"GPT-4o": "gemini-2.5-flash"}');
      expect(loadModelAliases(dir, {})['gpt-4o']).toBe('gemini-2.5-flash');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
