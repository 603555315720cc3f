// The simulated page reacts as docs/aistudio-page.md says: Run enabled only by a real input event, Stop
// while generating (and it aborts the stream), New chat + "Discard and continue", error surfaces,
// blocking overlays, thoughts and function calls rendered from the stream.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openPage, S } from '../harness/sim-page.ts';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { encodeRequest } from '../../../sim/site/wire/request.ts';

describe('simulated AI Studio page', () => {
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
    await page.close();
  });
  afterAll(async () => {
    await browser.close();
    await sim.close();
  });

  async function open(): Promise<Page> {
    page = await openPage(context, sim);
    return page;
  }

  it('enables Run only after a real input event, runs, clears the input and shows the answer', async () => {
    await open();
    const run = page.locator(S.run);
    await pwExpect(run).toBeDisabled();
    await pwExpect(page.locator('[data-test-id="model-name"]')).toHaveText('gemini-2.5-pro');
    // A silently set value is not what the page knows: Run stays disabled.
    await page.locator(S.prompt).evaluate((el: HTMLTextAreaElement) => {
      el.value = 'silent text';
    });
    // Let the page render two frames (it reacts to input synchronously): no event, no change.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await run.isDisabled()).toBe(true);
    await page
      .locator(S.prompt)
      .evaluate((el: HTMLTextAreaElement) => el.dispatchEvent(new Event('input', { bubbles: true })));
    await pwExpect(run).toBeEnabled();
    await pwExpect(page.locator('ms-autosize-textarea')).toHaveAttribute('data-value', 'silent text');
    await page.locator(S.prompt).fill('Tell me about rivers');
    // The page counts tokens while typing (CountTokens RPC), which a tap must not mistake for a run.
    await pwExpect(page.locator('.token-count-value')).toHaveText('4 / 1,048,576');
    const ran = sim.runs.length;
    await page.locator(S.runByLabel).click();
    await pwExpect(page.locator(S.prompt)).toHaveValue('');
    const record = await sim.waitForOutcome(ran);
    expect(record.request.prompt).toBe('Tell me about rivers');
    const ready = sim.events.filter((e) => e.type === 'ui' && e.action === 'page-ready').at(-1);
    expect(ready && 'detail' in ready ? ready.detail : undefined).toBe(record.pageId);
    await pwExpect(page.locator(S.answer).last()).toHaveText(record.answer);
    await pwExpect(page.locator(S.edit)).toBeVisible();
    await pwExpect(run).toBeDisabled();
    await pwExpect(run).toHaveAttribute('aria-label', 'Run');
    expect(sim.listModelsCalls).toBeGreaterThanOrEqual(1);
    expect(new URL(page.url()).pathname).toMatch(/^\/prompts\/[A-Za-z0-9]+$/);
  });

  it('renders the answer incrementally, shows Stop while generating, and Stop aborts the stream', async () => {
    await open();
    await page.locator(S.prompt).fill('[[sim:long chunks=60 intervalMs=80]] go');
    const first = sim.runs.length;
    await page.locator(S.run).click();
    const stop = page.locator(S.stop);
    await pwExpect(stop).toBeVisible();
    await pwExpect(stop).toBeEnabled();
    await pwExpect(page.locator(S.answer).last()).toContainText('Part 3 of 60');
    const early = await page.locator(S.answer).last().innerText();
    await page.waitForTimeout(500);
    const later = await page.locator(S.answer).last().innerText();
    expect(later.length).toBeGreaterThan(early.length);
    expect(later.startsWith(early)).toBe(true);
    expect(later).not.toContain('Part 60 of 60');
    await stop.click();
    const record = await sim.waitForOutcome(first);
    expect(record.outcome).toBe('aborted');
    expect(record.abortedAt).not.toBeNull();
    expect(record.sentAnswer.length).toBeLessThan(record.answer.length);
    await pwExpect(stop).toBeHidden();
    await pwExpect(page.locator(S.run)).toBeDisabled();
    await pwExpect(page.locator(S.answer).last()).not.toContainText('Part 60 of 60');
    await sim.waitForEvent((e) => e.type === 'ui' && e.action === 'stop-click');
  });

  it("delivers the stream to the page's own XHR as progress events spaced in time", async () => {
    await open();
    const body = JSON.stringify(
      encodeRequest({
        model: 'gemini-2.5-pro',
        contents: [{ role: 'user', text: '[[sim:long chunks=12 intervalMs=60]]', attachments: [], functionCalls: [] }],
        systemInstruction: null,
        temperature: 1,
        topP: 0.95,
        topK: 64,
        maxOutputTokens: 100,
        stopSequences: [],
        thinking: null,
        tools: { googleSearch: false, urlContext: false, functionDeclarations: null },
        temporaryChat: false,
      }),
    );
    const progress = await page.evaluate(
      (b) =>
        new Promise<{ at: number; length: number }[]>((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          const seen: { at: number; length: number }[] = [];
          xhr.open(
            'POST',
            'https://alkalimakersuite-pa.clients6.google.com/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/GenerateContent',
          );
          xhr.withCredentials = true;
          xhr.setRequestHeader('Content-Type', 'application/json+protobuf');
          xhr.onprogress = () => seen.push({ at: performance.now(), length: xhr.responseText.length });
          xhr.onload = () => resolve(seen);
          xhr.onerror = () => reject(new Error('xhr failed'));
          xhr.send(b);
        }),
      body,
    );
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect((progress.at(-1)?.at ?? 0) - (progress[0]?.at ?? 0)).toBeGreaterThanOrEqual(300);
    expect(progress.every((p, i) => i === 0 || p.length > (progress[i - 1]?.length ?? 0))).toBe(true);
  });

  it('runs on Ctrl+Enter and shows the raw markdown in the Edit area', async () => {
    await open();
    await page.locator(S.prompt).fill('[[sim:text text="**Bold** and `code`"]]');
    await page.locator(S.prompt).press('Control+Enter');
    await pwExpect(page.locator(S.edit)).toBeVisible();
    await pwExpect(page.locator(`${S.answer} strong`)).toHaveText('Bold');
    await page.locator(S.edit).click();
    await pwExpect(page.locator('ms-chat-turn:last-child ms-autosize-textarea')).toHaveAttribute(
      'data-value',
      '**Bold** and `code`',
    );
    await page.locator('ms-chat-turn:last-child button[aria-label="Stop editing"]').click();
    await pwExpect(page.locator('ms-chat-turn:last-child ms-autosize-textarea')).toHaveCount(0);
    await pwExpect(page.locator(S.answer).last()).toHaveText('Bold and code');
  });

  it('stops a stalled run too', async () => {
    await open();
    sim.setScenario({ name: 'stall' });
    await page.locator(S.prompt).fill('hang please');
    const index = sim.runs.length;
    await page.locator(S.run).click();
    await sim.waitForRun(index);
    await pwExpect(page.locator(S.stop)).toBeVisible();
    await page.waitForTimeout(300);
    expect(sim.runs.at(-1)?.outcome).toBe('pending');
    await page.locator(S.stop).click();
    expect((await sim.waitForOutcome(index)).outcome).toBe('aborted');
  });

  it('keeps New chat disabled on an empty new chat, then asks "Discard and continue"', async () => {
    await open();
    await pwExpect(page.locator(S.newChat)).toBeDisabled();
    await page.locator(S.prompt).fill('first message');
    await page.locator(S.run).click();
    await pwExpect(page.locator(S.edit)).toBeVisible();
    await pwExpect(page.locator(S.newChat)).toBeEnabled();
    await page.locator(S.newChat).click();
    await pwExpect(page.locator(S.dialog)).toBeVisible();
    // The dialog's backdrop blocks the page: a click on the prompt cannot get through.
    await pwExpect(page.locator(S.backdrop)).toBeVisible();
    await pwExpect(page.locator(S.prompt).click({ timeout: 500 })).rejects.toThrow(/intercepts pointer events/);
    await page.locator(S.discard).click();
    await pwExpect(page.locator(S.dialog)).toBeHidden();
    await pwExpect(page.locator('ms-chat-turn')).toHaveCount(0);
    expect(new URL(page.url()).pathname).toBe('/prompts/new_chat');
    await pwExpect(page.locator(S.newChat)).toBeDisabled();
  });

  it('shows the quota callout and an error toast when the RPC answers 429', async () => {
    await open();
    await page.locator(S.prompt).fill('[[sim:quota]] hi');
    await page.locator(S.run).click();
    await pwExpect(page.locator(S.quota)).toContainText(/user has exceeded quota/i);
    await pwExpect(page.locator(S.toast)).toBeVisible();
    expect(sim.runs.at(-1)?.outcome).toBe('quota');
    await pwExpect(page.locator(S.run)).toBeDisabled();
  });

  it('shows an internal error when the stream dies mid-way, keeping the partial answer', async () => {
    await open();
    await page.locator(S.prompt).fill('[[sim:fail-mid after=3]] tell me a story');
    const ran = sim.runs.length;
    await page.locator(S.run).click();
    await pwExpect(page.locator('ms-callout.error-callout .message')).toHaveText('An internal error has occurred.');
    const record = await sim.waitForOutcome(ran);
    expect(record.outcome).toBe('failed');
    await pwExpect(page.locator(S.answer).last()).toHaveText(record.sentAnswer.trim());
  });

  it('renders thoughts inside ms-thought-chunk and native calls in ms-function-call-chunk', async () => {
    await open();
    await page.locator(S.prompt).fill('[[sim:thinking thoughts="Considering the tides."]] why tides');
    const thinking = sim.runs.length;
    await page.locator(S.run).click();
    const record = await sim.waitForOutcome(thinking);
    await pwExpect(page.locator(S.edit)).toBeVisible();
    await pwExpect(page.locator('ms-thought-chunk .mat-expansion-panel-body')).toHaveText('Considering the tides.', {
      useInnerText: false,
    });
    const final = page.locator('ms-cmark-node.cmark-node:not(ms-thought-chunk .mat-expansion-panel-body)').last();
    await pwExpect(final).toHaveText(record.answer);

    await page.locator(S.prompt).fill('[[sim:function-call name=get_time args=\'{"zone":"UTC","precise":true}\']]');
    const calling = sim.runs.length;
    await page.locator(S.run).click();
    await sim.waitForOutcome(calling);
    const call = page.locator('ms-function-call-chunk ms-code-block[icon="function"]');
    await pwExpect(call).toHaveCount(1);
    await pwExpect(call.locator('mat-panel-title span:not(.material-symbols-outlined)')).toHaveText('get_time');
    expect(JSON.parse(await call.locator('pre code').innerText())).toEqual({ zone: 'UTC', precise: true });
    // History carries the earlier turns back to the RPC.
    expect(sim.runs.at(-1)?.request.history.map((t) => t.role)).toEqual(['user', 'model']);
  });

  it('blocks clicks behind a consent dialog until it is dismissed (dialog scenario)', async () => {
    sim.setScenario({ name: 'dialog' });
    await open();
    await pwExpect(page.locator(S.backdrop)).toBeVisible();
    await pwExpect(page.locator(S.prompt).click({ timeout: 500 })).rejects.toThrow(/intercepts pointer events/);
    // Even a script's click (no hit-testing) cannot start a run while the dialog is up.
    await page.locator(S.prompt).fill('too early');
    await page.locator(S.run).evaluate((b: HTMLButtonElement) => b.click());
    await sim.waitForEvent((e) => e.type === 'ui' && e.action === 'run-blocked');
    expect(sim.runs.filter((r) => r.request.prompt === 'too early')).toHaveLength(0);
    await page.keyboard.press('Escape');
    await pwExpect(page.locator(S.backdrop)).toBeHidden();
    await page.locator(S.prompt).fill('now it works');
    const ran = sim.runs.length;
    await page.locator(S.run).click();
    expect((await sim.waitForOutcome(ran)).outcome).toBe('completed');
    await sim.waitForEvent((e) => e.type === 'ui' && e.action === 'dialog-dismissed');
  });

  it('delays the page load in the slow-load scenario', async () => {
    sim.setScenario({ name: 'slow-load', delayMs: 800 });
    const started = Date.now();
    await open();
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });
});
