import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTENSION_ID } from '../../protocol/extension-id.ts';
import { startHandshake } from '../../sim/launch/handshake.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Upgrade /extension with the right Origin and token but a chosen Host header. */
function upgradeWithHost(bridgeUrl: string, host: string): Promise<{ refused?: number; welcomed?: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${bridgeUrl.replace(/^http/, 'ws')}/extension`, {
      origin: `chrome-extension://${EXTENSION_ID}`,
      headers: { host },
    });
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.on('error', () => {});
    ws.on('open', () => startHandshake(ws, { token: TEST_TOKEN }));
    ws.on('message', (raw) => {
      if (String(raw).includes('"welcome"')) {
        resolve({ welcomed: true });
        ws.close();
      }
    });
    ws.on('close', () => resolve({}));
  });
}

describe('/extension upgrade checks the Host header like every HTTP route', () => {
  it('refuses a rebinding Host even with the extension Origin and the right token', async () => {
    h = await startHarness([]);
    expect(await upgradeWithHost(h.bridge.url, 'evil.example:2048')).toEqual({ refused: 403 });
    expect(await upgradeWithHost(h.bridge.url, '127.0.0.1.nip.io')).toEqual({ refused: 403 });
    expect(await upgradeWithHost(h.bridge.url, `127.0.0.1:${h.bridge.port}`)).toEqual({ welcomed: true });
  });
});
