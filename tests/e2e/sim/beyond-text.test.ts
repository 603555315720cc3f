// Beyond text in the simulated AI Studio: image models (draft images as thoughts, the final image
// with a signature), Structured output through the schema editor, Code execution parts, Search /
// URL context sources at candidate[7], the page's token count — on the wire (read here with
// JSON.parse, independently of sim/wire) and on the page, without prompt markers.

import { expect as pwExpect } from 'playwright/test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchFor, newContext, openPage, runAndWait, S } from '../harness/sim-page.ts';
import { startSim, type RunRecord, type Sim } from '../../../sim/site/server.ts';
import { gen, post } from '../../../sim/launch/wire-client.ts';

type Json = unknown[];
const frames = (body: string): Json[] => JSON.parse(body) as Json[];
const candidateOf = (f: Json): Json | undefined => (Array.isArray(f[0]) ? (f[0][0] as Json) : undefined);
const partsOf = (body: string): Json[] =>
  frames(body).flatMap((f) => {
    const c = candidateOf(f);
    return Array.isArray(c?.[0]) ? ((c[0] as Json)[0] as Json[]) : [];
  });

function pngSize(base64: string): { width: number; height: number } {
  const b = Buffer.from(base64, 'base64');
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('simulated AI Studio beyond text: wire', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ wire: '2026' });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists image models with the image capability, aspect ratios and output resolutions', async () => {
    const reply = await post(sim, 'ListModels', '[]');
    const entries = (JSON.parse(reply.body) as Json[][])[0] as Json[];
    const byId = new Map(entries.map((e) => [String(e[0]), e]));
    const pro = byId.get('models/gemini-3-pro-image-preview');
    expect(pro?.[64]).toContain(21);
    expect(pro?.[64]).toContain(49);
    expect(pro?.[75]).toContain(3); // 16:9
    expect(pro?.[76]).toEqual([1, 2, 3]); // 1K 2K 4K
    expect(byId.get('models/gemini-2.5-flash-image')?.[76]).toEqual([]);
    expect(byId.get('models/gemini-2.5-pro')?.[64]).not.toContain(21);
    expect(byId.get('models/gemini-2.5-pro')?.[64]).toEqual(expect.arrayContaining([9, 12, 13]));
  });

  it('answers an image model with a draft flagged as a thought, then the final image with a signature', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('a lighthouse at dusk', {
        model: 'gemini-3-pro-image-preview',
        thinking: null,
        responseModalities: ['IMAGE', 'TEXT'],
        imageConfig: { aspectRatio: '16:9', imageSize: '1K' },
      }),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const images = partsOf(reply.body).filter((p) => Array.isArray(p[2]));
    expect(images).toHaveLength(2);
    const [draft, final] = images as [Json, Json];
    expect(draft[12]).toBe(1);
    expect(final[12]).toBeNull();
    expect(final).toHaveLength(15);
    expect(typeof final[14]).toBe('string');
    const [mime, data] = final[2] as [string, string];
    expect(mime).toBe('image/png');
    expect(pngSize(data)).toEqual({ width: 1024, height: 576 });
    expect(run.images).toEqual([{ mimeType: 'image/png', data }]);
    expect(run.answer).toBe('');
    expect(run.request.imageConfig).toEqual({ aspectRatio: '16:9', imageSize: '1K' });
    // The usage counts the image in the output tokens.
    const usage = frames(reply.body).find((f) => Array.isArray(f[2]))?.[2] as number[];
    expect(usage[1]).toBeGreaterThanOrEqual(1290);
  });

  it('answers with noise of the asked size when a benchmark sets imageBytes', async () => {
    sim.setScenario({ name: 'echo', imageBytes: 300_000 });
    const reply = await post(sim, 'GenerateContent', gen('x', { model: 'gemini-2.5-flash-image', thinking: null }));
    sim.setScenario(null);
    const final = partsOf(reply.body).find((p) => Array.isArray(p[2]) && p[12] !== 1) as Json;
    const png = Buffer.from((final[2] as string[])[1] as string, 'base64');
    expect(png.length).toBeGreaterThan(300_000);
    expect(png.length).toBeLessThan(320_000);
  });

  it('puts Search and URL context sources at candidate[7], each sentence supported by byte range', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('Summarise https://example.org/tides.html for me', {
        tools: { googleSearch: true, urlContext: true, functionDeclarations: null },
      }),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const last = frames(reply.body)
      .filter((f) => candidateOf(f)?.[1] !== undefined)
      .at(-1) as Json;
    const meta = candidateOf(last)?.[7] as Json;
    const chunks = meta[1] as [[string, string, string]][];
    expect(chunks[0]?.[0]).toEqual(['https://example.org/tides.html', 'example.org', '']);
    expect(chunks.slice(1).map((c) => c[0][1])).toEqual(['en.wikipedia.org', 'developers.google.com']);
    expect(chunks[1]?.[0][0]).toMatch(/^https:\/\/vertexaisearch\.cloud\.google\.com\/grounding-api-redirect\//);
    expect(meta[4]).toEqual(['Summarise https://example.org/tides.html for me']);
    const answer = Buffer.from(run.answer);
    const supports = meta[2] as [[number, number, number, string], number[], number[]][];
    expect(supports.length).toBeGreaterThan(1);
    for (const [[, start, end, text], idx] of supports) {
      expect(answer.subarray(start, end).toString()).toBe(text);
      expect(idx[0]).toBeLessThan(chunks.length);
    }
    expect(run.grounding?.sources).toHaveLength(3);
  });

  it('sends executable code and its result before the answer when Code execution is on', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('count these four words', {
        tools: { googleSearch: false, urlContext: false, functionDeclarations: null, codeExecution: true },
      }),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const parts = partsOf(reply.body);
    const code = parts.find((p) => Array.isArray(p[7]))?.[7] as [number, string];
    const result = parts.find((p) => Array.isArray(p[8]))?.[8] as [number, string];
    expect(code[0]).toBe(1);
    expect(code[1]).toContain('print(len(text.split()))');
    expect(result).toEqual([1, '4\n']);
    expect(run.request.tools.codeExecution).toBe(true);
    expect(run.code).toEqual({ code: code[1], outcome: 1, output: '4\n' });
    expect(run.answer).toContain('count these four words');
  });

  it('answers JSON that follows the schema when Structured output is on', async () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        rank: { type: 'integer', minimum: 5 },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 2 },
      },
      required: ['city', 'rank'],
      propertyOrdering: ['city', 'rank', 'tags'],
    };
    await post(
      sim,
      'GenerateContent',
      gen('give me json', { responseMimeType: 'application/json', responseSchema: schema }),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(run.request.responseMimeType).toBe('application/json');
    expect(run.request.responseSchema).toEqual(schema);
    expect(JSON.parse(run.answer)).toEqual({ city: 'Paris', rank: 5, tags: ['a', 'a'] });
  });
});

describe('simulated AI Studio beyond text: page', () => {
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

  const run = (text: string): Promise<RunRecord> => runAndWait(page, sim, text);

  it('answers any prompt on an image model with an image, at the aspect ratio and resolution chosen', async () => {
    page = await context.newPage();
    await page.goto(`${sim.origin}/prompts/new_chat?model=gemini-3-pro-image-preview`);
    await page.locator('mat-select[aria-label="Aspect ratio"]').click();
    await page.locator('[role="listbox"][aria-label="Aspect ratio"] mat-option:has-text("3:4")').click();
    await page.locator('mat-select[aria-label="Output resolution"]').click();
    await page.locator('[role="listbox"][aria-label="Output resolution"] mat-option:has-text("2K")').click();
    const r = await run('a red bicycle');
    expect(r.request.responseModalities).toEqual(['IMAGE', 'TEXT']);
    expect(r.request.imageConfig).toEqual({ aspectRatio: '3:4', imageSize: '2K' });
    const img = page.locator(`${S.modelTurn} ms-image-chunk img`);
    await pwExpect(img).toHaveCount(1); // the draft is not shown
    expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([1536, 2048]);
    await pwExpect(page.locator('mat-select[aria-label="Output resolution"]')).toHaveCount(1);
  });

  it('has no Output resolution on Gemini 2.5 Flash Image, and no Structured output or Code execution on image models', async () => {
    page = await openPage(context, sim, { prefs: { areToolsOpen: true } });
    await page.goto(`${sim.origin}/prompts/new_chat?model=gemini-2.5-flash-image`);
    await pwExpect(page.locator('mat-select[aria-label="Aspect ratio"]')).toHaveCount(1);
    await pwExpect(page.locator('mat-select[aria-label="Output resolution"]')).toHaveCount(0);
    await pwExpect(page.locator('[data-test-id="structuredOutputTooltip"]')).toHaveCount(0);
    await pwExpect(page.locator('[data-test-id="codeExecutionTooltip"]')).toHaveCount(0);
    const r = await run('a cat');
    expect(r.request.imageConfig).toEqual({ aspectRatio: '1:1', imageSize: null });
    expect(r.images).toHaveLength(1);
  });

  it('takes a schema through the Structured output editor, refusing a keyword it does not take', async () => {
    page = await openPage(context, sim, { prefs: { areToolsOpen: true } });
    const row = page.locator('[data-test-id="structuredOutputTooltip"]');
    await row.locator('mat-slide-toggle button[role="switch"]').click();
    await row.locator('button.edit-schema-button[aria-label="Edit structured output schema"]').click();
    const dialog = page.locator('mat-dialog-container:has(h2:has-text("Structured output"))');
    const editor = dialog.locator('ms-text-editor textarea');
    await editor.fill(
      JSON.stringify({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }),
    );
    await dialog.locator('button[aria-label="Save the schema"]').click();
    await pwExpect(dialog.locator('[role="alert"]')).toHaveText(
      'Unsupported schema field "additionalProperties" at $.',
    );
    const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
    await editor.fill(JSON.stringify(schema));
    await dialog.locator('button[aria-label="Save the schema"]').click();
    await pwExpect(dialog).toBeHidden();
    const r = await run('numbers please');
    expect(r.request.responseMimeType).toBe('application/json');
    expect(r.request.responseSchema).toEqual(schema);
    expect(JSON.parse(r.answer)).toEqual({ n: 21.5 });
    await pwExpect(page.locator(S.answer)).toContainText('"n":21.5');
  });

  it('shows code and its result with Code execution, and sources with Search, counting tokens as you type', async () => {
    page = await openPage(context, sim, { prefs: { areToolsOpen: true } });
    await page.locator('[data-test-id="codeExecutionTooltip"] button[role="switch"]').click();
    await page.locator('div[data-test-id="searchAsAToolTooltip"] mat-slide-toggle button').click();
    await page.locator(S.prompt).fill('one two three');
    await pwExpect(page.locator('span.token-count-value')).toHaveText(/^3 \//);
    const r = await run('one two three four');
    expect(r.request.tools).toMatchObject({ googleSearch: true, codeExecution: true });
    await pwExpect(page.locator(`${S.modelTurn} ms-code-block.executable-code code`)).toContainText('print(');
    await pwExpect(page.locator(`${S.modelTurn} ms-code-execution-result code`)).toHaveText('4');
    await pwExpect(page.locator(`${S.modelTurn} ms-grounding-sources a`)).toHaveText([
      'en.wikipedia.org',
      'developers.google.com',
    ]);
  });
});
