// A look at the page for a person: one conversation (thoughts, answer, function call) rendered at
// desktop size and at a narrow 460×800 (docs/aistudio-page.md#layouts) into .tmp/sim-screenshots/, checked for the layout a person
// sees (panels side by side, prompt at the bottom, dark theme, nothing off-screen) and not blank.

import { mkdir } from 'node:fs/promises';
import { expect as pwExpect } from 'playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { launchFor, newContext, openPage, S } from '../harness/sim-page.ts';
import { startSim, type Sim } from '../../../sim/site/server.ts';

const OUT = new URL('../../../.tmp/sim-screenshots/', import.meta.url);

describe('simulated AI Studio look', () => {
  let sim: Sim;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startSim();
    browser = await launchFor(sim);
    await mkdir(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await sim.close();
  });

  it('renders a conversation with thoughts, an answer and a call at 1280×800 and 460×800', async () => {
    const context = await newContext(browser);
    try {
      const page = await openPage(context, sim, { prefs: { isAdvancedOpen: true, areToolsOpen: true } });
      await page.locator(S.prompt).fill('Explain **tides** briefly [[sim:thinking]]');
      await page.locator(S.run).click();
      await pwExpect(page.locator(S.edit)).toBeVisible();
      await page.locator(S.prompt).fill('[[sim:function-call]] weather in Paris?');
      await page.locator(S.run).click();
      await pwExpect(page.locator('ms-function-call-chunk')).toBeVisible();
      await pwExpect(page.locator(S.edit)).toBeVisible();
      await page.locator(S.prompt).fill('Type the next prompt here');

      const desktop = await page.screenshot({ path: new URL('desktop.png', OUT).pathname });
      // The layout a person sees: conversation and prompt on the left, run settings beside them on
      // the right, the prompt box at the bottom of the viewport, a dark theme, nothing off-screen.
      const box = async (selector: string) => {
        const b = await page.locator(selector).first().boundingBox();
        if (!b) throw new Error(`${selector} is not rendered`);
        return b;
      };
      const editor = await box('ms-chunk-editor');
      const settings = await box('ms-run-settings');
      const promptBox = await box('ms-prompt-box');
      expect(settings.x).toBeGreaterThanOrEqual(editor.x + editor.width - 1);
      expect(settings.width).toBeGreaterThan(200);
      expect(promptBox.y).toBeGreaterThan(400);
      expect(promptBox.y + promptBox.height).toBeLessThanOrEqual(800);
      expect(await page.locator('ms-chat-turn').count()).toBe(4);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
      expect(r + g + b, `body background ${background}`).toBeLessThan(150);
      await page.setViewportSize({ width: 460, height: 800 });
      await pwExpect(page.locator('ms-toolbar button[data-test-incognito-toggle]')).toBeHidden();
      const narrow = await page.screenshot({ path: new URL('narrow-460x800.png', OUT).pathname });
      const narrowPrompt = await box('ms-prompt-box');
      expect(narrowPrompt.width).toBeGreaterThan(380);
      expect(narrowPrompt.x + narrowPrompt.width).toBeLessThanOrEqual(460);
      expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(460);

      // Not blank either (a blank page of the same size compresses to a tiny PNG).
      const blank = await context.newPage();
      await blank.setContent('<body style="margin:0;background:#131314"></body>');
      const blankSize = (await blank.screenshot()).length;
      expect(desktop.length).toBeGreaterThan(Math.max(20_000, blankSize * 5));
      expect(narrow.length).toBeGreaterThan(Math.max(10_000, blankSize * 5));
    } finally {
      await context.close();
    }
  });
});
