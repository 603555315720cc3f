import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failWith, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The dashboard surface over HTTP with a fake extension: the page for browsers at `/` (strict
 * CSP, public files), its API behind the key, the live state (a streaming request, cancel, a
 * failure without any prompt or answer text), the event stream, and usage.jsonl → charts/CSV.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'dashboard');

beforeAll(async () => {
  // `npm test` runs the unit project before anything is built: build the page once if needed.
  if (!existsSync(join(DIST, 'index.html')))
    await build({ configFile: join(ROOT, 'dashboard', 'vite.config.ts'), logLevel: 'silent' });
}, 60_000);

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SECRET_PROMPT = 'my secret prompt 7f3a';
const SECRET_ANSWER = 'the confidential answer';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

interface State {
  requests: Array<{ id: string; status: string; tokens_out: number; tab: string | null; account: string | null }>;
  recent: Array<{ id: string; status: string; outcome: string }>;
  failures: Array<{ error: { code: string; message: string }; model: string; step?: string; steps?: unknown }>;
  accounts: Array<{ account: string; today: { requests: number; tokens_out: number }; models: unknown[] }>;
  tabs: Array<{ key: string; job: unknown }>;
  next: string;
}

async function state(base: string, key?: string): Promise<State> {
  const res = await fetch(`${base}/dashboard/api/state`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  expect(res.status).toBe(200);
  return (await res.json()) as State;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function chat(base: string, stream: boolean, key = 'x', signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gemini-2.5-flash', stream, messages: [{ role: 'user', content: SECRET_PROMPT }] }),
  });
}

describe('the dashboard page', () => {
  it('answers a browser at / with the page under a strict CSP, and API clients with the JSON as before', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const page = await fetch(`${h.bridge.url}/`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // http: only: a ws:// URL (the extension's WebSocket) is not a connect-src the page may use.
    expect(csp).toMatch(/connect-src http:\/\/127\.0\.0\.1:\d+(;|$)/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    // Nothing inline: every script has a src, no style attribute or element.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);

    const api = await fetch(`${h.bridge.url}/`, { headers: { accept: 'application/json' } });
    expect(await api.json()).toMatchObject({ name: 'AI Studio Bridge', openai_base_url: '/v1' });
    const plain = await fetch(`${h.bridge.url}/`);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('serves its own files (a few hundred KB at most, nothing from elsewhere) and nothing else', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const html = await (await fetch(`${h.bridge.url}/dashboard`)).text();
    const files = [...html.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(files.length).toBeGreaterThanOrEqual(2);
    let bytes = 0;
    for (const file of files) {
      const res = await fetch(`${h.bridge.url}${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      const body = await res.text();
      bytes += body.length;
      // No third-party requests: no absolute URL other than the SVG namespace.
      const urls = [...body.matchAll(/https?:\/\/[\w.-]+/g)].map((m) => m[0]);
      expect(
        urls.filter((u) => u !== 'http://www.w3.org'),
        file,
      ).toEqual([]);
    }
    expect(bytes).toBeLessThan(300 * 1024);
    expect((await fetch(`${h.bridge.url}/dashboard/../package.json`)).status).toBe(404);
    expect((await fetch(`${h.bridge.url}/dashboard/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${h.bridge.url}/dashboard`, { method: 'POST' })).status).toBe(405);
  });

  it('with API keys: the page is public, its data and actions need a key, foreign origins get nothing', async () => {
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['sk-right'] }, 'sk-right');
    const base = h.bridge.url;
    expect((await fetch(`${base}/`, { headers: HTML })).status).toBe(200);
    for (const path of [
      '/dashboard/api/state',
      '/dashboard/api/events',
      '/dashboard/api/usage',
      '/dashboard/api/usage.csv',
    ])
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
    expect((await fetch(`${base}/dashboard/api/requests/r1/cancel`, { method: 'POST' })).status).toBe(401);
    const wrong = await fetch(`${base}/dashboard/api/state`, { headers: { authorization: 'Bearer sk-wrong' } });
    expect(wrong.status).toBe(401);
    expect((await state(base, 'sk-right')).next).toBe('nextUse');
  });

  it('without keys, refuses a web page of another origin (same CORS rule as the API)', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const res = await fetch(`${h.bridge.url}/dashboard/api/state`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const cancel = await fetch(`${h.bridge.url}/dashboard/api/requests/r1/cancel`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(cancel.status).toBe(403);
  });
});

describe('the dashboard’s live state', () => {
  it('shows a streaming request with its tab and tokens so far, cancels it, and keeps no text', async () => {
    const slow: Behaviour = streamText(
      Array.from({ length: 200 }, () => `${SECRET_ANSWER} `),
      { delayMs: 30 },
    );
    h = await startHarness([{ tabId: '1', behaviour: slow }]);
    const base = h.bridge.url;
    const res = await chat(base, true);
    const reading = res.text();
    const running = await waitFor('a running request with tokens', async () => {
      const s = await state(base);
      return s.requests.find((r) => r.status === 'running' && r.tokens_out > 0) && s;
    });
    const live = running.requests[0];
    expect(live?.tab).toMatch(/\/1$/);
    expect(running.tabs.find((t) => t.key === live?.tab)?.job).toMatchObject({ id: live?.id });

    const cancel = await fetch(`${base}/dashboard/api/requests/${live?.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(200);
    const body = await reading;
    expect(body).toContain('"error"');
    const after = await waitFor('the request in recent', async () => {
      const s = await state(base);
      return s.requests.length === 0 && s.recent.length > 0 && s;
    });
    expect(after.recent[0]).toMatchObject({ id: live?.id, status: 'cancelled' });
    expect((await fetch(`${base}/dashboard/api/requests/${live?.id}/cancel`, { method: 'POST' })).status).toBe(404);
    const raw = JSON.stringify(after);
    expect(raw).not.toContain(SECRET_PROMPT);
    expect(raw).not.toContain(SECRET_ANSWER);
  });

  it('shows the page driver’s step trace with a failed request (the step and key that broke)', async () => {
    const steps = [
      { action: 'ready', key: 'promptTextarea', candidate: 0, ms: 12, outcome: 'ok' as const },
      { action: 'settings', key: 'topPInput', ms: 2011, outcome: 'failed' as const, detail: 'not found' },
    ];
    h = await startHarness([
      {
        tabId: '1',
        behaviour: (job) =>
          job.send({ kind: 'error', code: 'page_not_ready', message: 'topPInput not found', step: 'settings', steps }),
      },
    ]);
    expect((await chat(h.bridge.url, false)).status).toBe(503);
    const s = await state(h.bridge.url);
    expect(s.failures[0]).toMatchObject({ step: 'settings', steps });
  });

  it('lists a failed request with its error, and a quota error as the account’s model state', async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('page_error', 'the Run button did not respond') }]);
    const base = h.bridge.url;
    expect((await chat(base, false)).status).toBe(502);
    const s = await state(base);
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0]).toMatchObject({
      model: 'gemini-2.5-flash',
      error: { message: expect.stringContaining('Run button') },
    });
    expect(JSON.stringify(s)).not.toContain(SECRET_PROMPT);

    h.peer.setBehaviour('1', failWith('quota_exceeded', 'Quota exceeded for requests per day'));
    expect((await chat(base, false)).status).toBe(429);
    const after = await state(base);
    expect(after.accounts[0]?.models).toContainEqual(
      expect.objectContaining({
        model: 'gemini-2.5-flash',
        state: 'exhausted',
        message: expect.stringContaining('per day'),
      }),
    );
  });

  it('gives the same state while nothing happens (so an open dashboard costs an idle bridge nothing)', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const read = async () => (await fetch(`${h!.bridge.url}/dashboard/api/state`)).text();
    const first = await read();
    // Many reads: a value derived from two clock readings differs only when a millisecond ticks between them.
    const states = new Set<string>();
    for (let i = 0; i < 60; i++) states.add(await read());
    expect([...states]).toEqual([first]);
  });

  it('streams the state as server-sent events: at once, then when a request starts', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['a', 'b'], { delayMs: 50 }) }]);
    const base = h.bridge.url;
    const stop = new AbortController();
    const res = await fetch(`${base}/dashboard/api/events`, { signal: stop.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const nextEvent = async (): Promise<State> => {
      for (;;) {
        const cut = text.indexOf('\n\n');
        if (cut >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          if (block.startsWith('event: state\ndata: ')) return JSON.parse(block.slice(19)) as State;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += value;
      }
    };
    expect((await nextEvent()).requests).toEqual([]);
    await (await chat(base, false)).text();
    let seen = false;
    for (let i = 0; i < 10 && !seen; i++) {
      const s = await nextEvent();
      seen = s.recent.some((r) => r.status === 'completed');
    }
    expect(seen).toBe(true);
    stop.abort();
  });
});

describe('open dashboards', () => {
  it('are bounded: the 33rd event stream gets 429, and a closed one frees its place', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const open = async () => {
      const stop = new AbortController();
      const res = await fetch(`${h!.bridge.url}/dashboard/api/events`, { signal: stop.signal });
      return { res, stop };
    };
    const streams = [];
    for (let i = 0; i < 32; i++) streams.push(await open());
    expect(streams.every((s) => s.res.status === 200)).toBe(true);
    const refused = await open();
    expect(refused.res.status).toBe(429);
    streams[0]?.stop.abort();
    await waitFor('a free place', async () => {
      const again = await open();
      again.stop.abort();
      return again.res.status === 200;
    });
    for (const s of streams) s.stop.abort();
  });
});

describe('usage', () => {
  it('appends one line per request to usage.jsonl (no text) and serves it per hour/day and as CSV', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText([SECRET_ANSWER]) }], {}, 'x');
    const base = h.bridge.url;
    for (let i = 0; i < 3; i++) expect((await chat(base, i === 0)).status).toBe(200);
    await waitFor('three lines', async () => (await state(base)).accounts[0]?.today.requests === 3);
    const configDir = h.bridge.bridge.config.configDir;
    const file = readFileSync(join(configDir, 'usage.jsonl'), 'utf8');
    const lines = file
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual(
      ['account', 'model', 'ms', 'outcome', 'surface', 'time', 'tokens_in', 'tokens_out'].sort(),
    );
    expect(lines[0]).toMatchObject({ surface: 'chat completion', model: 'gemini-2.5-flash', outcome: '200 stop' });
    expect(file).not.toContain(SECRET_PROMPT);
    expect(file).not.toContain(SECRET_ANSWER);

    for (const bucket of ['hour', 'day']) {
      const usage = (await (await fetch(`${base}/dashboard/api/usage?bucket=${bucket}`)).json()) as {
        rows: Array<{ requests: number; tokens_out: number; model: string }>;
      };
      expect(usage.rows).toHaveLength(1);
      expect(usage.rows[0]).toMatchObject({ requests: 3, model: 'gemini-2.5-flash' });
      expect(usage.rows[0]?.tokens_out).toBeGreaterThan(0);
    }
    const csv = await fetch(`${base}/dashboard/api/usage.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('time,surface,model,account,tokens_in,tokens_out,outcome,ms');
    expect(rows).toHaveLength(4);
  });
});
