// Exact token counts end to end (issue 22 §5): the real extension types the prompt into the
// simulated page without pressing Run, reads the page's own CountTokens answer and empties the
// prompt box; the official clients get the page's count. The simulated page counts one token per
// whitespace-separated word, so each expected number below differs from the chars/4 estimate.

import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

describe('token counts read from the simulated page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });

  const workerPage = () => {
    const page = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
    if (!page) throw new Error('no worker page');
    return page;
  };

  it("@google/genai countTokens, @anthropic-ai/sdk countTokens and /v1/responses/input_tokens answer the page's count; the tab is left idle and empty", async () => {
    // A chat first: the tab keeps it, and the count must not include it (counts run in a fresh chat).
    const first = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Say something long enough to count' }],
    });
    expect(first.choices[0]?.message.content).toBeTruthy();
    const runs = h.sim.runs.length;

    const genai = new GoogleGenAI({
      apiKey: 'k',
      httpOptions: { baseUrl: h.bridge.url, timeout: 60_000 },
    });
    // 10 words, 66 characters (the estimate would say 17)
    const text = 'Please count every single word in this sentence about lighthouses';
    const gemini = await genai.models.countTokens({ model: 'gemini-2.5-pro', contents: text });
    expect(gemini.totalTokens).toBe(10);

    // The page's counter is out of sight for this one: the count can only come from the page's
    // own CountTokens answer, read by the tap (the network value is the one preferred anyway).
    const counter = workerPage().locator('span.token-count-value');
    await counter.evaluate((el) => el.classList.replace('token-count-value', 'hidden-count'));
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'k', maxRetries: 0, timeout: 60_000 });
    // 6 words, 47 characters (the estimate would say 12)
    const { data, response } = await anthropic.messages
      .countTokens({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: 'Lighthouses guide ships through stormy nights.' }],
      })
      .withResponse();
    expect(data.input_tokens).toBe(6);
    expect(response.headers.get('x-bridge-token-count')).toBe('page');
    await workerPage()
      .locator('span.hidden-count')
      .evaluate((el) => el.classList.replace('hidden-count', 'token-count-value'));

    // 5 words, 29 characters (the estimate would say 8); asked twice: the second answer is cached
    const body = JSON.stringify({ model: 'gemini-2.5-pro', input: 'Four words right here, friend' });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${h.baseURL}/responses/input_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(await res.json()).toEqual({ object: 'response.input_tokens', input_tokens: 5 });
      expect(res.headers.get('x-bridge-token-count')).toBe('page');
    }

    // Nothing ran, the prompt box is empty and the tab is idle.
    expect(h.sim.runs.length).toBe(runs);
    expect(await workerPage().locator('ms-prompt-box textarea').inputValue()).toBe('');
    expect((await h.health()).queue).toMatchObject({ running: 0, waiting: 0 });

    // The next chat runs on the same tab.
    const next = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'And now answer' }],
    });
    expect(next.choices[0]?.message.content).toBeTruthy();
    expect(h.sim.runs.length).toBe(runs + 1);
    expect(h.sim.runs[runs]?.request.prompt).toBe('And now answer');
  });

  it("reads the page's counter when the tap cannot read the page's CountTokens answer", async () => {
    // The page's count answers come back as 203 with a count of our own: the page shows it in its
    // counter, the tap reads only 200s. Only the counter can tell the bridge 4242.
    const page = workerPage();
    const pattern = /MakerSuiteService\/CountTokens$/;
    let rerouted = 0;
    await page.route(pattern, async (route) => {
      rerouted++;
      await route.fulfill({
        status: 203,
        headers: {
          'access-control-allow-origin': 'https://aistudio.google.com',
          'access-control-allow-credentials': 'true',
          'content-type': 'application/json+protobuf; charset=UTF-8',
        },
        body: '[4242]',
      });
    });
    try {
      const runs = h.sim.runs.length;
      const res = await fetch(`${h.baseURL}/responses/input_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-pro', input: 'Only the counter on the page knows this count' }),
      });
      expect(await res.json()).toEqual({ object: 'response.input_tokens', input_tokens: 4242 });
      expect(res.headers.get('x-bridge-token-count')).toBe('page');
      expect(rerouted).toBeGreaterThan(0);
      expect(h.sim.runs.length).toBe(runs);
      expect(await page.locator('ms-prompt-box textarea').inputValue()).toBe('');
    } finally {
      await page.unroute(pattern);
    }
  });

  it('a count of the kept conversation plus a new message is made in that chat, and the conversation goes on there', async () => {
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'k', maxRetries: 0, timeout: 60_000 });
    const model = 'gemini-2.5-flash';
    const first = { role: 'user' as const, content: 'Name one tall lighthouse' };
    const turn1 = await anthropic.messages.create({ model, max_tokens: 200, messages: [first] });
    const said = turn1.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const history = [first, { role: 'assistant' as const, content: said }];
    const ask = { role: 'user' as const, content: 'How tall is it exactly' };
    const runs = h.sim.runs.length;

    const { data, response } = await anthropic.messages
      .countTokens({ model, messages: [...history, ask] })
      .withResponse();
    expect(response.headers.get('x-bridge-token-count')).toBe('page');
    // The page counted the chat it shows plus the typed message: more than the 5 words typed.
    expect(data.input_tokens).toBeGreaterThan(5);
    expect(h.sim.runs.length).toBe(runs);
    expect(await workerPage().locator('ms-prompt-box textarea').inputValue()).toBe('');

    // The count left the kept chat as it was: the next turn types only the new message into it.
    const { response: next } = await anthropic.messages
      .create({ model, max_tokens: 200, messages: [...history, ask] })
      .withResponse();
    expect(next.headers.get('x-bridge-conversation')).toBe('continued');
    expect(h.sim.runs[runs]?.request.prompt).toBe(ask.content);
  });
});
