/**
 * The page driver against the simulated AI Studio: the real tap and job runner injected into
 * the page (no service worker), assertions on what the simulated page actually sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startDriver, terminal, textOf, type Driver } from '../harness/driver/fixture.ts';

let d: Driver;

beforeAll(async () => {
  d = await startDriver();
});

afterAll(async () => {
  await d?.close();
});

describe('page driver on the simulated AI Studio', () => {
  it('resolves every required selector and keeps expected counts on the simulated page', async () => {
    await d.open();
    expect(await d.page.evaluate(() => window.__driver.health())).toMatchObject({ ok: true, missing: [] });
    const counts = (await d.page.evaluate(() => window.__driver.selectors())) as { name: string; ok: boolean }[];
    expect(counts.filter((c) => !c.ok).map((c) => c.name)).toEqual([]);
  });

  it('keeps the tap channel private: no node in the DOM, forged records are ignored', async () => {
    await d.open();
    const before = await d.page.evaluate(() => window.__driver.records.length);
    const leaked = await d.page.evaluate(() => {
      const forged = JSON.stringify({ nonce: 'x'.repeat(32), record: { t: 'rpc.text', rpc: 1, text: 'forged' } });
      document.dispatchEvent(new CustomEvent('aistudio-bridge:record', { detail: forged }));
      // Asking for a new offer after the claim must not hand the channel out again.
      let offered = false;
      document.addEventListener('aistudio-bridge:offer', () => (offered = true));
      document.dispatchEvent(new CustomEvent('aistudio-bridge:ask'));
      return { node: document.querySelector('aistudio-bridge-channel') !== null, offered };
    });
    expect(leaked).toEqual({ node: false, offered: false });
    expect(await d.page.evaluate(() => window.__driver.records.length)).toBe(before);
  });

  it('streams the answer from the network tap and ends with done', async () => {
    await d.open();
    await d.start('j-echo', request('Hello there, driver'));
    const events = await d.finish('j-echo');
    const run = await d.sim.waitForOutcome(d.sim.runs.length - 1);
    expect(events[0]?.event).toMatchObject({ kind: 'started' });
    expect(textOf(events)).toBe(run.answer);
    expect(run.request.prompt).toBe('Hello there, driver');
    expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'stop' });
    expect(run.request.temporaryChat).toBe(true);
    // Dispatch latency on an unchanged page: job start → GenerateContent seen (bench target < 100 ms).
    const times = await d.page.evaluate(() => window.__driver.times['j-echo'] ?? []);
    expect(times.find(([step]) => step === 'started')?.[1]).toBeLessThan(1_000);
  });

  it('delivers system instructions and settings, and touches only what differs', async () => {
    await d.open();
    const settings = { temperature: 0.3, topP: 0.55, maxOutputTokens: 1234, stopSequences: ['END', 'STOP'] };
    const req = request('settings check', { systemInstruction: 'Be terse.', settings });
    await d.start('j-set', req);
    // The first job with settings reloads once to open the settings panels (docs/aistudio-page.md#urls-and-storage).
    let events = await finishAcrossReload(d, 'j-set', req);
    expect(terminal(events)?.kind).toBe('done');
    let run = d.sim.runs.at(-1)!;
    expect(run.request).toMatchObject({
      systemInstruction: 'Be terse.',
      temperature: 0.3,
      topP: 0.55,
      maxOutputTokens: 1234,
      stopSequences: ['END', 'STOP'],
    });

    // Same settings again: nothing to change; one chip differs: only it is touched.
    await d.start('j-set2', { ...req, settings: { ...settings, stopSequences: ['END', 'HALT'] } });
    events = await d.finish('j-set2');
    expect(terminal(events)?.kind).toBe('done');
    run = d.sim.runs.at(-1)!;
    expect(run.request).toMatchObject({
      temperature: 0.3,
      topP: 0.55,
      maxOutputTokens: 1234,
      stopSequences: ['END', 'HALT'],
    });
    const logs = await d.page.evaluate(() => window.__driver.logs['j-set2']);
    expect(logs).toContainEqual(['settings', []]);
    expect(logs).toContainEqual(['stop', ['-STOP', '+HALT']]);
  });

  it('switches the model through the preference and a reload, then runs the same job', async () => {
    await d.open();
    const models = await d.page.evaluate(() => window.__driver.records.filter((r) => r.t === 'models'));
    expect(models.length).toBeGreaterThan(0);
    const current = await d.page.locator('[data-test-id="model-name"]').first().innerText();
    const list = models[0]?.t === 'models' ? models[0].models : [];
    const other = list.find((m) => m.id !== current.trim());
    expect(other).toBeDefined();
    const req = request('which model?', { model: other!.id });
    await d.start('j-model', req);
    const events = await finishAcrossReload(d, 'j-model', req);
    expect(terminal(events)?.kind).toBe('done');
    expect(d.sim.runs.at(-1)!.request.model).toBe(other!.id);
  });

  it('reports an unknown model as bad_request after one reload', async () => {
    await d.open();
    const req = request('no such model', { model: 'gemini-does-not-exist' });
    await d.start('j-bad', req);
    const events = await finishAcrossReload(d, 'j-bad', req);
    expect(terminal(events)).toMatchObject({ kind: 'error', code: 'bad_request' });
  });

  it('cancel clicks Stop: the simulated run aborts within 1 s and the job ends cancelled', async () => {
    await d.open();
    const before = d.sim.runs.length;
    await d.start('j-stop', request('[[sim:long chunks=200 intervalMs=50]] tell me a long story'));
    await d.page.waitForFunction(() => (window.__driver.events['j-stop'] ?? []).some((e) => e.event.kind === 'text'));
    const cancelledAt = Date.now();
    await d.cancel('j-stop');
    const run = await d.sim.waitForOutcome(before, 5_000);
    expect(run.outcome).toBe('aborted');
    expect(run.abortedAt! - cancelledAt).toBeLessThan(1_000);
    const events = await d.finish('j-stop');
    expect(terminal(events)).toMatchObject({ kind: 'error', code: 'cancelled' });
  });

  it('turns the quota scenario into quota_exceeded with the page message', async () => {
    await d.open();
    await d.start('j-quota', request('[[sim:quota]] hi'));
    const events = await d.finish('j-quota');
    const shown = await d.page.locator('ms-callout.error-callout .message').last().innerText();
    expect(terminal(events)).toEqual({ kind: 'error', code: 'quota_exceeded', message: shown.trim() });
  });

  it('dismisses a blocking dialog and still succeeds', async () => {
    await d.open();
    await d.start('j-dialog', request('[[sim:dialog]] are you there?'));
    const events = await d.finish('j-dialog');
    expect(terminal(events)?.kind).toBe('done');
    expect(textOf(events)).toBe(d.sim.runs.at(-1)!.answer);
    const logs = await d.page.evaluate(() => window.__driver.logs['j-dialog'] ?? []);
    expect(logs.filter(([step]) => step.startsWith('overlays')).flatMap(([, what]) => what as string[])).toContain(
      'consent:Agree',
    );
    await d.sim.waitForEvent((e) => e.type === 'ui' && e.action === 'dialog-dismissed', 2_000);
  });

  it('reports thoughts and function calls from the wire', async () => {
    await d.open();
    await d.start('j-think', request('[[sim:thinking]] why is the sky blue?'));
    let events = await d.finish('j-think');
    const run = d.sim.runs.at(-1)!;
    const thoughts = events.flatMap((e) => (e.event.kind === 'thought' ? [e.event.text] : [])).join('');
    expect(thoughts).toBe(run.thoughts);
    expect(textOf(events)).toBe(run.answer);

    await d.start(
      'j-call',
      request('[[sim:function-call name=get_weather args={"city":"Paris","days":3,"opts":{"metric":true}}]] weather?'),
    );
    events = await d.finish('j-call');
    const calls = events.flatMap((e) => (e.event.kind === 'tool_call' ? [e.event] : []));
    expect(calls).toEqual([
      {
        kind: 'tool_call',
        name: 'get_weather',
        arguments: JSON.stringify({ city: 'Paris', days: 3, opts: { metric: true } }),
      },
    ]);
    expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'tool_calls' });
  });

  it('ends a mid-stream failure with an error event', async () => {
    await d.open();
    await d.start('j-fail', request('[[sim:fail-mid after=2]] break please'));
    const events = await d.finish('j-fail');
    expect(terminal(events)).toMatchObject({ kind: 'error', code: 'network_error' });
  });
});

/** Like the service worker: when the runner reports job.navigating, re-send the job after the reload. */
async function finishAcrossReload(driver: Driver, jobId: string, req: Parameters<Driver['start']>[1]) {
  const outcome = await Promise.race([
    driver.page.waitForEvent('load', { timeout: 20_000 }).then(() => 'navigated' as const),
    driver.finish(jobId, 20_000).then(() => 'finished' as const),
  ]);
  if (outcome === 'navigated') {
    await driver.page.waitForLoadState('domcontentloaded');
    await driver.page.waitForFunction(() => window.__driver?.tapConnected() === true);
    await driver.start(jobId, req);
  }
  return driver.finish(jobId);
}
