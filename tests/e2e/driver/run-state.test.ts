/**
 * Run state from the network, controls in collapsed sections, step traces: the real tap and job
 * runner against page variants nobody described to the driver (sim/page/variant.ts `spinner-run`,
 * `collapsed`) and against every other variant. What counts is what the simulated page recorded:
 * the request of a cancelled run ended (RunRecord.abortedAt) and the next request was answered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseVariant, VARIANT_WORDS } from '../../../sim/site/page/variant.ts';
import type { PageVariant } from '../../../sim/site/server.ts';
import {
  openVariant,
  request,
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

const traceOf = (jobId: string) => d.page.evaluate((id) => window.__driver.traces[id], jobId);
const LONG = '[[sim:long chunks=400 intervalMs=50]] tell me a long story';

/** Start a long run, cancel it once text streams; returns the sim's record of the page's request. */
async function cancelMidRun(jobId: string) {
  const before = d.sim.runs.length;
  await d.start(jobId, request(LONG));
  await d.page.waitForFunction((id) => (window.__driver.events[id] ?? []).some((e) => e.event.kind === 'text'), jobId, {
    timeout: 20_000,
  });
  const cancelledAt = Date.now();
  await d.cancel(jobId);
  const run = await d.sim.waitForOutcome(before, 10_000);
  return { run, cancelledAt };
}

/** The next job on the same tab (after a reload the runner is back once the tap connects). */
async function nextJob(jobId: string, prompt = 'and now something short') {
  await d.page.waitForFunction(() => window.__driver?.tapConnected() === true, undefined, { timeout: 20_000 });
  const before = d.sim.runs.length;
  await d.start(jobId, request(prompt));
  const events = await d.finish(jobId, 30_000);
  return { events, run: d.sim.runs[before] };
}

describe('run state from the network tap', () => {
  it('spinner-run: a Run button that only gains a spinner is pressed to stop; the request ends within 2 s', async () => {
    await openVariant(d, { spinnerRun: true });
    const { run, cancelledAt } = await cancelMidRun('sp-1');
    expect(run.outcome).toBe('aborted');
    expect(run.abortedAt! - cancelledAt).toBeLessThan(2_000);
    // The page's request ended before the run's natural end: far fewer records went out than 400.
    expect(run.sentAnswer.length).toBeLessThan(run.answer.length);
    expect(terminal(await d.finish('sp-1'))).toMatchObject({ kind: 'error', code: 'cancelled' });
    const cancel = (await traceOf('sp-1'))?.steps.find((s) => s.action === 'cancel');
    expect(cancel).toMatchObject({ outcome: 'ok', detail: 'stopped' });

    // New chat stays enabled but does nothing during a run on this layout: the next job still works.
    const next = await nextJob('sp-2');
    expect(terminal(next.events)).toMatchObject({ kind: 'done' });
    expect(textOf(next.events)).toBe(next.run?.answer);
    expect(next.run?.request.history).toEqual([]);
  });

  it('leaves the chat by navigation when pressing Stop does not end the request', async () => {
    await openVariant(d, { spinnerRun: true });
    // A page whose Run button ignores clicks during a run (a layout nobody described either).
    await d.page.evaluate(() =>
      document.addEventListener(
        'click',
        (e) => {
          const t = e.target as Element | null;
          if (t?.closest('ms-run-button button.running')) e.stopImmediatePropagation();
        },
        true,
      ),
    );
    const { run, cancelledAt } = await cancelMidRun('nav-1');
    expect(run.outcome).toBe('aborted');
    // 2 s of waiting for the tap, then the navigation ends the request with the page.
    expect(run.abortedAt! - cancelledAt).toBeLessThan(4_000);
    await d.page.waitForLoadState('domcontentloaded');
    const next = await nextJob('nav-2');
    expect(terminal(next.events)).toMatchObject({ kind: 'done' });
  });

  const words = VARIANT_WORDS.filter((w) => !w.includes('='));
  it.each(words)(
    'variant %s: a cancel ends the page request within 2 s and the next request succeeds',
    async (word) => {
      const variant: PageVariant = parseVariant(word);
      await openVariant(d, variant);
      const { run, cancelledAt } = await cancelMidRun(`v-${word}-1`);
      expect(run.outcome).toBe('aborted');
      expect(run.abortedAt! - cancelledAt).toBeLessThan(2_000);
      const next = await nextJob(`v-${word}-2`);
      expect(terminal(next.events)).toMatchObject({ kind: 'done' });
      expect(textOf(next.events)).toBe(next.run?.answer);
    },
  );
});

describe('controls inside collapsed sections', () => {
  it('collapsed: top-P, output length and stop sequences reach the page although the section starts closed', async () => {
    await openVariant(d, { collapsedSections: true });
    // The stored preference is ignored by this layout: the section is collapsed and its controls absent.
    expect(await d.page.locator('mat-expansion-panel-header[aria-expanded="false"]').count()).toBe(1);
    expect(await d.page.locator('input[aria-label="Maximum output tokens"]').count()).toBe(0);
    const settings = { topP: 0.55, maxOutputTokens: 1234, stopSequences: ['END'] };
    const before = d.sim.runs.length;
    // The runner may reload once to write the panel preferences; the page ignores them anyway.
    const events = await runAcrossReloads(d, 'col-1', request('collapsed check', { settings }));
    expect(terminal(events)).toMatchObject({ kind: 'done' });
    expect(d.sim.runs[before]?.request).toMatchObject(settings);
    const steps = (await traceOf('col-1'))?.steps ?? [];
    expect(steps).toContainEqual(expect.objectContaining({ action: 'settings', key: 'topPInput', outcome: 'ok' }));
  });

  it('a control that is not there after expanding fails naming the step and the key', async () => {
    await openVariant(d, { collapsedSections: true });
    // The preferences the runner writes are already there, so it does not reload (this layout
    // ignores them anyway); then force the failure: this page's advanced section has no top-P.
    await d.page.evaluate(() => {
      const header = document.querySelector<HTMLElement>('mat-expansion-panel-header');
      header?.click();
      for (const el of document.querySelectorAll('ms-slider')) if (el.querySelector('input[max="1"]')) el.remove();
      header?.click();
      localStorage.setItem('aiStudioUserPreference', JSON.stringify({ isAdvancedOpen: true, areToolsOpen: true }));
    });
    await d.start('col-2', request('no top p', { settings: { topP: 0.5 } }));
    const events = await d.finish('col-2');
    expect(await d.page.locator('mat-expansion-panel-header[aria-expanded="true"]').count()).toBe(1);
    const end = terminal(events);
    expect(end).toMatchObject({ kind: 'error', code: 'page_not_ready' });
    expect(end?.kind === 'error' && end.message).toContain('"topPInput" not found (also after expanding');
    const trace = await traceOf('col-2');
    expect(trace?.step).toBe('settings');
    expect(trace?.steps.at(-1)).toMatchObject({ action: 'settings', key: 'topPInput', outcome: 'failed' });
    // Steps carry selector keys, candidates, durations and outcomes, never the prompt.
    expect(JSON.stringify(trace)).not.toContain('no top p');
    expect(trace?.steps.find((s) => s.action === 'prompt')).toBeUndefined();
    expect(trace?.steps.find((s) => s.action === 'ready')).toMatchObject({ key: 'promptTextarea', outcome: 'ok' });
    expect(typeof trace?.steps.find((s) => s.action === 'ready')?.candidate).toBe('number');
  });
});
