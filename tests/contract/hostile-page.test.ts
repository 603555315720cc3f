import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encode, parseEnvelope } from '../../protocol/envelope.ts';
import { EXTENSION_ID } from '../../protocol/extension-id.ts';
import { PAGE_REPORT_HEADER } from '../../bridge/surfaces/system/page-report.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * What a hostile web page can make the bridge do with requests a browser sends without an Origin
 * (no-cors GET, <img>, form): nothing. Browsers mark them with Sec-Fetch-Site.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Raw HTTP/1.1 request; resolves with the status code. */
function status(port: number, method: string, path: string, headers: Record<string, string> = {}, body = '') {
  return new Promise<number>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `${method} ${path} HTTP/1.1\r\n${Object.entries({
          host: `127.0.0.1:${port}`,
          connection: 'close',
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          ...headers,
        })
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n${body}`,
      ),
    );
    let got = '';
    socket.on('data', (b) => (got += b.toString('latin1')));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

const chat = JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] });

describe('no side effects without an Origin', () => {
  it('refuses cross-site and same-site browser requests without an Origin on every route', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const { port } = h.bridge;
    for (const site of ['cross-site', 'same-site']) {
      const fetchSite = { 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' };
      for (const path of ['/health', '/v1/models', '/diagnostics/page', '/', '/api/tags'])
        expect(await status(port, 'GET', path, { ...fetchSite, [PAGE_REPORT_HEADER]: '1' }), `${site} ${path}`).toBe(
          403,
        );
      expect(await status(port, 'POST', '/v1/chat/completions', fetchSite, chat), `${site} chat`).toBe(403);
    }
    expect(h.peer.started).toHaveLength(0);
    // the person typing the URL (none), the bridge's own pages (same-origin), an allowed Origin, and non-browsers
    expect(await status(port, 'GET', '/health', { 'sec-fetch-site': 'none' })).toBe(200);
    expect(await status(port, 'GET', '/health', { 'sec-fetch-site': 'same-origin' })).toBe(200);
    expect(
      await status(port, 'GET', '/v1/models', { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' }),
    ).toBe(200);
    expect(
      await status(port, 'GET', '/health', {
        'sec-fetch-site': 'cross-site',
        origin: `chrome-extension://${EXTENSION_ID}`,
      }),
    ).toBe(200);
    expect(await status(port, 'GET', '/v1/models')).toBe(200);
  });

  it('answers the page report only with its header (non-simple: a browser must preflight), one report in flight per extension', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const { port, url } = h.bridge;
    let asked = 0;
    let answer: (() => void) | null = null;
    h.peer.ws.on('message', (raw) => {
      const parsed = parseEnvelope(String(raw));
      if (!parsed.ok || parsed.message.type !== 'page.report.request') return;
      asked++;
      const { requestId } = parsed.message.data;
      answer = () => h!.peer.ws.send(encode('page.report', { requestId, tabs: [] }));
    });
    expect(await status(port, 'GET', '/diagnostics/page')).toBe(400);
    expect(asked).toBe(0);
    // the preflight a browser would send for that header: no CORS answer for a foreign origin
    const preflight = await fetch(`${url}/diagnostics/page`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-headers': PAGE_REPORT_HEADER },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // six at once (what a page kept in flight) make the tabs walk their DOM once
    const reports = Array.from({ length: 6 }, () =>
      fetch(`${url}/diagnostics/page`, { headers: { [PAGE_REPORT_HEADER]: '1' } }),
    );
    for (let i = 0; i < 200 && !answer; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toBe(1);
    answer!();
    for (const res of await Promise.all(reports)) expect(res.status).toBe(200);
    // the next one asks again
    const next = fetch(`${url}/diagnostics/page`, { headers: { [PAGE_REPORT_HEADER]: '1' } });
    for (let i = 0; i < 200 && asked < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(asked).toBe(2);
    answer!();
    expect((await next).status).toBe(200);
  });
});
