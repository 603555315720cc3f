import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { echoPrompt, streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const tools = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
  {
    type: 'function' as const,
    function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
  },
];
const ask = [{ role: 'user' as const, content: 'Weather in Paris?' }];

describe('chat completions: tool_choice, n, argument fragments, keep-alive', () => {
  it('tool_choice "required": an answer without a call fails clearly, streamed or not; the page is told to call', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['It is sunny.']) }]);
    const err = await h.client.chat.completions
      .create({ model: 'x', messages: ask, tools, tool_choice: 'required' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err).toMatchObject({ status: 502, code: 'tool_choice_not_honoured' });
    expect((err as Error).message).toContain('tool_choice is "required"');
    expect(h.peer.started[0]?.request.systemInstruction).toContain(
      'You must answer this message by calling one of the available functions',
    );

    // Streamed: the text is held until the answer is known, so the failure still gets its HTTP status.
    const seen: string[] = [];
    const streamErr = await (async () => {
      const stream = await h!.client.chat.completions.create({
        model: 'x',
        messages: ask,
        tools,
        tool_choice: 'required',
        stream: true,
      });
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(streamErr).toMatchObject({ status: 502, code: 'tool_choice_not_honoured' });
    expect(seen.join('')).toBe('');
  });

  it('a named tool_choice gives the page only that function and accepts an answer that calls it', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_time', { zone: 'CET' }) }]);
    const done = await h.client.chat.completions.create({
      model: 'x',
      messages: ask,
      tools,
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    assertSchema('CreateChatCompletionResponse', done);
    expect(done.choices[0]?.finish_reason).toBe('tool_calls');
    expect(h.peer.started[0]?.request.tools?.map((t) => t.name)).toEqual(['get_time']);
    expect(h.peer.started[0]?.request.systemInstruction).toContain('calling the function "get_time"');
    await expect(
      h.client.chat.completions.create({
        model: 'x',
        messages: ask,
        tools,
        tool_choice: { type: 'function', function: { name: 'nope' } },
      }),
    ).rejects.toMatchObject({ status: 400, param: 'tool_choice' });
  });

  it('streams long tool-call arguments in several fragments that concatenate to the JSON', async () => {
    const args = { city: 'Paris', days: 3, units: 'metric', note: 'naïve café ☕ 🌧️' };
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_weather', args) }]);
    const stream = await h.client.chat.completions.create({ model: 'x', messages: ask, tools, stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      assertSchema('CreateChatCompletionStreamResponse', chunk);
      for (const d of chunk.choices[0]?.delta.tool_calls ?? []) pieces.push(d.function?.arguments ?? '');
    }
    expect(pieces.length).toBeGreaterThan(4);
    expect(pieces[0]).toBe('');
    expect(JSON.parse(pieces.join(''))).toEqual(args);
  });

  it('n=2 with two tabs runs two jobs at once and returns two choices, streamed or not', async () => {
    h = await startHarness([
      { tabId: '1', behaviour: streamText(['first'], { delayMs: 20 }) },
      { tabId: '2', behaviour: streamText(['second'], { delayMs: 20 }) },
    ]);
    const done = await h.client.chat.completions.create({ model: 'x', messages: ask, n: 2 });
    assertSchema('CreateChatCompletionResponse', done);
    expect(done.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(done.choices.map((c) => c.message.content).sort()).toEqual(['first', 'second']);
    expect(new Set(h.peer.started.map((s) => s.tabId))).toEqual(new Set(['1', '2']));

    const stream = await h.client.chat.completions.create({ model: 'x', messages: ask, n: 2, stream: true });
    const text = ['', ''];
    const finished: number[] = [];
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (!c) continue;
      text[c.index] += c.delta.content ?? '';
      if (c.finish_reason) finished.push(c.index);
    }
    expect(text.sort()).toEqual(['first', 'second']);
    expect(finished.sort()).toEqual([0, 1]);
  });

  it('n=3 with two tabs is a 400 naming n, before any job runs', async () => {
    h = await startHarness([{ tabId: '1' }, { tabId: '2' }]);
    const err = await h.client.chat.completions.create({ model: 'x', messages: ask, n: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, param: 'n' });
    expect((err as Error).message).toContain('2 are connected');
    expect(h.peer.started).toHaveLength(0);
  });

  it('keep-alive whitespace before the JSON body when opted in with x-bridge-keepalive, and not otherwise', async () => {
    // heartbeatMs also paces the extension link's ping (3 missed = dead), so not lower than this under load
    h = await startHarness([{ tabId: '1', behaviour: streamText(['slow answer'], { delayMs: 700 }) }], {
      heartbeatMs: 200,
    });
    const body = JSON.stringify({ model: 'x', messages: ask });
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'x-bridge-keepalive': '1' },
      body,
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^ {2,}\{/);
    expect((JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe(
      'slow answer',
    );

    const plain = await (await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body })).text();
    expect(plain.startsWith('{')).toBe(true);

    // the official client parses the padded body as usual
    const client = new OpenAI({
      baseURL: h.baseURL,
      apiKey: 'x',
      maxRetries: 0,
      defaultHeaders: { 'x-bridge-keepalive': '1' },
    });
    const done = await client.chat.completions.create({ model: 'x', messages: ask });
    expect(done.choices[0]?.message.content).toBe('slow answer');
  });

  it('--json-keepalive turns it on for every request; a failure after the padding is still an error body', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }], { heartbeatMs: 200, jsonKeepAlive: true });
    h.peer.setBehaviour('1', async (job) => {
      await new Promise((r) => setTimeout(r, 500));
      job.send({ kind: 'error', code: 'page_error', message: 'the page broke' });
    });
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'x', messages: ask }),
    });
    const text = await res.text();
    expect(text).toMatch(/^ +\{/);
    const parsed = JSON.parse(text) as unknown;
    assertSchema('ErrorResponse', parsed);
    expect(parsed).toMatchObject({ error: { code: 'page_error', message: 'AI Studio tab failed: the page broke' } });
  });
});
