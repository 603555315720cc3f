import { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_2026, type PageVariant } from '../../sim/site/server.ts';
import { MODELS } from '../../sim/site/wire/models.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { collectStream } from '../../sim/launch/collect-stream.ts';
import { waitUntil } from '../../sim/launch/wait.ts';

const bare = (model: string): string => model.replace(/^models\//, '');

// The same flow on today's page and on the Chinese 2026 page in its narrow layout (every label
// Chinese, run-settings panel closed, decimal and chip inputs, system-instructions dialog, Stop
// button, first-visit overlays: sim/site/page/variant.ts).
const PAGES: { name: string; page: PageVariant }[] = [
  // maxPromptChars: the page's own limit (83,886,080 on the real page) lowered so a test can reach it.
  { name: "today's page", page: { maxPromptChars: 50_000 } },
  {
    name: 'the Chinese 2026 page, narrow',
    page: { ...PAGE_2026, narrow: true, lang: 'zh-CN', maxPromptChars: 50_000 },
  },
];

describe.each(PAGES)('chat completions through the extension (one worker tab) on $name', ({ page }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog, simPage: page });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('a non-streamed answer is exactly what the page answered', async () => {
    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello from the end-to-end suite' }],
    });
    const run = h.sim.runs[before];
    expect(run, 'the simulated page received a GenerateContent request').toBeDefined();
    expect(run!.request.prompt).toContain('Hello from the end-to-end suite');
    expect(res.choices[0]?.message.content).toBe(run!.answer);
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(h.sim.runs).toHaveLength(before + 1);
  });

  it('a streamed answer arrives incrementally and equals the page answer', async () => {
    h.sim.setScenario({ name: 'long', chunks: 20, intervalMs: 60 });
    const before = h.sim.runs.length;
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'Tell me a long story' }],
    });
    const got = await collectStream(stream);
    expect(got.error).toBeNull();
    const run = h.sim.runs[before]!;
    expect(got.text).toBe(run.answer);
    expect(got.finishReason).toBe('stop');
    expect(got.deltas.length).toBeGreaterThan(5);
    // The first delta reached the client while the page was still streaming (same machine clock).
    const lastChunkAt = run.chunkTimes[run.chunkTimes.length - 1]!;
    expect(got.deltas[0]!.at).toBeLessThan(lastChunkAt - 500);
  });

  it('temperature, top_p, max_tokens, stop, the system message and the model reach the page', async () => {
    const cases = [
      {
        model: 'gemini-2.5-pro',
        temperature: 0.3,
        top_p: 0.8,
        max_tokens: 321,
        stop: ['END'],
        system: 'You are terse.',
      },
      {
        model: 'gemini-2.5-flash-lite',
        temperature: 1.4,
        top_p: 0.55,
        max_tokens: 777,
        stop: ['STOP1', 'STOP2'],
        system: 'Answer in French.',
      },
    ];
    for (const c of cases) {
      const before = h.sim.runs.length;
      const res = await h.client.chat.completions.create({
        model: c.model,
        temperature: c.temperature,
        top_p: c.top_p,
        max_tokens: c.max_tokens,
        stop: c.stop,
        messages: [
          { role: 'system', content: c.system },
          { role: 'user', content: `Settings check for ${c.model}` },
        ],
      });
      const run = h.sim.runs[before]!;
      expect(res.choices[0]?.message.content).toBe(run.answer);
      expect(bare(run.request.model)).toBe(c.model);
      expect(run.request.temperature).toBeCloseTo(c.temperature, 5);
      expect(run.request.topP).toBeCloseTo(c.top_p, 5);
      expect(run.request.maxOutputTokens).toBe(c.max_tokens);
      expect(run.request.stopSequences).toEqual(c.stop);
      expect(run.request.systemInstruction).toBe(c.system);
    }
  });

  it('the documented curl call with max_output_tokens and multi-line stop sequences works as written', async () => {
    // docs/openai-contract.md#client-examples: no Authorization header, AI Studio's own parameter name, and stop
    // sequences that start with line breaks (a single-line chip input cannot hold them: they stay
    // off the page and the bridge enforces them on the output).
    const before = h.sim.runs.length;
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-1.5-pro',
        messages: [
          { role: 'system', content: 'You are a helpful assistant.' },
          { role: 'user', content: 'Explain quantum computing briefly' },
        ],
        temperature: 0.5,
        max_output_tokens: 4096,
        top_p: 0.9,
        stop: ['\n\nUser:', '\n\nAssistant:'],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; choices: { message: { content: string } }[] };
    const run = h.sim.runs[before]!;
    expect(body.choices[0]?.message.content).toBe(run.answer);
    expect(body.model).toBe(bare(run.request.model));
    expect(run.request.temperature).toBeCloseTo(0.5, 5);
    expect(run.request.topP).toBeCloseTo(0.9, 5);
    expect(run.request.maxOutputTokens).toBe(4096);
    expect(run.request.stopSequences).toEqual([]);
    expect(run.request.systemInstruction).toBe('You are a helpful assistant.');
  });

  it('multi-turn history is delivered and the answer carries no role labels', async () => {
    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'My name is Ada Lovelace.' },
        { role: 'assistant', content: 'Nice to meet you, Ada.' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    const run = h.sim.runs[before]!;
    const delivered = `${run.request.prompt}\n${JSON.stringify(run.request.history)}`;
    expect(delivered).toContain('My name is Ada Lovelace.');
    expect(delivered).toContain('Nice to meet you, Ada.');
    expect(delivered).toContain('What is my name?');
    const answer = res.choices[0]?.message.content ?? '';
    expect(answer).toBe(run.answer);
    expect(answer).not.toMatch(/^\s*(user|assistant|model|system)\s*:/im);
  });

  it("/v1/models lists the models the page's own ListModels returned", async () => {
    const expected = MODELS.map((m) => m.id);
    const ids = await waitUntil(
      async () => {
        const list = await h.client.models.list();
        const got = list.data.map((m) => m.id);
        return expected.every((id) => got.includes(id)) ? got : undefined;
      },
      'the bridge to list the page models',
      15_000,
    );
    expect(ids).toEqual(expect.arrayContaining(expected));
    expect(h.sim.listModelsCalls).toBeGreaterThan(0);
  });

  it('a blocking dialog on the page is dismissed and the request still succeeds', async () => {
    // The keyword makes the page open a consent dialog (dark, click-blocking backdrop) as soon as
    // the prompt text is typed, i.e. between typing and clicking Run.
    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Through the dialog [[sim:dialog]]' }],
    });
    const run = h.sim.runs[before]!;
    expect(res.choices[0]?.message.content).toBe(run.answer);
    expect(h.sim.events.some((e) => e.type === 'ui' && e.action === 'dialog-dismissed')).toBe(true);
  });

  it("the page's quota or rate-limit message becomes an HTTP 429 carrying it", async () => {
    h.sim.setScenario({ name: 'quota' });
    const error = await h.client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Over quota?' }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(429);
    const shown =
      page.lang === 'zh-CN'
        ? '您已达到速率限制。请稍后再试。'
        : 'Failed to generate content, user has exceeded quota. Please try again later.';
    expect((error as APIError).message).toContain(shown);
  });

  it('a prompt the page refuses as too large becomes an HTTP 413', async () => {
    const before = h.sim.runs.length;
    const error = await h.client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'word '.repeat(12_000) }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(413);
    expect((error as APIError).code).toBe('request_too_large');
    expect((error as APIError).message).toContain(
      page.lang === 'zh-CN' ? '请求过大。请尝试较小的请求。' : 'Request is too large. Please try smaller requests.',
    );
    expect(h.sim.runs.length).toBe(before);
  });

  it('an AI Studio tab the person opened (and did not hand over) is never driven', async () => {
    const own = await h.browser.context.newPage();
    try {
      await own.goto(h.sim.url);
      const ownPrompt = own.locator('ms-prompt-box textarea');
      await ownPrompt.waitFor({ state: 'visible' });
      const before = h.sim.runs.length;
      for (const n of [1, 2]) {
        const res = await h.client.chat.completions.create({
          model: 'gemini-2.5-flash',
          messages: [{ role: 'user', content: `Request ${n} while my own tab is open` }],
        });
        expect(res.choices[0]?.message.content).toBe(h.sim.runs[before + n - 1]!.answer);
      }
      expect(h.sim.runs).toHaveLength(before + 2);
      // Nothing was typed, run or rendered in the person's tab, and it is not in the pool.
      expect(await own.locator('ms-chat-turn').count()).toBe(0);
      expect(await ownPrompt.inputValue()).toBe('');
      // …while the worker tab shows the chat it ran (so the check above can fail).
      const workerPage = h.browser.context.pages().find((p) => p !== own && p.url().startsWith(h.sim.origin));
      expect(await workerPage?.locator('ms-chat-turn').count()).toBeGreaterThan(0);
      // Only the worker tab carries the "serving API requests" banner.
      expect(await workerPage?.getByText(/serving API requests/).count()).toBe(1);
      expect(await own.getByText(/serving API requests/).count()).toBe(0);
      const status = await h.extensionStatus();
      expect(status.tabs).toHaveLength(1);
      expect((await h.health()).tabs.total).toBe(1);
    } finally {
      await own.close();
    }
  });
});
