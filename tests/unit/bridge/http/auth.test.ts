import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { keyAccepted, presentedKey } from '../../../../bridge/http/auth.ts';

const withHeaders = (headers: Record<string, string | string[]>, url?: string): IncomingMessage =>
  ({ headers, url }) as unknown as IncomingMessage;

describe('API key extraction', () => {
  it('reads the Bearer scheme case-insensitively (RFC 7235), as clients send it', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect(presentedKey(withHeaders({ authorization: `${scheme} sk-123` })), scheme).toBe('sk-123');
    }
    expect(presentedKey(withHeaders({ authorization: '  Bearer    sk-123  ' }))).toBe('sk-123');
  });

  it('does not take another scheme for a key', () => {
    expect(presentedKey(withHeaders({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
    expect(presentedKey(withHeaders({ authorization: 'Bearer' }))).toBeNull();
    expect(presentedKey(withHeaders({ authorization: 'Bearer    ' }))).toBeNull();
    expect(presentedKey(withHeaders({ authorization: 'NotBearer sk-123' }))).toBeNull();
    expect(presentedKey(withHeaders({ authorization: 'Bearersk-123' }))).toBeNull();
  });

  it('keeps the whole token after the scheme, inner spaces included', () => {
    expect(presentedKey(withHeaders({ authorization: 'Bearer sk-1 two' }))).toBe('sk-1 two');
    expect(presentedKey(withHeaders({ authorization: 'Bearer\tsk-1' }))).toBe('sk-1');
  });

  it('falls back to x-api-key and x-goog-api-key', () => {
    expect(presentedKey(withHeaders({ 'x-api-key': 'ant-key' }))).toBe('ant-key');
    expect(presentedKey(withHeaders({ 'x-goog-api-key': 'goog-key' }))).toBe('goog-key');
    expect(presentedKey(withHeaders({ 'x-api-key': '  ant-key ' }))).toBe('ant-key');
    expect(presentedKey(withHeaders({ 'x-api-key': ['first', 'second'] }))).toBe('first');
    expect(presentedKey(withHeaders({ 'x-api-key': '' }))).toBeNull();
    expect(presentedKey(withHeaders({}))).toBeNull();
  });

  it('reads ?key= from the query (Google clients), trimmed, and nothing from a URL without one', () => {
    expect(presentedKey(withHeaders({}, '/v1beta/models/x:generateContent?alt=sse&key=%20g-key%20'))).toBe('g-key');
    expect(presentedKey(withHeaders({}, '/v1beta/models?key='))).toBeNull();
    expect(presentedKey(withHeaders({}, '/v1beta/models?token=g-key'))).toBeNull();
    expect(presentedKey(withHeaders({}, '/v1beta/models'))).toBeNull();
    expect(presentedKey(withHeaders({}, undefined))).toBeNull();
  });

  it('prefers Authorization, then x-api-key / x-goog-api-key, then ?key=', () => {
    const all = { authorization: 'Bearer a', 'x-api-key': 'b', 'x-goog-api-key': 'c' };
    expect(presentedKey(withHeaders(all, '/?key=d'))).toBe('a');
    expect(presentedKey(withHeaders({ ...all, authorization: 'Basic zzz' }, '/?key=d'))).toBe('b');
    expect(presentedKey(withHeaders({ 'x-goog-api-key': 'c' }, '/?key=d'))).toBe('c');
    expect(presentedKey(withHeaders({ 'x-api-key': 'b', 'x-goog-api-key': 'c' }))).toBe('b');
  });

  it('accepts only a configured key, whole', () => {
    expect(keyAccepted('k-2', ['k-1', 'k-2'])).toBe(true);
    expect(keyAccepted('k-', ['k-1', 'k-2'])).toBe(false);
    expect(keyAccepted('k-22', ['k-1', 'k-2'])).toBe(false);
    expect(keyAccepted(null, ['k-1'])).toBe(false);
    expect(keyAccepted('', [])).toBe(false);
  });
});
