// The 2026 page variants (sim/site/page/variant.ts) show the 2026 handles docs/aistudio-page.md lists, and
// what a person does through them reaches the run the simulator records.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openVariant, runPrompt as runPromptIn } from '../harness/sim-page.ts';
import { startSim, type PageVariant, type Sim } from '../../../sim/site/server.ts';

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
  async function open(variant: PageVariant, path?: string): Promise<Page> {
    page = await openVariant(context, sim, variant, path);
    return page;
  }
  const runPrompt = (text: string): Promise<number> => runPromptIn(page, sim, text);

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
    const run = await runPrompt('narrow run');
    expect((await sim.waitForOutcome(run)).request.temperature).toBe(0.4);
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
    const run = await runPrompt('decimal run');
    expect((await sim.waitForOutcome(run)).request).toMatchObject({ temperature: 2, topP: 0.35 });
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
    const run = await runPrompt('chips run');
    expect((await sim.waitForOutcome(run)).request.stopSequences).toEqual(['HALT']);
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
    const run = await runPrompt('system run');
    expect((await sim.waitForOutcome(run)).request.systemInstruction).toBe('Answer in haiku.');
  });

  it('stop button: ms-stop-button replaces ms-run-button during a run and stops it', async () => {
    await open({ stopButton: true });
    sim.setScenario({ name: 'long', chunks: 60, intervalMs: 80 });
    const run = await runPrompt('stop me');
    await sim.waitForRun(run);
    await pwExpect(page.locator('ms-run-button')).toHaveCount(0);
    await page.locator('ms-stop-button button[aria-label="Stop generating"]').click();
    expect((await sim.waitForOutcome(run)).outcome).toBe('aborted');
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
    const run = await runPrompt('temporary run');
    expect((await sim.waitForOutcome(run)).request.temporaryChat).toBe(true);
  });
});
