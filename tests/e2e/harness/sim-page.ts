// Shared Playwright setup for the sim's own tests: one Chromium per test file, launched with the
// sim's host-resolver rules, and a fresh context (fresh localStorage) per test.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { expect as pwExpect } from 'playwright/test';
import type { PageVariant, RunRecord, Sim } from '../../../sim/site/server.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../sim/launch/chromium.ts';

export function launchFor(sim: Sim): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...sim.chromiumArgs] });
}

export interface OpenOptions {
  /** localStorage.aiStudioUserPreference for this page (the page is reloaded to apply it). */
  prefs?: Record<string, unknown>;
}

export function newContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, viewport });
}

/**
 * Opens the sim in a new page of a shared context (contexts are slow to create on a loaded
 * machine), starting from empty preferences so tests do not see each other's localStorage.
 */
export async function openPage(context: BrowserContext, sim: Sim, o: OpenOptions = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${sim.origin}/__sim/blank`, { waitUntil: 'domcontentloaded' });
  await page.evaluate(
    (prefs) => {
      localStorage.clear();
      if (prefs) localStorage.setItem('aiStudioUserPreference', prefs);
    },
    o.prefs ? JSON.stringify(o.prefs) : null,
  );
  await page.goto(sim.url, { waitUntil: 'domcontentloaded' });
  await page.locator('ms-prompt-box textarea[aria-label="Enter a prompt"]').waitFor();
  return page;
}

/** A new page (empty localStorage) of the shared context showing `variant` from the next load. */
export async function openVariant(
  context: BrowserContext,
  sim: Sim,
  variant: PageVariant,
  path = '/prompts/new_chat',
): Promise<Page> {
  sim.setPage(variant);
  const page = await context.newPage();
  await page.goto(`${sim.origin}/__sim/blank`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${sim.origin}${path}`);
  await page.locator('ms-prompt-box textarea').waitFor();
  return page;
}

/**
 * Types `text` into the prompt box and clicks Run (handles as every variant keeps them). Resolves
 * with the index the sim gives that run, taken before the click: the page's RPC records the run a
 * moment later, so `sim.runs.length - 1` read afterwards may still name the previous run.
 */
export async function runPrompt(page: Page, sim: Sim, text: string): Promise<number> {
  const index = sim.runs.length;
  await page.locator('ms-prompt-box textarea').fill(text);
  await page.locator('ms-run-button button[type="submit"]').click();
  return index;
}

/**
 * Types `text` with the documented handles (S), clicks Run and waits for the run the sim records
 * and for the page to be done with it (its turn's edit button shows).
 */
export async function runAndWait(page: Page, sim: Sim, text: string): Promise<RunRecord> {
  const index = sim.runs.length;
  await page.locator(S.prompt).fill(text);
  await page.locator(S.run).click();
  const run = await sim.waitForOutcome(index);
  await pwExpect(page.locator(S.edit)).toBeVisible();
  return run;
}

/** Selectors quoted from docs/aistudio-page.md (they are the contract, so tests spell them out). */
export const S = {
  prompt: 'ms-prompt-input-wrapper ms-autosize-textarea textarea',
  run: 'ms-run-button button[type="submit"].ms-button-primary',
  runByLabel: 'button[aria-label="Run"].run-button',
  stop: 'button[aria-label="Stop generating"]',
  modelTurn: 'ms-chat-turn .chat-turn-container.model',
  answer: 'ms-chat-turn .chat-turn-container.model ms-cmark-node.cmark-node',
  edit: 'ms-chat-turn:last-child .actions-container button.toggle-edit-button',
  newChat: 'button[data-test-clear="outside"][aria-label="New chat"]',
  dialog: '.mat-mdc-dialog-inner-container',
  discard: 'button.ms-button-primary:has-text("Discard and continue")',
  backdrop: 'div.cdk-overlay-backdrop.cdk-overlay-backdrop-showing',
  quota: 'ms-callout.error-callout .message',
  toast: 'div.toast.error span.content-text',
} as const;
