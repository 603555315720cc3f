import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../extension/background/backoff.ts';
import { DEFAULT_BRIDGE_URL, normaliseBridgeUrl, parseSettings } from '../../../../extension/lib/settings.ts';

describe('settings from storage', () => {
  it('defaults when nothing is stored', () => {
    expect(parseSettings({})).toEqual({
      bridgeUrl: DEFAULT_BRIDGE_URL,
      token: '',
      workerTabCount: 1,
      pairedVia: 'unknown',
      accountName: '',
      pageAccount: '',
      pageAccountId: '',
    });
  });

  it('falls back per field on corrupt values instead of failing', () => {
    expect(
      parseSettings({
        bridgeUrl: 'http://x',
        token: 42,
        workerTabCount: 9,
        pairedVia: 'carrier-pigeon',
        accountName: 7,
        pageAccount: 'x'.repeat(99),
        pageAccountId: 'y'.repeat(99),
      }),
    ).toEqual({
      bridgeUrl: DEFAULT_BRIDGE_URL,
      token: '',
      workerTabCount: 1,
      pairedVia: 'unknown',
      accountName: '',
      pageAccount: '',
      pageAccountId: '',
    });
    expect(
      parseSettings({
        bridgeUrl: 'ws://127.0.0.1:2051/extension',
        token: ' abc ',
        workerTabCount: 3,
        pairedVia: 'native',
        accountName: ' work ',
      }),
    ).toEqual({
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      token: 'abc',
      workerTabCount: 3,
      pairedVia: 'native',
      accountName: 'work',
      pageAccount: '',
      pageAccountId: '',
    });
  });

  it('accepts the bridge address as a person would paste it', () => {
    expect(normaliseBridgeUrl('http://127.0.0.1:2048')).toBe('ws://127.0.0.1:2048/extension');
    expect(normaliseBridgeUrl(' ws://127.0.0.1:2048/extension ')).toBe('ws://127.0.0.1:2048/extension');
    expect(normaliseBridgeUrl('https://bridge.example/')).toBe('wss://bridge.example/extension');
    expect(normaliseBridgeUrl('ftp://x')).toBeNull();
    expect(normaliseBridgeUrl('not a url')).toBeNull();
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters within the upper half', () => {
    const low = [0, 1, 2, 3, 10, 50].map((a) => backoffDelay(a, () => 0));
    const high = [0, 1, 2, 3, 10, 50].map((a) => backoffDelay(a, () => 0.999999));
    expect(low).toEqual([250, 500, 1000, 2000, 15000, 15000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 30000, 30000]);
  });
});
