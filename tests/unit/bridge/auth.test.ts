import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { keyAccepted, presentedKey } from '../../../bridge/http/auth.ts';

const withHeaders = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

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
  });

  it('falls back to x-api-key and x-goog-api-key', () => {
    expect(presentedKey(withHeaders({ 'x-api-key': 'ant-key' }))).toBe('ant-key');
    expect(presentedKey(withHeaders({ 'x-goog-api-key': 'goog-key' }))).toBe('goog-key');
    expect(presentedKey(withHeaders({}))).toBeNull();
  });

  it('accepts only a configured key, whole', () => {
    expect(keyAccepted('k-2', ['k-1', 'k-2'])).toBe(true);
    expect(keyAccepted('k-', ['k-1', 'k-2'])).toBe(false);
    expect(keyAccepted('k-22', ['k-1', 'k-2'])).toBe(false);
    expect(keyAccepted(null, ['k-1'])).toBe(false);
    expect(keyAccepted('', [])).toBe(false);
  });
});
