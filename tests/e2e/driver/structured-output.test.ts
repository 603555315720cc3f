/**
 * The page driver's Structured output action against the simulated page: the switch and the
 * schema editor on a Chinese page whose tools section starts collapsed, the page's own refusal of
 * a schema (a clear job error quoting it), and the bridge's JSON hint removed from the system
 * instructions only where the page's setting holds the answer.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobEvent, JobRequest } from '../../../protocol/job.ts';
import {
  openVariant,
  request,
  runAcrossReloads,
  startDriver,
  terminal,
  type Driver,
} from '../harness/driver/fixture.ts';

let d: Driver;
beforeAll(async () => {
  d = await startDriver();
});
afterEach(() => {
  d.sim.setPage(null);
  d.sim.setScenario(null);
});
afterAll(async () => {
  await d?.close();
});

const HINT = 'Respond with a single valid JSON value only.';
const schema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  propertyOrdering: ['city'],
};
const asking = (prompt: string, model: string, wanted: Record<string, unknown> | null): JobRequest =>
  request(prompt, {
    model,
    systemInstruction: `Be brief.\n\n${HINT}`,
    settings: { structuredOutput: { schema: wanted, hint: HINT } },
  });
const started = (events: { event: JobEvent }[]) => events.map((e) => e.event).find((e) => e.kind === 'started');

it('switches Structured output on and types the schema on a Chinese page with collapsed tools', async () => {
  await openVariant(d, { lang: 'zh-CN', collapsedSections: true });
  const events = await runAcrossReloads(d, 'so-zh', asking('weather', 'gemini-2.5-flash', schema));
  expect(terminal(events)?.kind).toBe('done');
  expect(started(events)).toMatchObject({ structuredOutput: 'page' });
  const run = d.sim.runs.at(-1)!;
  expect(run.request.responseMimeType).toBe('application/json');
  expect(run.request.responseSchema).toEqual(schema);
  expect(run.request.systemInstruction).toBe('Be brief.');
  expect(JSON.parse(run.answer)).toEqual({ city: 'Paris' });

  // The same schema again is not saved a second time; a job without it switches the setting off.
  const saved = d.sim.events.filter((e) => e.type === 'ui' && e.action === 'schema-saved').length;
  await runAcrossReloads(d, 'so-zh-2', asking('again', 'gemini-2.5-flash', schema));
  expect(d.sim.events.filter((e) => e.type === 'ui' && e.action === 'schema-saved').length).toBe(saved);
  const plain = await runAcrossReloads(d, 'so-off', request('plain', { model: 'gemini-2.5-flash' }));
  expect(started(plain)).not.toHaveProperty('structuredOutput');
  expect(d.sim.runs.at(-1)!.request.responseMimeType).toBeNull();
});

it("a schema the page refuses is a bad_request job error quoting the page's words", async () => {
  await d.open();
  const events = await runAcrossReloads(
    d,
    'so-refused',
    asking('x', 'gemini-2.5-flash', { type: 'object', properties: { id: { type: 'string', pattern: '^a' } } }),
  );
  const end = terminal(events);
  expect(end).toMatchObject({ kind: 'error', code: 'bad_request' });
  expect(end?.kind === 'error' && end.message).toContain('AI Studio refused the structured output schema');
  expect(end?.kind === 'error' && end.message).toContain('"pattern"');
  // The page is left usable: the dialog is closed and the next job runs.
  const next = await runAcrossReloads(d, 'so-after', request('after', { model: 'gemini-2.5-flash' }));
  expect(terminal(next)?.kind).toBe('done');
});

it('a model without the switch keeps the hint in the system instructions and says hint', async () => {
  await d.open();
  // An image model answers text only when a scenario says so.
  d.sim.setScenario({ name: 'text', text: '{"ok":true}' });
  const events = await runAcrossReloads(d, 'so-hint', asking('say ok', 'gemini-2.5-flash-image', null));
  expect(terminal(events)?.kind).toBe('done');
  expect(started(events)).toMatchObject({ structuredOutput: 'hint' });
  const run = d.sim.runs.at(-1)!;
  expect(run.request.responseMimeType).toBeNull();
  expect(run.request.systemInstruction).toBe(`Be brief.\n\n${HINT}`);
});
