// The extension and bridge against the simulator's "2026" wire variant (frames as public projects
// recorded the real page): answers, usage from the page's numbers, finish-only frames, in-body
// gRPC errors, a blocked prompt and identical parallel calls, seen through the official client.

import { APIError } from 'openai';
import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectStream } from '../../sim/launch/collect-stream.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

const MODEL = 'gemini-2.5-flash';
const words = (s: string): number => (s.match(/\S+/g) ?? []).length;

async function apiError(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe('the 2026 wire, end to end', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  const ask = (content: string, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
    h.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }], ...extra });

  it('answers non-stream and stream with exactly the page answer, thoughts and the page usage', async () => {
    h.sim.setScenario({ name: 'thinking', wire: '2026', thoughts: 'Short thought about tides.' });
    const before = h.sim.runs.length;
    const reply = await ask('How do tides work?');
    const run = h.sim.runs[before]!;
    expect(run.thoughts).toBe('Short thought about tides.');
    expect(reply.choices[0]?.message.content).toBe(run.answer);
    expect((reply.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toBe(run.thoughts);
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    // The page's numbers (1 token = 1 word in the sim), not the bridge's estimate.
    expect(reply.usage).toEqual({
      prompt_tokens: words(run.request.prompt),
      completion_tokens: words(run.answer) + 4,
      total_tokens: words(run.request.prompt) + words(run.answer) + 4,
      completion_tokens_details: { reasoning_tokens: 4 },
    });

    const stream = await h.client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: 'And the moon?' }],
    });
    const got = await collectStream(stream);
    expect(got.text).toBe(h.sim.runs[before + 1]!.answer);
    expect(got.finishReason).toBe('stop');
  });

  it('a finish-only last frame still ends the answer: finish_reason length and the page usage', async () => {
    h.sim.setScenario({ name: 'max-tokens', words: 60, finishOnly: true, wire: '2026' });
    const before = h.sim.runs.length;
    const reply = await ask('Count for me', { max_tokens: 12 });
    const run = h.sim.runs[before]!;
    expect(run.request.maxOutputTokens).toBe(12);
    expect(reply.choices[0]?.message.content).toBe(run.answer);
    expect(reply.choices[0]?.finish_reason).toBe('length');
    expect(reply.usage?.completion_tokens).toBe(12);
    expect(reply.usage?.prompt_tokens).toBe(words(run.request.prompt));
  });

  it('RESOURCE_EXHAUSTED inside a 200 body → 429 quota_exceeded with the Retry-After it names', async () => {
    h.sim.setScenario({
      name: 'rpc-error',
      code: 8,
      text: 'You exceeded your current quota. Please retry in 41.2s.',
      wire: '2026',
    });
    const error = await apiError(ask('Over quota'));
    expect(error.status).toBe(429);
    expect(error.code).toBe('quota_exceeded');
    expect(error.message).toContain('Please retry in 41.2s.');
    expect(error.headers?.get('retry-after')).toBe('42');
  });

  it('PERMISSION_DENIED and UNAUTHENTICATED inside a 200 body → 403 telling the person to sign in', async () => {
    for (const code of [7, 16]) {
      h.sim.setScenario({ name: 'rpc-error', code, wire: '2026' });
      const error = await apiError(ask(`Not signed in (${code})`));
      expect(error.status, String(code)).toBe(403);
      expect(error.message).toMatch(/sign in to AI Studio .* in the browser that runs the extension/);
    }
  });

  it("INVALID_ARGUMENT inside a 200 body → 400 with the page's message", async () => {
    h.sim.setScenario({ name: 'rpc-error', code: 3, text: 'Unsupported MIME type: application/x-nope', wire: '2026' });
    const error = await apiError(ask('Bad argument'));
    expect(error.status).toBe(400);
    expect(error.message).toContain('Unsupported MIME type: application/x-nope');
  });

  it('a blocked prompt → finish_reason content_filter and an answer that says so (non-stream and stream)', async () => {
    h.sim.setScenario({ name: 'blocked', reason: 1, wire: '2026' });
    const before = h.sim.runs.length;
    const reply = await ask('Something the filter refuses');
    expect(reply.choices[0]?.finish_reason).toBe('content_filter');
    expect(reply.choices[0]?.message.content).toMatch(/blocked this prompt \(SAFETY\)/);
    expect(reply.usage).toMatchObject({
      prompt_tokens: words(h.sim.runs[before]!.request.prompt),
      completion_tokens: 0,
    });

    const stream = await h.client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: 'Refused again' }],
    });
    const got = await collectStream(stream);
    expect(got.finishReason).toBe('content_filter');
    expect(got.text).toMatch(/blocked this prompt/);
  });

  it('SAFETY after some text keeps the text; content blocked (19) before any text says so', async () => {
    h.sim.setScenario({ name: 'text', text: 'The first half of an answer', finish: 3, wire: '2026' });
    const partial = await ask('Go on');
    expect(partial.choices[0]?.finish_reason).toBe('content_filter');
    expect(partial.choices[0]?.message.content).toBe('The first half of an answer');

    h.sim.setScenario({ name: 'text', text: '', finish: 19, wire: '2026' });
    const none = await ask('Go on again');
    expect(none.choices[0]?.finish_reason).toBe('content_filter');
    expect(none.choices[0]?.message.content).toMatch(/stopped the answer \(CONTENT_BLOCKED\)/);
  });

  it('MALFORMED_FUNCTION_CALL → a 502 that names it', async () => {
    h.sim.setScenario({ name: 'text', text: '', finish: 9, wire: '2026' });
    const error = await apiError(ask('Call something badly'));
    expect(error.status).toBe(502);
    expect(error.message).toContain('MALFORMED_FUNCTION_CALL');
  });

  it('two identical parallel calls stay two tool_calls', async () => {
    h.sim.setScenario({ name: 'function-call', calls: 2, wire: '2026' });
    const tools: OpenAI.Chat.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    const reply = await ask('Weather in Paris, twice', { tools });
    const calls = reply.choices[0]?.message.tool_calls ?? [];
    expect(reply.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls).toHaveLength(2);
    const fns = calls.map((c) => (c.type === 'function' ? c.function : null));
    expect(fns[0]).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(fns[1]).toEqual(fns[0]);
    expect(calls[0]?.id).not.toBe(calls[1]?.id);
  });
});
