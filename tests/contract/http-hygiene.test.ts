import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../bridge/logger.ts';
import { signProof } from '../../protocol/pairing-proof.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Raw bytes in, everything the bridge answered out (the socket closes itself or after `waitMs`). */
function exchange(port: number, text: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (b) => (got += b.toString('latin1')));
    socket.on('close', () => (clearTimeout(timer), resolve(got)));
    socket.on('error', reject);
  });
}

function recording(): Logger & { lines: Array<[string, string, Record<string, unknown>?]> } {
  const lines: Array<[string, string, Record<string, unknown>?]> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push([level, message, fields]);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const chat = JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] });

describe('HTTP hygiene', () => {
  it('answers a request offering another protocol upgrade (curl --http2: h2c) as plain HTTP, body and keep-alive included', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const { port } = h.bridge;
    const h2c = 'connection: Upgrade, HTTP2-Settings\r\nupgrade: h2c\r\nhttp2-settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n';
    const health = await exchange(port, `GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n${h2c}\r\n`, 500);
    expect(health).toMatch(/^HTTP\/1\.1 200 /);
    expect(health).toContain('"status"');
    const answer = await exchange(
      port,
      `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n${h2c}content-type: application/json\r\ncontent-length: ${chat.length}\r\n\r\n${chat}` +
        `GET /v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('Hello world');
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });

  it('logs a Gemini ?key= redacted, and a client that leaves mid-body as info on every surface', async () => {
    const logger = recording();
    h = await startHarness([{ tabId: '1' }], { logger });
    const { port } = h.bridge;
    const paths = [
      '/v1/chat/completions?key=SECRET-KEY-1',
      '/v1beta/models/gemini-2.5-pro:generateContent?alt=sse&key=SECRET-KEY-1',
      '/v1/messages?key=SECRET-KEY-1',
      '/api/chat?key=SECRET-KEY-1',
    ];
    for (const path of paths) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      const headers = path.includes('/messages') ? 'anthropic-version: 2023-06-01\r\n' : '';
      await new Promise<void>((r) =>
        socket.write(
          `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`,
          () => r(),
        ),
      );
      await new Promise((r) => setTimeout(r, 50));
      socket.resetAndDestroy();
    }
    const gone = () => logger.lines.filter((l) => l[1] === 'client went away before its request was read');
    for (let i = 0; i < 100 && gone().length < paths.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(gone().map((l) => [l[0], l[2]?.url])).toEqual([
      ['info', '/v1/chat/completions?key=redacted'],
      ['info', '/v1beta/models/gemini-2.5-pro:generateContent?alt=sse&key=redacted'],
      ['info', '/v1/messages?key=redacted'],
      ['info', '/api/chat?key=redacted'],
    ]);
    expect(logger.lines.filter((l) => l[0] === 'error')).toEqual([]);
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-KEY-1');
  });

  it('shows only its status on /health to a keyless caller of a bridge bound beyond loopback with keys', async () => {
    h = await startHarness([{ tabId: '1' }], { host: '0.0.0.0', apiKeys: ['k-1'] });
    const base = `http://127.0.0.1:${h.bridge.port}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    const full = (await (await fetch(`${base}/health`, { headers: { authorization: 'Bearer k-1' } })).json()) as object;
    expect(Object.keys(full)).toEqual(expect.arrayContaining(['status', 'extensions', 'accounts', 'tabs']));
    await h.close();
    // on loopback, with or without keys, /health stays open (the popup and "is it up?" checks)
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['k-1'] });
    expect(Object.keys((await (await fetch(`${h.bridge.url}/health`)).json()) as object)).toContain('extensions');
  });

  it('proves the pairing token on /health for a nonce, without ever showing it', async () => {
    h = await startHarness([]);
    const nonce = 'N'.repeat(43);
    const body = (await (
      await fetch(`${h.bridge.url}/health`, { headers: { 'x-aistudio-bridge-nonce': nonce } })
    ).json()) as { pairing_proof?: string };
    expect(body.pairing_proof).toBe(await signProof(TEST_TOKEN, 'health', [nonce]));
    expect(JSON.stringify(body)).not.toContain(TEST_TOKEN);
    const plain = (await (await fetch(`${h.bridge.url}/health`)).json()) as object;
    expect(plain).not.toHaveProperty('pairing_proof');
  });

  it('allows DELETE in the CORS preflight (a browser client deleting a stored response)', async () => {
    h = await startHarness([]);
    const res = await fetch(`${h.bridge.url}/v1/responses/resp_x`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'DELETE' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
  });
});
