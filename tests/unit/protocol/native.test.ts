import { describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME, NativeReply, NativeRequest } from '../../../protocol/native.ts';

// Both ends of Chrome's native port parse with these schemas: the host refuses a request it does
// not know, and the extension refuses a reply that would give it no usable bridge address or token.

const endpoint = {
  bridgeUrl: 'ws://127.0.0.1:2048/extension',
  httpUrl: 'http://127.0.0.1:2048',
  token: 'x'.repeat(16),
};

describe('NATIVE_HOST_NAME', () => {
  it('is a name Chrome allows for a native host', () => {
    expect(NATIVE_HOST_NAME).toBe('io.github.aistudio_bridge');
    expect(NATIVE_HOST_NAME).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
  });
});

describe('NativeRequest', () => {
  it('takes pair and start', () => {
    expect(NativeRequest.parse({ type: 'pair' })).toEqual({ type: 'pair' });
    expect(NativeRequest.parse({ type: 'start' })).toEqual({ type: 'start' });
  });

  it('refuses any other type', () => {
    for (const bad of [{}, { type: '' }, { type: 'stop' }, { type: 'PAIR' }, 'pair', null]) {
      expect(NativeRequest.safeParse(bad).success).toBe(false);
    }
  });
});

describe('NativeReply', () => {
  it('parses each reply to the same data, keeping fields a newer host adds', () => {
    const replies = [
      { type: 'paired', ...endpoint, running: false, hostVersion: '0.1.0' },
      { type: 'paired', ...endpoint, bridgeUrl: 'wss://127.0.0.1:2048/extension', running: true, hostVersion: '' },
      { type: 'started', ...endpoint, spawned: true, pid: 1234 },
      { type: 'started', ...endpoint, spawned: false },
      ...['bad_request', 'start_failed', 'start_timeout', 'internal'].map((code) => ({
        type: 'error',
        code,
        message: 'm',
      })),
      { type: 'error', code: 'internal', message: 'm', logFile: '/tmp/bridge.log' },
      { type: 'paired', ...endpoint, running: true, hostVersion: '0.2.0', newField: [1] },
      { type: 'started', ...endpoint, spawned: true, extra: 'x' },
      { type: 'error', code: 'internal', message: 'm', hint: 'h' },
    ];
    for (const reply of replies) expect(NativeReply.parse(reply)).toEqual(reply);
  });

  it('refuses a reply without a usable endpoint, or a field missing or of the wrong type', () => {
    const paired = { type: 'paired', ...endpoint, running: true, hostVersion: '0.1.0' };
    const started = { type: 'started', ...endpoint, spawned: true };
    for (const bad of [
      { ...paired, type: 'pairing' },
      { ...paired, bridgeUrl: 'http://127.0.0.1:2048/extension' },
      { ...paired, bridgeUrl: 'xws://127.0.0.1:2048/extension' },
      { ...paired, bridgeUrl: 'ws:/127.0.0.1' },
      { ...paired, bridgeUrl: 5 },
      { ...paired, httpUrl: undefined },
      { ...paired, httpUrl: 5 },
      { ...paired, token: 'x'.repeat(15) },
      { ...paired, token: undefined },
      { ...paired, running: undefined },
      { ...paired, running: 'yes' },
      { ...paired, hostVersion: undefined },
      { ...paired, hostVersion: 1 },
      { ...started, spawned: undefined },
      { ...started, spawned: 'no' },
      { ...started, pid: 1.5 },
      { ...started, pid: '1' },
      { ...started, token: 'short' },
      { ...started, bridgeUrl: 'http://x' },
      { ...started, httpUrl: null },
      { type: 'error', code: 'oops', message: 'm' },
      { type: 'error', code: '', message: 'm' },
      { type: 'error', message: 'm' },
      { type: 'error', code: 'internal' },
      { type: 'error', code: 'internal', message: 'm', logFile: 3 },
    ]) {
      expect(NativeReply.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
