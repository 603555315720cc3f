import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startBridge } from '../../bridge/index.ts';
import { accountCookie } from '../../sim/site/accounts.ts';
import { launchWithExtension, type ExtensionBrowser } from '../../sim/launch/browser.ts';
import { waitUntil } from '../../sim/launch/wait.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

/**
 * The dashboard in Chromium against the demo stack, started once: two browser profiles signed in
 * to two accounts on one bridge, the page opened as a person opens http://127.0.0.1:<port>/.
 * Every view with real data (a streaming request cancelled from the page, a failure, usage, the
 * playground's streamed answer), axe-core on every view in both languages and themes, and
 * screenshots in .tmp/dashboard-<lang>-<theme>-<view>.png for a human to look at. Then a bridge
 * with an API key: the page asks for it and shows nothing until it is given.
 */
const SHOTS = resolve(import.meta.dirname, '../../.tmp');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWS = ['status', 'accounts', 'tabs', 'requests', 'failures', 'usage', 'playground'] as const;

let h: Harness;
let second: ExtensionBrowser | null = null;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ log: debugLog });
  await h.browser.context.addCookies([accountCookie('alice@example.com')]);
  const worker = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
  if (!worker) throw new Error('no worker tab in profile one');
  await worker.reload();
  second = await launchWithExtension({ extraArgs: h.sim.chromiumArgs, log: debugLog });
  await second.context.addCookies([accountCookie('bob@example.com')]);
  await second.worker.evaluate((s) => chrome.storage.local.set(s), {
    bridgeUrl: `ws://127.0.0.1:${h.bridge.port}/extension`,
    token: h.bridge.token,
    workerTabCount: 1,
  });
  await waitUntil(
    async () => {
      const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as {
        accounts: Array<{ account: string; ready: number }>;
      };
      return health.accounts.filter((a) => a.ready > 0).length === 2;
    },
    'both profiles ready',
    60_000,
    250,
  );
  page = await h.browser.context.newPage();
  await page.goto(`${h.bridge.url}/`);
}, 150_000);

afterAll(async () => {
  await second?.close();
  await h?.close();
});

async function show(view: (typeof VIEWS)[number]): Promise<void> {
  await page.click(`#nav-${view}`);
  await page.waitForFunction((v) => document.getElementById('main')?.dataset.view === v, view);
}

const mainText = (): Promise<string> => page.locator('#main').innerText();

async function setLook(lang: 'en' | 'zh-CN', theme: 'light' | 'dark'): Promise<void> {
  await page.selectOption('#lang', lang);
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.click('#theme');
  await page.waitForFunction(
    ([l, t]) => document.documentElement.lang === l && document.documentElement.dataset.theme === t,
    [lang, theme] as const,
  );
}

async function axeViolations(): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations as Array<{
      id: string;
      impact: string;
      nodes: Array<{ target: string[] }>;
    }>;
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the dashboard on the demo stack', () => {
  it('Status: ready, the next step in the popup’s words, the bridge and both browsers', async () => {
    await show('status');
    await expect.poll(mainText).toContain(`Next: point any OpenAI client at ${h.bridge.url}/v1`);
    const text = await mainText();
    expect(text).toContain('Ready: requests are served');
    expect(await page.locator('#main table tbody tr').count()).toBe(2);
    // The CSP keeps every script of the page away from the extension's WebSocket.
    const blocked = await page.evaluate(
      (url) =>
        new Promise<string>((done) => {
          document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), { once: true });
          try {
            new WebSocket(url);
          } catch (err) {
            done(`threw ${(err as Error).name}`);
          }
        }),
      `ws://127.0.0.1:${h.bridge.port}/extension`,
    );
    expect(blocked).toMatch(/connect-src|SecurityError/);
  });

  it('Accounts and Tabs: both accounts with their tab and model state, each tab healthy', async () => {
    await show('accounts');
    await expect.poll(mainText).toContain('a…@example.com');
    expect(await mainText()).toContain('b…@example.com');
    expect(await page.locator('#main .pill.ready').count()).toBeGreaterThanOrEqual(2);
    await show('tabs');
    expect(await page.locator('#main table tbody tr').count()).toBe(2);
    expect((await mainText()).match(/page OK/g)).toHaveLength(2);
  });

  it('Live requests: a streaming request shows its tokens while it streams, and Cancel ends it', async () => {
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: '[[sim:long chunks=400 intervalMs=100]] write a lot' }],
    });
    const reading = (async () => {
      let text = '';
      try {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return { text, error: null };
      } catch (err) {
        return { text, error: String(err) };
      }
    })();
    await show('requests');
    const row = page.locator('#main table.live tbody tr').first();
    await expect
      .poll(async () => Number((await row.locator('td').nth(4).innerText()).replace(/\D/g, '')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await row.innerText()).toContain('chat completion');
    expect(await row.innerText()).toMatch(/[ab]…@example\.com/);
    await row.getByRole('button', { name: /Cancel request/ }).click();
    const ended = await reading;
    expect(ended.text.length).toBeGreaterThan(0);
    expect(ended.error).not.toBeNull();
    await expect.poll(mainText, { timeout: 15_000 }).toContain('Nothing is running.');
    expect(await mainText()).toContain('cancelled');
  });

  it('Failures: a run that failed mid-stream, with its error and no prompt text', async () => {
    await expect(
      h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: '[[sim:fail-mid]] secret question 41' }],
      }),
    ).rejects.toThrow();
    await show('failures');
    await expect.poll(mainText).toContain('gemini-2.5-flash');
    expect(await page.locator('#main section.card').count()).toBe(1);
    const text = await mainText();
    expect(text).not.toContain('secret question');
    expect(await page.locator('#nav-failures .badge').innerText()).toBe('1');
  });

  it('Playground: streams an answer from the picked model; snippets carry the real base URL', async () => {
    await show('playground');
    await page.selectOption('#pg-model', 'gemini-2.5-pro');
    await page.fill('#pg-message', 'Hello from the playground');
    await page.click('#pg-send');
    await expect.poll(() => page.locator('#pg-answer-1').innerText(), { timeout: 30_000 }).toContain('playground');
    await expect.poll(() => page.locator('#pg-send').isDisabled()).toBe(false);
    const run = h.sim.runs.at(-1);
    expect(run?.request.model).toContain('gemini-2.5-pro');
    const snippets = await page.locator('.snippets').innerText();
    for (const name of [
      'curl',
      'OpenAI Python',
      'OpenAI JS',
      'Anthropic',
      'Gemini',
      'Ollama',
      'Codex CLI',
      'Claude Code',
      'Gemini CLI',
    ])
      expect(snippets).toContain(name);
    expect(snippets).toContain(`base_url = "${h.bridge.url}/v1"`);
    expect(snippets).toContain(`ANTHROPIC_BASE_URL=${h.bridge.url}`);
  });

  it('Usage: charts and a table per account × model after the requests, and a CSV export', async () => {
    await show('usage');
    await expect.poll(() => page.locator('#main figure svg rect').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const text = await mainText();
    expect(text).toContain('gemini-2.5-flash');
    expect(text).toContain('gemini-2.5-pro');
    await page.click('#main .toggle[aria-pressed="false"]');
    await expect.poll(() => page.locator('#main figure').count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.click('#export-csv');
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('time,surface,model,account,tokens_in,tokens_out,outcome,ms');
    expect(csv).not.toContain('secret question');
  });

  it('is usable with the keyboard alone: Tab reaches the views and Enter opens one', async () => {
    await show('status');
    await page.focus('#theme');
    for (let i = 0; i < 3 && !(await page.evaluate(() => document.activeElement?.id === 'nav-accounts')); i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nav-accounts');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('main')?.dataset.view === 'accounts');
  });

  it('passes axe-core (no serious or critical violation) on every view, in both languages and themes; screenshots', async () => {
    const found: string[] = [];
    for (const lang of ['en', 'zh-CN'] as const)
      for (const theme of ['light', 'dark'] as const) {
        await setLook(lang, theme);
        for (const view of VIEWS) {
          await show(view);
          if (view === 'usage') await page.locator('#main figure').first().waitFor();
          for (const v of await axeViolations()) found.push(`${lang}/${theme}/${view}: ${v}`);
          if (['status', 'accounts', 'requests', 'failures', 'usage', 'playground'].includes(view)) {
            await page.setViewportSize({ width: 1100, height: 760 });
            await page.screenshot({ path: `${SHOTS}/dashboard-${lang}-${theme}-${view}.png`, fullPage: true });
          }
        }
      }
    expect(found).toEqual([]);
    await setLook('zh-CN', 'light');
    await show('status');
    expect(await mainText()).toContain(`下一步： 把任意 OpenAI 客户端指向 ${h.bridge.url}/v1`);
    await setLook('en', 'light');
  }, 180_000);
});

describe('the dashboard with an API key', () => {
  it('asks for the key and shows nothing without it; the API stays protected', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'asb-dash-'));
    const keyed = await startBridge({ port: 0, apiKeys: ['sk-dash-e2e'], configDir, logger: silentLogger });
    const tab = await h.browser.context.newPage();
    try {
      await tab.goto(`${keyed.url}/`);
      await tab.locator('#key-form').waitFor();
      expect(await tab.locator('#nav a').count()).toBe(0);
      expect(await tab.locator('#conn').innerText()).toBe('');
      expect(await tab.locator('#main').innerText()).not.toContain(keyed.url);
      await tab.fill('#key', 'sk-wrong');
      await tab.click('#key-form button[type=submit]');
      await expect.poll(() => tab.locator('#main').innerText()).toContain('That key was not accepted.');
      expect(await tab.locator('#conn').innerText()).toBe('');
      await tab.screenshot({ path: `${SHOTS}/dashboard-en-light-key.png` });
      await tab.fill('#key', 'sk-dash-e2e');
      await tab.click('#key-form button[type=submit]');
      await expect.poll(() => tab.locator('#main').innerText()).toContain('no browser is connected');
      expect(await tab.evaluate(() => sessionStorage.length)).toBe(1);
      expect((await fetch(`${keyed.url}/v1/models`)).status).toBe(401);
      expect((await fetch(`${keyed.url}/dashboard/api/state`)).status).toBe(401);
    } finally {
      await tab.close();
      await keyed.close();
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});
