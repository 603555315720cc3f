// The 2026 page variants (sim/page/variant.ts) show the handles the 2026 facts list (§3), and
// what a person does through them reaches the run the simulator records.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext } from './fixture.ts';
import { PAGE_2026, startSim, type PageVariant, type Sim } from '../../sim/server.ts';

describe('simulated AI Studio: 2026 page variants', () => {
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
  async function open(variant: PageVariant, path = '/prompts/new_chat'): Promise<Page> {
    sim.setPage(variant);
    page = await context.newPage();
    await page.goto(`${sim.origin}/__sim/blank`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${sim.origin}${path}`);
    await page.locator('ms-prompt-box textarea').waitFor();
    return page;
  }

  async function runPrompt(text: string): Promise<void> {
    await page.locator('ms-prompt-box textarea').fill(text);
    await page.locator('ms-run-button button[type="submit"]').click();
  }

  const lastRun = async () => sim.waitForOutcome(sim.runs.length - 1);

  it('narrow: the run-settings panel and the model name are absent until the toggle opens them', async () => {
    await open({ narrow: true });
    await pwExpect(page.locator('ms-run-settings')).toHaveCount(0);
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveCount(0);
    await page.locator('button.runsettings-toggle-button[aria-label="Toggle run settings panel"]').click();
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveText('gemini-2.5-pro');
    await page.locator('ms-slider input[type="number"][max="2"]').fill('0.4');
    await page.locator('ms-slider input[type="number"][max="2"]').blur();
    // Closing the panel keeps the settings: the run still sends them.
    await page.locator('button.runsettings-toggle-button').click();
    await pwExpect(page.locator('ms-run-settings')).toHaveCount(0);
    await runPrompt('narrow run');
    expect((await lastRun()).request.temperature).toBe(0.4);
  });

  it('decimal inputs: temperature and top-P are input[inputmode=decimal] without type or max, clamped on change', async () => {
    await open({ decimalInputs: true });
    const temperature = page.locator('div[data-test-id="temperatureSliderContainer"] input[inputmode="decimal"]');
    await pwExpect(temperature).toHaveCount(1);
    expect(await temperature.evaluate((el) => [el.getAttribute('type'), el.getAttribute('max')])).toEqual([null, null]);
    await page.locator('button[aria-label="Expand or collapse advanced settings"]').click();
    const topP = page.locator('div[data-test-id="topPSliderContainer"] input[inputmode="decimal"]');
    await temperature.fill('5');
    await temperature.blur();
    await pwExpect(temperature).toHaveValue('2');
    await topP.fill('0.35');
    await topP.blur();
    await runPrompt('decimal run');
    expect((await lastRun()).request).toMatchObject({ temperature: 2, topP: 0.35 });
  });

  it('chip input: ms-stop-sequence-input input#chip-input adds chips that the run sends; Remove drops one', async () => {
    await open({ chipInput: true });
    await page.locator('button[aria-label="Expand or collapse advanced settings"]').click();
    const input = page.locator('ms-stop-sequence-input input#chip-input[placeholder="Add stop..."]');
    for (const s of ['END', 'HALT']) {
      await input.fill(s);
      await input.press('Enter');
    }
    const removes = page.locator('mat-chip-set mat-chip-row button[aria-label*="Remove"]');
    await pwExpect(removes).toHaveCount(2);
    await page.locator('button[aria-label="Remove END"]').click();
    await runPrompt('chips run');
    expect((await lastRun()).request.stopSequences).toEqual(['HALT']);
  });

  it('system dialog: the card opens a modal dialog; a run waits until it is closed with its close button', async () => {
    await open({ systemDialog: true });
    await pwExpect(page.locator('ms-system-instructions')).toHaveCount(0);
    await page.locator('button[data-test-system-instructions-card]').click();
    await page.locator('mat-dialog-container textarea[aria-label="System instructions"]').fill('Answer in haiku.');
    await page.locator('ms-prompt-box textarea').evaluate((el: HTMLTextAreaElement) => {
      el.value = 'blocked run';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      (document.querySelector('ms-run-button button') as HTMLButtonElement).click();
    });
    await sim.waitForEvent((e) => e.type === 'ui' && e.action === 'run-blocked');
    await page.locator('mat-dialog-container button[data-test-close-button]').click();
    await pwExpect(page.locator('mat-dialog-container')).toHaveCount(0);
    await pwExpect(page.locator('button[data-test-system-instructions-card] .preview')).toHaveText('Answer in haiku.');
    await runPrompt('system run');
    expect((await lastRun()).request.systemInstruction).toBe('Answer in haiku.');
  });

  it('stop button: ms-stop-button replaces ms-run-button during a run and stops it', async () => {
    await open({ stopButton: true });
    sim.setScenario({ name: 'long', chunks: 60, intervalMs: 80 });
    await runPrompt('stop me');
    await sim.waitForRun(sim.runs.length - 1);
    await pwExpect(page.locator('ms-run-button')).toHaveCount(0);
    await page.locator('ms-stop-button button[aria-label="Stop generating"]').click();
    expect((await lastRun()).outcome).toBe('aborted');
    await pwExpect(page.locator('ms-stop-button')).toHaveCount(0);
    await pwExpect(page.locator('ms-run-button button[aria-label="Run"]')).toHaveCount(1);
  });

  it('upload files: selectMediaMenu → "Upload files" → copyright → a media chip on the prompt', async () => {
    await open({ uploadFiles: true });
    await page.locator('button[data-test="selectMediaMenu"]').click();
    await pwExpect(page.locator('button.upload-file-menu-item')).toHaveText('Upload files');
    await page
      .locator('input[data-test-upload-file-input]')
      .setInputFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await page.locator('button[aria-label="Acknowledge copyright"]').click();
    await pwExpect(page.locator('ms-prompt-box .multi-media-row ms-media-chip')).toHaveCount(1);
  });

  it('menu temporary chat: only ms-incognito-mode-toggle > button inside "View more actions"', async () => {
    await open({ menuTemporary: true });
    await pwExpect(page.locator('[data-test-incognito-toggle]')).toHaveCount(0);
    await page.locator('button[aria-label="View more actions"]').click();
    await page.locator('ms-incognito-mode-toggle > button').click();
    await page.locator('button[aria-label="View more actions"]').click();
    await pwExpect(page.locator('ms-incognito-mode-toggle > button.ms-button-active')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await runPrompt('temporary run');
    expect((await lastRun()).request.temporaryChat).toBe(true);
  });

  it('first visit: "Got it" blocks until clicked (Escape does not), sets warmWelcomeDisplayed; a vote follows the first answer', async () => {
    await open({ firstVisit: true });
    await page.locator('div.cdk-overlay-backdrop-showing').waitFor();
    await page.keyboard.press('Escape');
    await pwExpect(page.locator('mat-dialog-container button:has-text("Got it")')).toBeVisible();
    await page.locator('mat-dialog-container button:has-text("Got it")').click();
    expect(await page.evaluate(() => localStorage.getItem('warmWelcomeDisplayed'))).toBe('true');
    await runPrompt('first visit run');
    await lastRun();
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
    await runPrompt('quota please');
    expect((await lastRun()).outcome).toBe('quota');
    await pwExpect(page.locator('ms-callout.error-callout .message').last()).toHaveText(
      "You've reached your rate limit. Please try again later.",
    );
    const before = sim.runs.length;
    await runPrompt('this prompt is longer than twenty characters');
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
    await runPrompt('account run');
    expect((await lastRun()).request.model).toBe('gemini-3-pro-preview');
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
    await lastRun();
  });
});
