// Exact token counts (issue 22 §5): count_tokens, :countTokens and /v1/responses/input_tokens ask
// a tab that can count (hello.features count_tokens) and answer its count, cached by content;
// anything else answers the estimate and says so in x-bridge-token-count.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { COUNT_TOKENS_FEATURE } from '../../protocol/token-count.ts';
import { countWords, failWith, FakePeer, stallAfter, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';
import type { BridgeConfig } from '../../bridge/index.ts';

let h: Harness | null = null;
let counter: FakePeer | null = null;
afterEach(async () => {
  await counter?.close();
  counter = null;
  await h?.close();
  h = null;
});

/** A bridge whose only extension can count (its tab runs `behaviour`). */
async function countingBridge(behaviour: Behaviour, options: Partial<BridgeConfig> = {}): Promise<Harness> {
  const harness = await startHarness([], options);
  counter = await FakePeer.connect(harness.bridge.url, {
    token: TEST_TOKEN,
    features: [COUNT_TOKENS_FEATURE],
    tabs: [{ tabId: 'c1', behaviour }],
  });
  return harness;
}

const QUESTION = 'How many tokens is this sentence, exactly?';
/** one per word, as the simulated page counts; the chars/4 estimate says 11 */
const WORDS = 7;

const post = (harness: Harness, path: string, body: unknown): Promise<Response> =>
  fetch(`${harness.bridge.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
    body: JSON.stringify(body),
  });

describe('token counts from the page', () => {
  it("answers the page's count on all three endpoints, typed once per content, and says page", async () => {
    h = await countingBridge(countWords());
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'k', maxRetries: 0, timeout: 10_000 });
    const { data, response } = await anthropic.messages
      .countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: QUESTION }] })
      .withResponse();
    expect(data.input_tokens).toBe(WORDS);
    expect(response.headers.get('x-bridge-token-count')).toBe('page');
    expect(counter!.started).toHaveLength(1);
    expect(counter!.started[0]?.request).toMatchObject({ prompt: QUESTION, settings: {}, count: true });

    // The same prompt again, from another surface: the cache answers, nothing is typed.
    const gemini = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.bridge.url, timeout: 10_000 } });
    const again = await gemini.models.countTokens({ model: 'gemini-2.5-pro', contents: QUESTION });
    expect(again.totalTokens).toBe(WORDS);
    expect(counter!.started).toHaveLength(1);

    const openai = new OpenAI({ baseURL: `${h.bridge.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 10_000 });
    const input = await openai.responses.inputTokens.count({
      model: 'gemini-2.5-pro',
      input: 'Three more words',
      instructions: 'Be brief.',
    });
    expect(input).toEqual({ object: 'response.input_tokens', input_tokens: 3 });
    expect(counter!.started[1]?.request).toMatchObject({ systemInstruction: 'Be brief.', count: true });
    const raw = await post(h, '/v1/responses/input_tokens', { model: 'gemini-2.5-pro', input: 'Three more words' });
    expect(raw.headers.get('x-bridge-token-count')).toBe('page');

    // The tab is free again: a chat runs on it.
    const chat = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat.choices[0]?.message.content).toBe('Hello world');
  });

  it('concurrent asks for one prompt share one count job', async () => {
    h = await countingBridge(async (job) => {
      await new Promise((r) => setTimeout(r, 100));
      await countWords()(job);
    });
    const ask = () =>
      post(h!, '/v1beta/models/gemini-2.5-pro:countTokens', { contents: [{ parts: [{ text: QUESTION }] }] });
    const answers = await Promise.all([ask(), ask(), ask()]);
    for (const res of answers) expect(await res.json()).toEqual({ totalTokens: WORDS });
    expect(counter!.started).toHaveLength(1);
  });

  it('an older extension (no count_tokens in hello) never gets a count job: the estimate answers, and says so', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['x']) }]);
    const res = await post(h, '/v1/messages/count_tokens', {
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ input_tokens: 11 });
    expect(res.headers.get('x-bridge-token-count')).toMatch(/^estimate; no connected AI Studio tab can count/);
    expect(h.peer.started).toHaveLength(0);
  });

  it('a page that fails or stays silent, and files, answer the estimate; the tab is free afterwards', async () => {
    let mode: 'fail' | 'stall' | 'count' = 'fail';
    h = await countingBridge(
      (job) => {
        if (job.request.count !== true) return streamText(['ok'])(job);
        if (mode === 'fail') return failWith('timeout', 'the page showed no token count within 10000 ms')(job);
        if (mode === 'stall') return stallAfter()(job);
        return countWords()(job);
      },
      { timeouts: { firstTokenMs: 120_000, idleMs: 60_000, totalMs: 600_000, queueWaitMs: 300_000, countMs: 300 } },
    );
    const count = (text: string) => post(h!, '/v1/responses/input_tokens', { model: 'gemini-2.5-pro', input: text });
    const failed = await count('one two three four');
    expect(await failed.json()).toEqual({ object: 'response.input_tokens', input_tokens: 5 });
    expect(failed.headers.get('x-bridge-token-count')).toBe(
      'estimate; the page did not count: AI Studio did not answer in time: the page showed no token count within 10000 ms',
    );

    mode = 'stall';
    const silent = await count('five six seven eight');
    expect(await silent.json()).toMatchObject({ input_tokens: 6 });
    expect(silent.headers.get('x-bridge-token-count')).toMatch(
      /^estimate; the page did not count: .*no count within 300 ms/,
    );
    expect(counter!.cancels.map((c) => c.jobId)).toEqual([counter!.started[1]?.jobId]);

    // A failure is not cached: the page is asked again, and answers now.
    mode = 'count';
    const retried = await count('one two three four');
    expect(await retried.json()).toMatchObject({ input_tokens: 4 });
    expect(retried.headers.get('x-bridge-token-count')).toBe('page');

    const withImage = await post(h, '/v1/messages/count_tokens', {
      model: 'claude-sonnet-4-6',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: QUESTION },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expect(withImage.headers.get('x-bridge-token-count')).toBe('estimate; files are not counted by the page');
    expect(counter!.started).toHaveLength(3);

    const chat = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat.choices[0]?.message.content).toBe('ok');
  });

  it('counts on a tab that keeps no chat; with one tab, the kept chat is dropped and the next turn rebuilt', async () => {
    // Tabs that keep their chats as the real extension does (continue when told the turn count they reported).
    const keeping = (): Behaviour => {
      let turns = 0;
      return countWords((job) => {
        const c = job.request.continuation;
        const continued = c !== undefined && c.turns === turns;
        turns = continued ? turns + 2 : 2;
        job.send({ kind: 'started', chat: continued ? 'continued' : 'new' });
        job.send({ kind: 'text', text: 'ok' });
        job.send({ kind: 'done', chatTurns: turns });
      });
    };
    h = await startHarness([]);
    counter = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      features: [COUNT_TOKENS_FEATURE],
      tabs: [
        { tabId: 'c1', behaviour: keeping() },
        { tabId: 'c2', behaviour: keeping() },
      ],
    });
    const chat = (messages: Array<{ role: 'user' | 'assistant'; content: string }>) =>
      h!.client.chat.completions.create({ model: 'gemini-2.5-pro', messages }).withResponse();
    await chat([{ role: 'user', content: 'Hello there' }]);
    const kept = counter.started[0]!.tabId;
    await post(h, '/v1/messages/count_tokens', {
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(counter.started[1]).toMatchObject({ tabId: kept === 'c1' ? 'c2' : 'c1', request: { count: true } });
    const next = await chat([
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'And then?' },
    ]);
    expect(next.response.headers.get('x-bridge-conversation')).toBe('continued');

    // One tab only: the count replaces the kept chat (the page would count the chat it shows).
    await counter.close();
    counter = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      features: [COUNT_TOKENS_FEATURE],
      tabs: [{ tabId: 'solo', behaviour: keeping() }],
    });
    await chat([{ role: 'user', content: 'Solo chat' }]);
    await post(h, '/v1/messages/count_tokens', {
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Other words' }],
    });
    expect(counter.started[1]?.request.count).toBe(true);
    const rebuilt = await chat([
      { role: 'user', content: 'Solo chat' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'More?' },
    ]);
    expect(rebuilt.response.headers.get('x-bridge-conversation')).toMatch(/^rebuilt; /);
  });

  it('bad input is an error in the surface shape, with no job', async () => {
    h = await countingBridge(countWords());
    const anthropic = await post(h, '/v1/messages/count_tokens', { model: 'claude-sonnet-4-6' });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages: Field required' },
    });
    const responses = await post(h, '/v1/responses/input_tokens', { model: 'gemini-2.5-pro' });
    expect(responses.status).toBe(400);
    expect(await responses.json()).toMatchObject({ error: { param: 'input', code: 'missing_required_parameter' } });
    const method = await fetch(`${h.bridge.url}/v1/responses/input_tokens`);
    expect(method.status).toBe(405);
    expect(counter!.started).toHaveLength(0);
  });

  it("non-stream answers say whether their usage is the page's", async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['Hi'], { usage: { kind: 'usage', promptTokens: 9, completionTokens: 1 } }),
      },
    ]);
    const page = await h.client.chat.completions
      .create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(page.data.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 1 });
    expect(page.response.headers.get('x-bridge-token-count')).toBe('page');
    h.peer.setBehaviour('1', streamText(['Hi']));
    const estimated = await post(h, '/v1/messages', {
      model: 'claude-sonnet-4-6',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    expect(estimated.headers.get('x-bridge-token-count')).toBe('estimate; the page reported no usage');
  });
});
