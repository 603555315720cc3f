// Page variants nobody described (sim/page/variant.ts `spinner-run`, `collapsed`): layouts a
// redesign could bring, used to prove the driver reads run state from the network and finds
// controls in collapsed sections. What a person does on them reaches the run the simulator records.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openVariant, runPrompt as runPromptIn } from '../harness/sim-page.ts';
import { startSim, type PageVariant, type Sim } from '../../../sim/site/server.ts';

describe('simulated AI Studio: undescribed page variants', () => {
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
    await page?.close();
  });
  afterAll(async () => {
    await browser.close();
    await sim.close();
  });

  async function open(variant: PageVariant): Promise<Page> {
    page = await openVariant(context, sim, variant);
    return page;
  }
  const runPrompt = (text: string): Promise<number> => runPromptIn(page, sim, text);

  it('spinner-run: the Run button only gains a spinner while running; clicking it stops the run', async () => {
    await open({ spinnerRun: true });
    sim.setScenario({ name: 'long', chunks: 60, intervalMs: 80 });
    const run = await runPrompt('stop me');
    await sim.waitForRun(run);
    const button = page.locator('ms-run-button button.run-button');
    await pwExpect(button).toHaveClass(/running/);
    await pwExpect(button).toHaveAttribute('aria-label', 'Run');
    await pwExpect(button).toBeEnabled();
    await pwExpect(page.locator('ms-run-button button mat-progress-spinner')).toHaveCount(1);
    // Nothing a driver knows as Stop is on the page.
    await pwExpect(page.locator('ms-stop-button, .stoppable-spinner, [aria-label="Stop generating"]')).toHaveCount(0);
    // New chat is enabled but does nothing while the run goes on.
    await page.locator('button[aria-label="New chat"]').click();
    await pwExpect(page.locator('ms-chat-turn')).toHaveCount(2);
    await button.click();
    expect((await sim.waitForOutcome(run)).outcome).toBe('aborted');
    await pwExpect(button).not.toHaveClass(/running/);
  });

  it('collapsed: advanced settings start collapsed whatever the preference, with their controls out of the DOM', async () => {
    await open({ collapsedSections: true });
    await page.evaluate(() =>
      localStorage.setItem('aiStudioUserPreference', JSON.stringify({ isAdvancedOpen: true, areToolsOpen: true })),
    );
    await page.reload();
    const header = page.locator('mat-expansion-panel-header[aria-expanded]');
    await pwExpect(header).toHaveAttribute('aria-expanded', 'false');
    await pwExpect(page.locator('input[aria-label="Maximum output tokens"]')).toHaveCount(0);
    await pwExpect(page.locator('button[aria-label="Expand or collapse tools"]')).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await header.click();
    await pwExpect(header).toHaveAttribute('aria-expanded', 'true');
    await page.locator('input[aria-label="Maximum output tokens"]').fill('321');
    await page.locator('input[aria-label="Maximum output tokens"]').blur();
    const run = await runPrompt('collapsed run');
    expect((await sim.waitForOutcome(run)).request.maxOutputTokens).toBe(321);
  });
});
