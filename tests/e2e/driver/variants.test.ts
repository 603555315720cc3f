/**
 * The page driver against each 2026 variant of the simulated page (sim/site/page/variant.ts): what
 * the job asked for is what the simulated page recorded at Run time, and the page's own verdicts
 * become the right error codes. One browser; each test picks its variant for the next page load.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PageVariant } from '../../../sim/site/server.ts';
import {
  request,
  openVariant as openVariantIn,
  runAcrossReloads,
  startDriver,
  terminal,
  textOf,
  type Driver,
} from '../harness/driver/fixture.ts';

let d: Driver;

beforeAll(async () => {
  d = await startDriver();
});
afterEach(() => {
  d.sim.setScenario(null);
  d.sim.setPage(null);
});
afterAll(async () => {
  await d?.close();
});

const openVariant = (variant: PageVariant, path?: string): Promise<void> => openVariantIn(d, variant, path);

const logsOf = (jobId: string) => d.page.evaluate((id) => window.__driver.logs[id] ?? [], jobId);
const settings = { temperature: 0.3, topP: 0.55, maxOutputTokens: 1234, stopSequences: ['END', 'STOP'] };

describe('page driver on the 2026 page variants', () => {
  it('narrow: opens the run-settings panel via its toggle, switches the model by URL, sets everything', async () => {
    await openVariant({ narrow: true });
    expect(await d.page.evaluate(() => window.__driver.health())).toMatchObject({ ok: true, missing: [] });
    const req = request('narrow check', { model: 'gemini-2.5-flash', systemInstruction: 'Be terse.', settings });
    const events = await runAcrossReloads(d, 'n-1', req);
    expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'stop' });
    const run = d.sim.runs.at(-1)!;
    expect(run.request).toMatchObject({ model: 'gemini-2.5-flash', systemInstruction: 'Be terse.', ...settings });
    expect(textOf(events)).toBe(run.answer);
    expect(new URL(d.page.url()).searchParams.get('model')).toBe('gemini-2.5-flash');
    expect(await logsOf('n-1')).toContainEqual(['panel', 'opened']);
  });

  it('model switch keeps the /u/<n>/ account prefix; an unknown model fails naming it', async () => {
    await openVariant({}, '/u/1/prompts/new_chat');
    const events = await runAcrossReloads(d, 'u-1', request('account check', { model: 'gemini-2.5-flash-lite' }));
    expect(terminal(events)?.kind).toBe('done');
    expect(d.sim.runs.at(-1)!.request.model).toBe('gemini-2.5-flash-lite');
    expect(new URL(d.page.url()).pathname).toMatch(/^\/u\/1\/prompts\//);
    // The preference is written too, as the fallback for a page that ignores ?model=.
    expect(
      await d.page.evaluate(() => JSON.parse(localStorage.getItem('aiStudioUserPreference') ?? '{}').promptModel),
    ).toBe('models/gemini-2.5-flash-lite');
    const bad = await runAcrossReloads(d, 'u-2', request('no such model', { model: 'gemini-does-not-exist' }));
    expect(terminal(bad)).toMatchObject({
      kind: 'error',
      code: 'bad_request',
      message: expect.stringContaining('gemini-does-not-exist'),
    });
  });

  it('decimal inputs and the chip input: settings reach the run', async () => {
    await openVariant({ decimalInputs: true, chipInput: true });
    const events = await runAcrossReloads(d, 'dc-1', request('decimal check', { settings }));
    expect(terminal(events)?.kind).toBe('done');
    expect(d.sim.runs.at(-1)!.request).toMatchObject(settings);
    // Only the difference is touched on the next job.
    const again = await runAcrossReloads(
      d,
      'dc-2',
      request('decimal again', { settings: { ...settings, temperature: 1.25, stopSequences: ['END', 'HALT'] } }),
    );
    expect(terminal(again)?.kind).toBe('done');
    expect(d.sim.runs.at(-1)!.request).toMatchObject({ temperature: 1.25, topP: 0.55, stopSequences: ['END', 'HALT'] });
    expect(await logsOf('dc-2')).toContainEqual(['stop', ['-STOP', '+HALT']]);
  });

  it('system-instructions dialog: set, then closed so Run works', async () => {
    await openVariant({ systemDialog: true });
    const events = await runAcrossReloads(
      d,
      'sd-1',
      request('dialog check', { systemInstruction: 'Answer in French.' }),
    );
    expect(terminal(events)?.kind).toBe('done');
    expect(d.sim.runs.at(-1)!.request.systemInstruction).toBe('Answer in French.');
    expect(await d.page.locator('mat-dialog-container').count()).toBe(0);
  });

  it('Stop button variant: the tab stays healthy while ms-stop-button replaces Run, and cancel clicks it', async () => {
    await openVariant({ stopButton: true });
    const before = d.sim.runs.length;
    await d.start('sb-1', request('[[sim:long chunks=200 intervalMs=50]] a long story'));
    await d.page.waitForFunction(() => (window.__driver.events['sb-1'] ?? []).some((e) => e.event.kind === 'text'));
    expect(await d.page.locator('ms-run-button').count()).toBe(0);
    expect(await d.page.evaluate(() => window.__driver.health())).toMatchObject({ ok: true });
    await d.cancel('sb-1');
    expect((await d.sim.waitForOutcome(before, 5_000)).outcome).toBe('aborted');
    expect(terminal(await d.finish('sb-1'))).toMatchObject({ kind: 'error', code: 'cancelled' });
    const next = await runAcrossReloads(d, 'sb-2', request('after stop'));
    expect(terminal(next)?.kind).toBe('done');
  });

  it('starts a new chat by navigation when the New chat button is gone while turns exist', async () => {
    await openVariant({});
    expect(terminal(await runAcrossReloads(d, 'nc-1', request('first turn')))?.kind).toBe('done');
    await d.page.evaluate(() => document.querySelector('button[data-test-clear="outside"]')?.remove());
    const events = await runAcrossReloads(d, 'nc-2', request('fresh chat please'));
    expect(terminal(events)?.kind).toBe('done');
    const run = d.sim.runs.at(-1)!;
    expect(run.request.history).toEqual([]);
    expect(run.request.prompt).toBe('fresh chat please');
  });
});
