import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXTENSION_ID, PROTOCOL_VERSION } from '../../protocol/index.ts';
import { FakePeer } from '../../sim/launch/fake-peer.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/**
 * A hello from an extension of another version; resolves with the close code and reason. Protocol
 * 1 sent the token itself (what an old extension still does); later ones a nonce.
 */
function helloFrom(
  url: string,
  protocolVersion: number,
  extensionVersion: string,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/extension`, {
      origin: `chrome-extension://${EXTENSION_ID}`,
    });
    ws.on('error', () => {});
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          id: '1',
          type: 'hello',
          data:
            protocolVersion < 2
              ? { protocolVersion, token: TEST_TOKEN, extensionVersion }
              : { protocolVersion, nonce: 'n'.repeat(43), extensionVersion },
        }),
      ),
    );
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

async function health(url: string): Promise<{ status: string; version_problem?: { update: string; message: string } }> {
  return (await fetch(`${url}/health`)).json() as Promise<{
    status: string;
    version_problem?: { update: string; message: string };
  }>;
}

describe('version skew between bridge and extension', () => {
  it('an extension with an older protocol is refused; /health says to update the extension and how', async () => {
    h = await startHarness([]);
    await h.peer.close();
    const closed = await helloFrom(h.bridge.url, PROTOCOL_VERSION - 1, '0.0.1');
    expect(closed.code).toBe(4002);
    expect(closed.reason).toMatch(/^update extension; bridge \S+ p2; extension 0\.0\.1 p1$/);
    const body = await health(h.bridge.url);
    expect(body.status).toBe('version_mismatch');
    expect(body.version_problem?.update).toBe('extension');
    expect(body.version_problem?.message).toContain('aistudio-bridge extension-path');
  });

  it('an extension with a newer protocol is refused; /health says to update the bridge; a good one clears it', async () => {
    h = await startHarness([]);
    expect((await helloFrom(h.bridge.url, PROTOCOL_VERSION + 1, '9.0.0')).reason).toMatch(/^update bridge;/);
    expect((await health(h.bridge.url)).version_problem?.message).toContain(
      'update the bridge — npm install -g aistudio-bridge@latest',
    );
    const good = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN });
    const body = await health(h.bridge.url);
    expect(body.version_problem).toBeUndefined();
    expect(body.status).not.toBe('version_mismatch');
    await good.close();
  });
});
