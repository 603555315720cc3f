/**
 * Without network records (tap missing or broken), the runner still completes the job by
 * reading the answer from the last model turn once the page stops generating.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request, startDriver, terminal, textOf, type Driver } from '../harness/driver/fixture.ts';

let d: Driver;

beforeAll(async () => {
  d = await startDriver({ tap: false });
});

afterAll(async () => {
  await d?.close();
});

it('falls back to the raw Markdown of the last turn (Edit button) when the tap reports nothing', async () => {
  await d.open();
  await d.start('j-dom', request('[[sim:text text="A **bold** answer from the page."]] hi'), { networkGraceMs: 300 });
  const events = await d.finish('j-dom');
  const run = await d.sim.waitForOutcome(d.sim.runs.length - 1);
  expect(events.map((e) => e.event.kind)).toEqual(['started', 'text', 'done']);
  expect(textOf(events)).toBe(run.answer);
  expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'stop' });
});

it('still reports quota from the page when the network is not visible', async () => {
  await d.open();
  await d.start('j-dom-quota', request('[[sim:quota]] hi'), { networkGraceMs: 300 });
  const events = await d.finish('j-dom-quota');
  expect(terminal(events)).toMatchObject({ kind: 'error', code: 'quota_exceeded' });
});
