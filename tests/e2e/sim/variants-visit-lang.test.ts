// The 2026 page variants, continued: first-visit overlays, the 2026 error texts, the model by URL
// and account paths, the variant cookie, and the Chinese page with no English label left.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openVariant, runPrompt as runPromptIn } from '../harness/sim-page.ts';
import { PAGE_2026, startSim, type PageVariant, type Sim } from '../../../sim/site/server.ts';

describe('simulated AI Studio: 2026 visits, errors, model URLs and language', () => {
  let sim: Sim;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    sim = await startSim();
    browser = await launchFor(sim);
    context = await newContext(browser);
  });
  afterEach(async () => {
    sim.setScenario(null);
    sim.setPage(null);
    await context.clearCookies();
    await page?.close();
  });
  afterAll(async () => {
    await browser.close();
    await sim.close();
  });

  /** A fresh page (empty localStorage) showing `variant`. */
  async function open(variant: PageVariant, path?: string): Promise<Page> {
    page = await openVariant(context, sim, variant, path);
    return page;
  }
  const runPrompt = (text: string): Promise<number> => runPromptIn(page, sim, text);

  it('first visit: "Got it" blocks until clicked (Escape does not), sets warmWelcomeDisplayed; a vote follows the first answer', async () => {
    await open({ firstVisit: true });
    await page.locator('div.cdk-overlay-backdrop-showing').waitFor();
    await page.keyboard.press('Escape');
    await pwExpect(page.locator('mat-dialog-container button:has-text("Got it")')).toBeVisible();
    await page.locator('mat-dialog-container button:has-text("Got it")').click();
    expect(await page.evaluate(() => localStorage.getItem('warmWelcomeDisplayed'))).toBe('true');
    const run = await runPrompt('first visit run');
    await sim.waitForOutcome(run);
    const skip = page.locator('button[data-test-id="skip-button"][aria-label="Skip preference vote"]');
    await pwExpect(skip).toBeVisible();
    await skip.click();
    await pwExpect(page.locator('div.cdk-overlay-backdrop-showing')).toHaveCount(0);
    // The flag suppresses the welcome on the next load.
    await page.reload();
    await page.locator('ms-prompt-box textarea').waitFor();
    await pwExpect(page.locator('mat-dialog-container')).toHaveCount(0);
  });

  it('rate limit and request too large: the page shows the 2026 texts in ms-callout.error-callout', async () => {
    await open({ rateLimitText: true, maxPromptChars: 20 });
    sim.setScenario({ name: 'quota' });
    const run = await runPrompt('quota please');
    expect((await sim.waitForOutcome(run)).outcome).toBe('quota');
    await pwExpect(page.locator('ms-callout.error-callout .message').last()).toHaveText(
      "You've reached your rate limit. Please try again later.",
    );
    // refused by the page itself: the index it would have had is still the number of runs
    const before = await runPrompt('this prompt is longer than twenty characters');
    await pwExpect(page.locator('ms-callout.error-callout .message').last()).toHaveText(
      'Request is too large. Please try smaller requests.',
    );
    await sim.waitForEvent((e) => e.type === 'ui' && e.action === 'request-too-large');
    expect(sim.runs.length).toBe(before);
  });

  it('model by URL: /prompts/new_chat?model=<id> and /u/<n>/ paths pick the model; the account prefix stays', async () => {
    await open({}, '/prompts/new_chat?model=gemini-2.5-flash');
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveText('gemini-2.5-flash');
    await page.goto(`${sim.origin}/u/1/prompts/new_chat?model=gemini-3-pro-preview`);
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveText('gemini-3-pro-preview');
    const run = await runPrompt('account run');
    expect((await sim.waitForOutcome(run)).request.model).toBe('gemini-3-pro-preview');
    await page.waitForURL(/\/u\/1\/prompts\/[A-Za-z0-9]+$/);
  });

  it('a sim-page cookie picks the variant per browser; an unknown word is a 400 naming it', async () => {
    await context.addCookies([{ name: 'sim-page', value: 'narrow', url: sim.origin }]);
    await open({});
    await pwExpect(page.locator('ms-run-settings')).toHaveCount(0);
    await context.addCookies([{ name: 'sim-page', value: 'sideways', url: sim.origin }]);
    const res = await page.goto(sim.url);
    expect(res?.status()).toBe(400);
    expect(await res?.text()).toContain('sideways');
  });

  it('Chinese: every visible label and aria-label is Chinese; element names and data-test-* stay', async () => {
    await open({ ...PAGE_2026, lang: 'zh-CN' });
    await page.locator('mat-dialog-container button:has-text("知道了")').click();
    await page.locator('button[aria-label="展开或收起高级设置"]').click();
    await page.locator('button[aria-label="展开或收起工具"]').click();
    await pwExpect(page.locator('ms-run-button button[aria-label="运行"]')).toHaveCount(1);
    await pwExpect(page.locator('button[data-test-clear="outside"][aria-label="新建聊天"]')).toHaveCount(1);
    sim.setScenario({ name: 'long', chunks: 40, intervalMs: 80 });
    await page.locator('ms-prompt-box textarea').fill('长回答');
    const run = sim.runs.length;
    await page.locator('ms-run-button button').click();
    await pwExpect(page.locator('ms-stop-button button[aria-label="停止生成"]')).toHaveCount(1);
    const english = await page.evaluate(() => {
      // Proper names and content a person typed or the model wrote are not labels.
      const allowed =
        /^(Google AI Studio|Ctrl ⏎|Top P 采样|[\d,. /]+)$|Gemini|gemini|AI Studio|Google|Markdown|JSON|Tab|URL/;
      const skip =
        'ms-cmark-node, textarea, pre, .material-symbols-outlined, .model-selector-card, ms-chat-turn .turn-content';
      const bad: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        if (el.closest(skip) || el.getClientRects().length === 0) continue;
        for (const name of ['aria-label', 'placeholder', 'title']) {
          const v = el.getAttribute(name);
          if (v && /[A-Za-z]{2}/.test(v) && !allowed.test(v)) bad.push(`${el.tagName.toLowerCase()}[${name}="${v}"]`);
        }
        for (const node of Array.from(el.childNodes)) {
          const t = node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '').trim() : '';
          if (t && /[A-Za-z]{2}/.test(t) && !allowed.test(t)) bad.push(`${el.tagName.toLowerCase()}: "${t}"`);
        }
      }
      return bad;
    });
    expect(english).toEqual([]);
    await page.locator('ms-stop-button button').click();
    expect((await sim.waitForOutcome(run)).outcome).toBe('aborted');
  });
});
