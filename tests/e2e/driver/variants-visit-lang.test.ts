/**
 * The page driver against each 2026 variant of the simulated page (sim/site/page/variant.ts): what
 * the job asked for is what the simulated page recorded at Run time, and the page's own verdicts
 * become the right error codes. One browser; each test picks its variant for the next page load.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_2026, type PageVariant } from '../../../sim/site/server.ts';
import {
  request,
  openVariant as openVariantIn,
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
  d.sim.setScenario(null);
  d.sim.setPage(null);
});
afterAll(async () => {
  await d?.close();
});

const openVariant = (variant: PageVariant, path?: string): Promise<void> => openVariantIn(d, variant, path);

const logsOf = (jobId: string) => d.page.evaluate((id) => window.__driver.logs[id] ?? [], jobId);
const settings = { temperature: 0.3, topP: 0.55, maxOutputTokens: 1234, stopSequences: ['END', 'STOP'] };

describe('page driver on the 2026 page variants: overlays, errors, menus, Chinese', () => {
  it('first-visit overlays are dismissed ("Got it", "Skip preference vote") and their flags pre-set', async () => {
    await openVariant({ firstVisit: true });
    const first = await runAcrossReloads(d, 'fv-1', request('first visit'));
    expect(terminal(first)?.kind).toBe('done');
    const dismissed = (await logsOf('fv-1'))
      .filter(([step]) => step === 'overlays')
      .flatMap(([, what]) => what as string[]);
    expect(dismissed).toContain('consent:Got it');
    expect(
      await d.page.evaluate(() =>
        ['warmWelcomeDisplayed', 'fileCopyrightAcknowledged', 'hasShownSearchGroundingTos'].map((k) =>
          localStorage.getItem(k),
        ),
      ),
    ).toEqual(['true', 'true', 'true']);
    // The vote that followed the first answer blocks Run until skipped.
    const second = await runAcrossReloads(d, 'fv-2', request('second visit'));
    expect(terminal(second)?.kind).toBe('done');
    await d.sim.waitForEvent((e) => e.type === 'ui' && e.action === 'vote-skipped', 2_000);
    // Next load: no welcome at all.
    await d.open();
    expect(await d.page.locator('mat-dialog-container').count()).toBe(0);
  });

  it('rate-limit callout → quota_exceeded with the page text; "Request is too large" → request_too_large', async () => {
    await openVariant({ rateLimitText: true, maxPromptChars: 200 });
    const quota = await runAcrossReloads(d, 'rl-1', request('[[sim:quota]] hi'));
    expect(terminal(quota)).toEqual({
      kind: 'error',
      code: 'quota_exceeded',
      message: "You've reached your rate limit. Please try again later.",
    });
    const before = d.sim.runs.length;
    const large = await runAcrossReloads(d, 'rl-2', request('x'.repeat(500)));
    expect(terminal(large)).toEqual({
      kind: 'error',
      code: 'request_too_large',
      message: 'Request is too large. Please try smaller requests.',
    });
    expect(d.sim.runs.length).toBe(before);
  });

  it('menu-only temporary chat and "Upload files": the run is temporary and carries the file', async () => {
    await openVariant({ menuTemporary: true, uploadFiles: true });
    const data = Buffer.from('hello file').toString('base64');
    const events = await runAcrossReloads(
      d,
      'mu-1',
      request('with a file', { attachments: [{ name: 'a.txt', mimeType: 'text/plain', data }] }),
    );
    expect(terminal(events)?.kind).toBe('done');
    const run = d.sim.runs.at(-1)!;
    expect(run.request.temporaryChat).toBe(true);
    expect(run.request.attachments).toEqual([{ mimeType: 'text/plain', data }]);
  });

  it("Chinese labels on today's layout: tools, thinking budget, search, stop chips, attachments and a confirmed new chat", async () => {
    await openVariant({ lang: 'zh-CN' });
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const data = Buffer.from('你好，文件').toString('base64');
    const first = request('[[sim:function-call]] 巴黎天气？', {
      model: 'gemini-2.5-flash',
      tools,
      attachments: [{ name: 'note.txt', mimeType: 'text/plain', data }],
      settings: { thinking: { mode: 'budget', budget: 2048 }, stopSequences: ['END', 'STOP'] },
    });
    expect(terminal(await runAcrossReloads(d, 'zt-1', first))).toMatchObject({
      kind: 'done',
      finishReason: 'tool_calls',
    });
    let run = d.sim.runs.at(-1)!;
    expect(run.request).toMatchObject({
      model: 'gemini-2.5-flash',
      stopSequences: ['END', 'STOP'],
      attachments: [{ mimeType: 'text/plain', data }],
    });
    expect(run.request.thinking).toMatchObject({ includeThoughts: true, budget: 2048 });
    expect(run.request.tools.functionDeclarations).toEqual(tools);
    // The next job confirms "舍弃并继续", removes a chip by its "移除 …" label and switches tools.
    const second = request('第二个问题', {
      model: 'gemini-2.5-flash',
      settings: { thinking: { mode: 'off' }, stopSequences: ['END'], googleSearch: true, urlContext: true },
    });
    expect(terminal(await runAcrossReloads(d, 'zt-2', second))?.kind).toBe('done');
    run = d.sim.runs.at(-1)!;
    expect(run.request.history).toEqual([]);
    expect(run.request).toMatchObject({
      stopSequences: ['END'],
      tools: { functionDeclarations: null, googleSearch: true, urlContext: true },
      temporaryChat: true,
    });
    expect(run.request.thinking).toMatchObject({ includeThoughts: false });
  });

  it('Chinese 2026 page, narrow: the same job succeeds with every label in Chinese', async () => {
    await openVariant({ ...PAGE_2026, narrow: true, lang: 'zh-CN' });
    const req = request('中文页面', {
      model: 'gemini-3-flash-preview',
      systemInstruction: '简洁回答。',
      settings: { ...settings, thinking: { mode: 'level', level: 'low' } },
    });
    const events = await runAcrossReloads(d, 'zh-1', req);
    expect(terminal(events)).toMatchObject({ kind: 'done', finishReason: 'stop' });
    const run = d.sim.runs.at(-1)!;
    expect(run.request).toMatchObject({
      model: 'gemini-3-flash-preview',
      systemInstruction: '简洁回答。',
      temporaryChat: true,
      ...settings,
    });
    expect(run.request.thinking?.level).toBe('low');
    expect(await d.page.locator('ms-run-button button[aria-label="运行"]').count()).toBe(1);
  });
});
