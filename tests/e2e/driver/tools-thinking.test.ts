/**
 * The extras: thinking controls, search / URL-context toggles and function declarations reach
 * the simulated page's request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobRequest } from '../../../protocol/job.ts';
import { request, startDriver, terminal, type Driver } from '../harness/driver/fixture.ts';

let d: Driver;

beforeAll(async () => {
  d = await startDriver();
});

afterAll(async () => {
  await d?.close();
});

/** Run a job the way the worker does: re-send it after a job.navigating reload. */
async function runAcrossReload(jobId: string, req: JobRequest) {
  await d.start(jobId, req);
  const outcome = await Promise.race([
    d.page.waitForEvent('load', { timeout: 20_000 }).then(() => 'navigated' as const),
    d.finish(jobId, 20_000).then(() => 'finished' as const),
  ]);
  if (outcome === 'navigated') {
    await d.page.waitForFunction(() => window.__driver?.tapConnected() === true);
    await d.start(jobId, req);
  }
  return d.finish(jobId);
}

it('sets a thinking budget and function declarations on gemini-2.5-flash', async () => {
  await d.open();
  const tools = [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ];
  const req = request('[[sim:function-call]] weather in Paris?', {
    model: 'gemini-2.5-flash',
    settings: { thinking: { mode: 'budget', budget: 2048 } },
    tools,
  });
  const events = await runAcrossReload('j-tools', req);
  expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'tool_calls' });
  const run = d.sim.runs.at(-1)!;
  expect(run.request.model).toBe('gemini-2.5-flash');
  expect(run.request.thinking).toMatchObject({ includeThoughts: true, budget: 2048 });
  expect(run.request.tools.functionDeclarations).toEqual(tools);
  expect(events.some((e) => e.event.kind === 'tool_call' && e.event.name === 'get_weather')).toBe(true);

  // Same declarations again: the dialog is not saved a second time; no tools → function calling off.
  const saved = d.sim.events.filter((e) => e.type === 'ui' && e.action === 'declarations-saved').length;
  await runAcrossReload('j-tools2', req);
  expect(d.sim.events.filter((e) => e.type === 'ui' && e.action === 'declarations-saved').length).toBe(saved);
  await runAcrossReload(
    'j-notools',
    request('plain again', {
      model: 'gemini-2.5-flash',
      settings: { thinking: { mode: 'off' }, googleSearch: true, urlContext: true },
    }),
  );
  const plain = d.sim.runs.at(-1)!;
  expect(plain.request.tools).toMatchObject({ functionDeclarations: null, googleSearch: true, urlContext: true });
  expect(plain.request.thinking).toMatchObject({ includeThoughts: false });
});

it('selects a thinking level on a Gemini 3 model', async () => {
  await d.open();
  const events = await runAcrossReload(
    'j-level',
    request('level please', {
      model: 'gemini-3-flash-preview',
      settings: { thinking: { mode: 'level', level: 'minimal' } },
    }),
  );
  expect(terminal(events)?.kind).toBe('done');
  expect(d.sim.runs.at(-1)!.request.thinking).toMatchObject({ level: 'minimal' });
});

it('uploads attachments through "Insert assets" → "Upload a file" and accepts the copyright dialog', async () => {
  await d.open();
  const data = Buffer.from('hello attachment').toString('base64');
  const events = await runAcrossReload(
    'j-files',
    request('what is in the file?', { attachments: [{ name: 'note.txt', mimeType: 'text/plain', data }] }),
  );
  expect(terminal(events)?.kind).toBe('done');
  expect(d.sim.runs.at(-1)!.request.attachments).toEqual([{ mimeType: 'text/plain', data }]);
  const logs = await d.page.evaluate(() => window.__driver.logs['j-files'] ?? []);
  expect(logs.find(([step]) => step === 'attachments')?.[1]).toContain('attached');
});
