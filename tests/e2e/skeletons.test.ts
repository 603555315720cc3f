import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../bridge/cli/doctor.ts';
import { systemDeps } from '../../bridge/cli/native-host-install.ts';
import { parseVariant } from '../../sim/site/page/variant.ts';
import type { SkeletonPage } from '../../sim/site/server.ts';
import { accountCookie } from '../../sim/site/accounts.ts';
import { openVariant, request, runAcrossReloads, startDriver, type Driver } from './harness/driver/fixture.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness } from './harness/harness.ts';
import { SKELETON_SETTINGS, SKELETONS } from './skeletons/list.ts';

/**
 * Page snapshots become tests: a skeleton (`doctor --page --save`) served by the simulator as a
 * page variant (sim/skeleton.ts), driven by the real content runner. Selector health, opening the
 * run-settings panel and finding the settings (expanding collapsed sections) must work on it. The
 * committed skeletons were made from simulator variants (skeletons/make.ts); the round trip saves
 * one through the real extension and bridge first.
 */
let d: Driver;
const tmp = mkdtempSync(join(tmpdir(), 'asb-skeleton-'));

beforeAll(async () => {
  d = await startDriver();
});
afterAll(async () => {
  await d?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Serve `html` closed and collapsed, then check health, panel and settings as a job would. */
async function playSkeleton(html: string): Promise<void> {
  const page: SkeletonPage = { html, panelClosed: true, collapse: true };
  d.sim.setSkeleton(page);
  try {
    await d.open();
    expect(await d.page.evaluate(() => window.__driver.health())).toMatchObject({ ok: true, missing: [] });
    // The panel starts out of the DOM; the runner opens it through its toggle.
    expect(await d.page.locator('ms-run-settings').count()).toBe(0);
    expect(await d.page.evaluate(() => window.__driver.openPanel())).toBe('opened');
    expect(await d.page.locator('ms-run-settings').count()).toBe(1);
    // Every section starts collapsed with its controls out of the DOM: the settings are found by expanding.
    expect(
      await d.page.locator('input[aria-label="Maximum output tokens"], input[aria-label="最大输出令牌数"]').count(),
    ).toBe(0);
    const found = await d.page.evaluate((keys) => window.__driver.discover(keys), [...SKELETON_SETTINGS]);
    expect(found.filter((f) => f.candidate === null)).toEqual([]);
    const counts = (await d.page.evaluate(() => window.__driver.selectors())) as Array<{ name: string; count: number }>;
    for (const key of ['promptTextarea', 'runButton', 'newChatButton', ...SKELETON_SETTINGS])
      expect(counts.find((c) => c.name === key)?.count, key).toBeGreaterThan(0);
  } finally {
    d.sim.setSkeleton(null);
  }
}

describe('committed page skeletons (made from simulator variants)', () => {
  it.each(SKELETONS)('$file ($variant): selector health, panel opening, settings discovery', async ({ file }) => {
    const html = readFileSync(fileURLToPath(new URL(`./skeletons/${file}`, import.meta.url)), 'utf8');
    await playSkeleton(html);
  });

  it('a skeleton holds no prompt, answer or input value', () => {
    for (const { file } of SKELETONS) {
      const html = readFileSync(fileURLToPath(new URL(`./skeletons/${file}`, import.meta.url)), 'utf8');
      expect(html).not.toMatch(/value=|<script|style=|placeholder=|You said/);
    }
  });
});

describe('what a skeleton leaves out', () => {
  it('no address, prompt, answer, stop sequence or input value survives', async () => {
    await d.context.addCookies([accountCookie('alice.secret@example.com')]);
    try {
      await openVariant(d, parseVariant('chips'));
      const req = request('tell me about the zebra-marmalade', {
        settings: { temperature: 0.35, stopSequences: ['QUOKKA'] },
      });
      const events = await runAcrossReloads(d, 'priv-1', req);
      expect(events.at(-1)?.event.kind).toBe('done');
      await d.page.locator('ms-prompt-box textarea').fill('an unsent draft about narwhals');
      const html = await d.page.evaluate(() => window.__driver.skeleton());
      expect(html).toContain('<ms-chat-turn');
      for (const secret of ['alice', 'zebra', 'marmalade', 'You said', 'QUOKKA', 'narwhals', '0.35'])
        expect(html, secret).not.toContain(secret);
      expect(html).toContain('aria-label="Google Account"');
    } finally {
      await d.context.clearCookies();
    }
  });
});

describe('round trip: doctor --page --save through the extension, then served and driven', () => {
  it('saves the worker tab skeleton (after a job expanded its sections), and the sim serves it', async () => {
    const file = join(tmp, 'page.html');
    const h = await startHarness({ log: debugLog, simPage: parseVariant('collapsed,decimal') });
    try {
      // A job with top-P, output length and stop expands the collapsed section on the worker tab.
      const ok = await h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        top_p: 0.5,
        max_tokens: 800,
        stop: ['END'],
        messages: [{ role: 'user', content: 'a private prompt for the round trip' }],
      });
      expect(ok.choices[0]?.message.content).toBe(h.sim.runs.at(-1)?.answer);
      expect(h.sim.runs.at(-1)?.request).toMatchObject({ topP: 0.5, maxOutputTokens: 800, stopSequences: ['END'] });

      const lines: string[] = [];
      const code = await doctorCommand(['--page', '--url', h.bridge.url, '--save', file], systemDeps(), (l) =>
        lines.push(l),
      );
      expect(code, lines.join('\n')).toBe(0);
      expect(lines.join('\n')).toContain(`to ${file}`);

      // A forced failure on the real page: the trace names the step and the key, in the error and /health.
      const tab = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
      await tab?.evaluate(() => {
        for (const el of document.querySelectorAll('div[data-test-id="topPSliderContainer"]')) el.remove();
      });
      const failure = await h.client.chat.completions
        .create({ model: 'gemini-2.5-flash', top_p: 0.3, messages: [{ role: 'user', content: 'fails' }] })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(failure).toBeInstanceOf(APIError);
      expect((failure as APIError).message).toContain('"topPInput" not found');
      expect((failure as APIError).message).toContain('(failed at step "settings")');
      const health = (await h.health()) as unknown as {
        failures: Array<{ step?: string; steps: Array<{ action: string; key?: string; outcome: string }> }>;
      };
      expect(health.failures[0]?.step).toBe('settings');
      expect(health.failures[0]?.steps.at(-1)).toMatchObject({
        action: 'settings',
        key: 'topPInput',
        outcome: 'failed',
      });
      expect(JSON.stringify(health.failures)).not.toContain('fails');
    } finally {
      await h.close();
    }
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain('private prompt');
    expect(html).not.toContain('You said');
    await playSkeleton(html);
  });
});
