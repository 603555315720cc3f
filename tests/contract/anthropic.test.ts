import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { echoPrompt, failWith, streamText, toolCall, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const client = (harness: Harness, apiKey = 'sk-anything'): Anthropic =>
  new Anthropic({ baseURL: harness.bridge.url, apiKey, maxRetries: 0, timeout: 10_000 });

/** Raw Anthropic SSE → [event name, parsed data] pairs (asserting each event has both lines). */
function anthropicEvents(body: string): Array<[string, Record<string, unknown>]> {
  return body
    .split('\n\n')
    .filter((b) => b.length > 0 && !b.startsWith(':'))
    .map((block) => {
      const match = /^event: (\S+)\ndata: (.*)$/s.exec(block);
      if (!match) throw new Error(`not an Anthropic SSE event: ${block}`);
      return [match[1] as string, JSON.parse(match[2] as string) as Record<string, unknown>];
    });
}

describe('Anthropic Messages through a fake extension, driven by @anthropic-ai/sdk', () => {
  it('answers non-streaming with a Message; system, max_tokens, stop_sequences and thinking reach the page', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['Hello', ', world'], { thoughts: ['Thinking.'] }) }]);
    const msg = await client(h).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are terse.' }],
      stop_sequences: ['END'],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(msg.type).toBe('message');
    expect(msg.id).toMatch(/^msg_/);
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'Thinking.', signature: '' },
      { type: 'text', text: 'Hello, world' },
    ]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.model).toBe('gemini-2.5-pro');
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('You are terse.');
    expect(sent?.prompt).toBe('Say hello');
    expect(sent?.settings).toEqual({
      maxOutputTokens: 1024,
      stopSequences: ['END'],
      thinking: { mode: 'budget', budget: 2048 },
      // the page's tool switches go off when the request does not ask (issue 22)
      googleSearch: false,
      urlContext: false,
      codeExecution: false,
    });
  });

  it('streams message_start, indexed thinking and text blocks, message_delta and message_stop', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['one ', 'two ', 'three'], {
          thoughts: ['Hmm.'],
          usage: { kind: 'usage', promptTokens: 9, completionTokens: 3, reasoningTokens: 5 },
        }),
      },
    ]);
    const stream = client(h).messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'count' }],
    });
    const kinds: string[] = [];
    for await (const ev of stream)
      kinds.push(
        ev.type === 'content_block_delta'
          ? `${ev.type}:${ev.index}:${ev.delta.type}`
          : ev.type === 'content_block_start' || ev.type === 'content_block_stop'
            ? `${ev.type}:${ev.index}`
            : ev.type,
      );
    const final = await stream.finalMessage();
    expect(kinds).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0:thinking_delta',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1:text_delta',
      'content_block_delta:1:text_delta',
      'content_block_delta:1:text_delta',
      'content_block_stop:1',
      'message_delta',
      'message_stop',
    ]);
    expect(final.content[1]).toEqual({ type: 'text', text: 'one two three' });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(8);
    expect(final.model).toBe('gemini-2.5-flash');
  });

  it('frames every streamed event with an event: line and reports a bridge-enforced stop sequence', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['abc EN', 'D tail']) }]);
    const res = await fetch(`${h.bridge.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
      body: JSON.stringify({
        model: 'claude-3-5-sonnet-latest',
        max_tokens: 50,
        stream: true,
        stop_sequences: ['END'],
        temperature: 0.4,
        top_p: 0.9,
        messages: [{ role: 'user', content: 'go' }],
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = anthropicEvents(await res.text());
    expect(events.every(([name, data]) => data.type === name)).toBe(true);
    const text = events
      .filter(([name]) => name === 'content_block_delta')
      .map(([, d]) => (d.delta as { text: string }).text)
      .join('');
    expect(text).toBe('abc ');
    const delta = events.find(([name]) => name === 'message_delta')?.[1];
    expect(delta?.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    // the current SDK no longer types temperature/top_p, but older clients send them
    expect(h.peer.started[0]?.request.settings).toMatchObject({ temperature: 0.4, topP: 0.9, maxOutputTokens: 50 });
  });

  it('keeps a slow stream alive with ping events after message_start, which the SDK skips', async () => {
    // The page answers only once the client has read a ping, so the test waits for the event, not for time.
    let release = (): void => {};
    const pinged = new Promise<void>((resolve) => (release = resolve));
    const slow: Behaviour = async (job) => {
      job.send({ kind: 'started' });
      await pinged;
      await streamText(['late ', 'answer'])(job);
    };
    // The link's liveness uses the same interval (a peer silent for 3 is dropped): not too short under load.
    h = await startHarness([{ tabId: '1', behaviour: slow }], { heartbeatMs: 200 });
    const res = await fetch(`${h.bridge.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-2.5-pro',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'go' }],
      }),
    });
    let text = '';
    const decoder = new TextDecoder();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      if (text.includes('event: ping\n')) release();
    }
    release();
    const names = anthropicEvents(text).map(([name]) => name);
    expect(names[0]).toBe('message_start');
    expect(names.indexOf('ping')).toBeGreaterThan(0);
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    // Slow enough that pings usually reach the SDK too; the answer is the same either way.
    h.peer.setBehaviour('1', streamText(['late ', 'answer'], { delayMs: 250 }));
    const final = await client(h)
      .messages.stream({ model: 'gemini-2.5-pro', max_tokens: 50, messages: [{ role: 'user', content: 'go' }] })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'late answer' }]);
  });

  it('does a tool round trip: tool_use (streamed as input_json_delta) → tool_result → final answer', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_weather', { city: 'Paris' }) }]);
    const anthropic = client(h);
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const question = { role: 'user' as const, content: 'Weather in Paris?' };
    const first = await anthropic.messages
      .stream({ model: 'claude-sonnet-4-6', max_tokens: 200, tools, messages: [question] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe('get_weather');
    expect(use?.type === 'tool_use' && use.input).toEqual({ city: 'Paris' });
    expect(use?.type === 'tool_use' && use.id).toMatch(/^toolu_/);
    expect(h.peer.started[0]?.request.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', parameters: tools[0]?.input_schema },
    ]);

    h.peer.setBehaviour('1', streamText(['It is sunny in Paris.']));
    const id = use?.type === 'tool_use' ? use.id : '';
    const second = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: '{"temp":21}' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.' }]);
    const prompt = h.peer.started[1]?.request.prompt ?? '';
    expect(prompt).toContain(`<function_call name="get_weather" call_id="${id}">{"city":"Paris"}</function_call>`);
    expect(prompt).toContain(`<function_result name="get_weather" call_id="${id}">\n{"temp":21}\n</function_result>`);
  });

  it('tool_choice names one tool: only it is declared and the system instructions ask for the call; none drops tools', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('b', {}) }]);
    const tools = [
      { name: 'a', input_schema: { type: 'object' as const } },
      { name: 'b', input_schema: { type: 'object' as const } },
    ];
    const anthropic = client(h);
    await anthropic.messages.create({
      model: 'gemini-2.5-pro',
      max_tokens: 50,
      system: 'Sys.',
      tools,
      tool_choice: { type: 'tool', name: 'b' },
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(h.peer.started[0]?.request.tools?.map((t) => t.name)).toEqual(['b']);
    expect(h.peer.started[0]?.request.systemInstruction).toBe('Sys.\n\nYou must answer by calling the function "b".');
    h.peer.setBehaviour('1', streamText(['ok']));
    await anthropic.messages.create({
      model: 'gemini-2.5-pro',
      max_tokens: 50,
      tools,
      tool_choice: { type: 'none' },
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(h.peer.started[1]?.request.tools).toBeUndefined();
  });

  it('folds images and history; models and count_tokens answer without running a job', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    const anthropic = client(h);
    await anthropic.messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
      ],
    });
    const sent = h.peer.started[0]?.request;
    expect(sent?.attachments).toEqual([{ name: 'attachment-1.jpeg', mimeType: 'image/jpeg', data: '/9j/4AAQ' }]);
    expect(sent?.prompt).toContain('<turn role="assistant">\n4\n</turn>');
    expect(sent?.prompt.endsWith('And this?\n[image: attachment-1.jpeg]')).toBe(true);
    const models = [];
    for await (const m of anthropic.models.list()) models.push(m);
    expect(models.map((m) => m.id)).toContain('gemini-2.5-pro');
    expect(models[0]).toMatchObject({ type: 'model', display_name: expect.any(String) });
    expect((await anthropic.models.retrieve('claude-opus-4-7')).id).toBe('claude-opus-4-7');
    const count = await anthropic.messages.countTokens({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
    });
    expect(count.input_tokens).toBeGreaterThan(3);
    expect(h.peer.started).toHaveLength(1);
  });

  it("answers bad input, strict unknown models, keys and page failures in Anthropic's error shape", async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('quota_exceeded', 'You exceeded your quota') }], {
      strictModels: true,
      apiKeys: ['secret'],
    });
    const post = (body: unknown, key = 'secret') =>
      fetch(`${h!.bridge.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(body),
      });
    const missing = await post({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    const badBlock = await post({
      model: 'gemini-2.5-pro',
      max_tokens: 5,
      messages: [{ role: 'user', content: [{ type: 'image' }] }],
    });
    expect(((await badBlock.json()) as { error: { message: string } }).error.message).toContain(
      'messages[0].content[0].source',
    );
    const key = await post(
      { model: 'gemini-2.5-pro', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      'wrong',
    );
    expect(key.status).toBe(401);
    expect(((await key.json()) as { error: { type: string } }).error.type).toBe('authentication_error');

    const anthropic = client(h, 'secret');
    const unknown = await anthropic.messages
      .create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
    const quota = await anthropic.messages
      .create({ model: 'gemini-2.5-pro', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(Anthropic.RateLimitError);
    expect((quota as InstanceType<typeof Anthropic.RateLimitError>).message).toContain('You exceeded your quota');
  });

  it('a failure after the stream began arrives as an error event the SDK raises', async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('network_error', 'connection cut', ['partial ']) }]);
    const stream = client(h).messages.stream({
      model: 'gemini-2.5-pro',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'go' }],
    });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(texts).toEqual(['partial ']);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain('connection cut');
  });

  it('tool_choice any is a promise: an answer without a tool_use fails clearly, streamed or not, and no text leaks', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['I would rather chat.']) }]);
    const request = {
      model: 'gemini-2.5-pro',
      max_tokens: 50,
      tools: [{ name: 'lookup', input_schema: { type: 'object' as const } }],
      tool_choice: { type: 'any' as const },
      messages: [{ role: 'user' as const, content: 'go' }],
    };
    const anthropic = client(h);
    const whole = await anthropic.messages.create(request).catch((e: unknown) => e);
    expect(whole).toBeInstanceOf(Anthropic.InternalServerError);
    expect((whole as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
    expect((whole as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: {
        type: 'api_error',
        message: expect.stringContaining('tool_choice is {"type":"any"} but the model answered without calling'),
      },
    });

    const stream = anthropic.messages.stream(request);
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const streamed = await stream.finalMessage().catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(Anthropic.APIError);
    expect((streamed as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { message: expect.stringContaining('tool_choice is {"type":"any"}') },
    });
    expect(texts).toEqual([]);
  });

  it('opted-in keep-alive whitespace works here too; a failure after it is an Anthropic error body', async () => {
    // The page fails only once the client has read the padding, so the test waits for it, not for time.
    let release = (): void => {};
    const padded = new Promise<void>((resolve) => (release = resolve));
    const late: Behaviour = async (job) => {
      await padded;
      job.send({ kind: 'error', code: 'page_error', message: 'the page broke' });
    };
    h = await startHarness([{ tabId: '1', behaviour: late }], { heartbeatMs: 200 });
    const res = await fetch(`${h.bridge.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-keepalive': '1' },
      body: JSON.stringify({ model: 'gemini-2.5-pro', max_tokens: 5, messages: [{ role: 'user', content: 'go' }] }),
    });
    expect(res.status).toBe(200);
    let text = '';
    const decoder = new TextDecoder();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      if (text.startsWith(' ')) release();
    }
    release();
    expect(text).toMatch(/^ +\{/);
    expect(JSON.parse(text)).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringContaining('the page broke') },
    });
  });
});
