// What the run-settings panel shows at Run time is what reaches the RPC: temperature, top-P, max
// tokens, stop chips, system instructions, model (localStorage + reload), thinking controls,
// tools with the declarations dialog, temporary chat (narrow layout) and file upload.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openPage, runAndWait, S } from '../harness/sim-page.ts';
import { startSim, type RunRecord, type Sim } from '../../../sim/site/server.ts';

describe('simulated AI Studio run settings', () => {
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
    await page.close();
  });
  afterAll(async () => {
    await browser.close();
    await sim.close();
  });

  const runPrompt = (text: string): Promise<RunRecord> => runAndWait(page, sim, text);

  it('records temperature, top-P, max tokens, stop chips and system instructions as shown', async () => {
    page = await openPage(context, sim, { prefs: { isAdvancedOpen: true, areToolsOpen: true } });
    await page.locator('ms-slider input[type="number"][max="2"]').fill('0.3');
    await page.locator('ms-slider input.slider-number-input[aria-valuemax="1"]').fill('0.5');
    await page.locator('input[aria-label="Maximum output tokens"]').fill('1234');
    const stop = page.locator('input[aria-label="Add stop token"]');
    for (const seq of ['END', '###']) {
      await stop.fill(seq);
      await stop.press('Enter');
    }
    await pwExpect(page.locator('mat-chip button.remove-button[aria-label*="Remove"]')).toHaveCount(2);
    await page.locator('mat-chip button.remove-button[aria-label="Remove ###"]').click();
    await page.locator('button[aria-label="System instructions"]').click();
    await page.locator('textarea[aria-label="System instructions"]').fill('Be terse.');
    const run = await runPrompt('[[sim:text text="one two END three"]]');
    expect(run.request).toMatchObject({
      temperature: 0.3,
      topP: 0.5,
      maxOutputTokens: 1234,
      stopSequences: ['END'],
      systemInstruction: 'Be terse.',
      model: 'gemini-2.5-pro',
    });
    expect(run.answer).toBe('one two ');
    await pwExpect(page.locator(S.answer).last()).toHaveText('one two');
    // Out-of-range values are clamped when the field is left, as the slider inputs do.
    const temp = page.locator('ms-slider input[type="number"][max="2"]');
    await temp.fill('7');
    await temp.blur();
    await pwExpect(temp).toHaveValue('2');
  });

  it('switches model through localStorage + reload and sets the Gemini 3 thinking level', async () => {
    page = await openPage(context, sim, { prefs: { promptModel: 'models/gemini-3-flash-preview' } });
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveText('gemini-3-flash-preview');
    await page.locator('mat-select[aria-label="Thinking Level"]').click();
    const options = page.locator('[role="listbox"][aria-label="Thinking Level"] [role="option"]');
    await pwExpect(options).toHaveText(['Minimal', 'Low', 'Medium', 'High']);
    await options.filter({ hasText: 'Low' }).click();
    await pwExpect(page.locator('[role="listbox"]')).toBeHidden();
    await pwExpect(
      page.locator('mat-select[aria-label="Thinking Level"] .mat-mdc-select-value-text .mat-mdc-select-min-line'),
    ).toHaveText('Low');
    const run = await runPrompt('hello flash');
    expect(run.request.model).toBe('gemini-3-flash-preview');
    expect(run.request.thinking).toEqual({ includeThoughts: true, budget: null, level: 'low' });

    await page.evaluate(() =>
      localStorage.setItem('aiStudioUserPreference', JSON.stringify({ promptModel: 'models/gemini-3-pro-preview' })),
    );
    await page.goto(sim.url);
    await page.locator('mat-select[aria-label="Thinking Level"]').click();
    await pwExpect(options).toHaveText(['Low', 'High']);
    await page.keyboard.press('Escape');
    await pwExpect(options).toHaveCount(0);
  });

  it('drives the Flash thinking toggle, the manual budget toggle and the budget value', async () => {
    page = await openPage(context, sim, { prefs: { promptModel: 'models/gemini-2.5-flash' } });
    const main = page.locator('button[role="switch"][aria-label="Toggle thinking mode"]');
    const manual = page.locator('button[role="switch"][aria-label="Toggle thinking budget between auto and manual"]');
    await pwExpect(main).toHaveAttribute('aria-checked', 'true');
    await main.click();
    await pwExpect(main).toHaveAttribute('aria-checked', 'false');
    await pwExpect(manual).toBeHidden();
    expect((await runPrompt('no thinking [[sim:thinking]]')).request.thinking).toEqual({
      includeThoughts: false,
      budget: 0,
      level: null,
    });
    await pwExpect(page.locator('ms-thought-chunk')).toHaveCount(0);

    await main.click();
    await manual.click();
    await page.locator('[data-test-id="user-setting-budget-animation-wrapper"] input[type="number"]').fill('1024');
    const run = await runPrompt('think a bit [[sim:thinking]]');
    expect(run.request.thinking).toEqual({ includeThoughts: true, budget: 1024, level: null });
    await pwExpect(page.locator('ms-thought-chunk')).toHaveCount(1);
  });

  it('expands tools, declares functions in the dialog and sends them with URL context', async () => {
    page = await openPage(context, sim);
    const expander = page.locator('button[aria-label="Expand or collapse tools"]');
    await pwExpect(expander.locator('xpath=../..')).not.toHaveClass(/\bexpanded\b/);
    await expander.click();
    await pwExpect(expander.locator('xpath=../..')).toHaveClass(/\bexpanded\b/);
    const search = page.locator('div[data-test-id="searchAsAToolTooltip"] mat-slide-toggle button');
    await search.click();
    await pwExpect(search).toHaveAttribute('aria-checked', 'true');
    await page
      .locator('[data-test-id="functionCallingTooltip"] mat-slide-toggle button[role="switch"].mdc-switch')
      .click();
    await pwExpect(search).toBeDisabled();
    await pwExpect(search).toHaveClass(/mdc-switch--disabled/);
    await pwExpect(search).toHaveAttribute('aria-checked', 'false');
    await page.locator('button.edit-function-declarations-button[aria-label="Edit function declarations"]').click();
    const dialog = page.locator('mat-dialog-container:has(h2:has-text("Function declarations"))');
    await pwExpect(dialog).toBeVisible();
    await dialog.locator('ms-tab-group button[role="tab"]:has-text("Code Editor")').click();
    const decls = [
      {
        name: 'find_book',
        description: 'Find a book',
        parameters: { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } } },
      },
    ];
    await dialog.locator('ms-text-editor textarea').evaluate(
      (el: HTMLTextAreaElement, v) => {
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      },
      JSON.stringify(decls, null, 2),
    );
    await dialog.locator('button[aria-label="Save the current function declarations"]').click();
    await pwExpect(dialog).toBeHidden();
    await page.locator('button[aria-label="Browse the url context"]').click();
    const run = await runPrompt('find it [[sim:function-call]]');
    expect(run.request.tools).toEqual({
      googleSearch: false,
      urlContext: true,
      functionDeclarations: decls,
      codeExecution: false,
    });
    expect(run.functionCalls).toEqual([{ name: 'find_book', args: { title: 'sample title', year: 3 } }]);
    await pwExpect(
      page.locator('ms-function-call-chunk mat-panel-title span:not(.material-symbols-outlined)'),
    ).toHaveText('find_book');
  });

  it('turns temporary chat on from the "View more actions" menu in the 460×800 layout', async () => {
    const narrow = await newContext(browser, { width: 460, height: 800 });
    try {
      page = await openPage(narrow, sim);
      await pwExpect(page.locator('ms-toolbar button[data-test-incognito-toggle]')).toBeHidden();
      await page.locator('button[aria-label="View more actions"]').click();
      const item = page.locator(
        'div[role="menu"] button[aria-label="Temporary chat toggle"][data-test-incognito-toggle]',
      );
      await pwExpect(item).toHaveAttribute('aria-pressed', 'false');
      await item.click();
      await pwExpect(page.locator('ms-incognito-mode-indicator .main-text')).toHaveText('Temporary chat');
      const run = await runPrompt('secret question');
      expect(run.request.temporaryChat).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/prompts/new_chat');
      await page.locator(S.newChat).click();
      await page.locator(S.discard).click();
      await pwExpect(page.locator('ms-incognito-mode-indicator')).toBeHidden();
      expect((await runPrompt('public question')).request.temporaryChat).toBe(false);
    } finally {
      await page.close();
      await narrow.close();
    }
  });

  it('uploads a file through "Insert assets" → "Upload a file" and sends it with the next turn', async () => {
    page = await openPage(context, sim);
    await page.locator('button[aria-label^="Insert assets"]').click();
    const chooser = page.waitForEvent('filechooser');
    await page.locator('div[role="menu"] button[role="menuitem"]:has-text("Upload a file")').click();
    await (await chooser).setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello file') });
    await page.locator('button[aria-label*="acknowledge" i]').click();
    await pwExpect(page.locator('ms-prompt-box .file-chip')).toHaveText(/notes\.txt/);
    const run = await runPrompt('what is in the file?');
    expect(run.request.attachments).toHaveLength(1);
    expect(run.request.attachments[0]?.mimeType).toBe('text/plain');
    expect(Buffer.from(run.request.attachments[0]?.data ?? '', 'base64').toString()).toBe('hello file');
    await pwExpect(page.locator('ms-prompt-box .file-chip')).toHaveCount(0);
  });
});
