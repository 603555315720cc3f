import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, sseEvents, type Harness } from './harness.ts';
import { echoPrompt, streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('chat completions through a fake extension, driven by the official openai client', () => {
  it('answers non-streaming with a schema-valid completion and an estimated usage', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['Hello', ', ', 'world']) }]);
    const completion = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    assertSchema('CreateChatCompletionResponse', completion);
    expect(completion.choices[0]?.message.content).toBe('Hello, world');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.refusal).toBeNull();
    expect(completion.choices[0]?.logprobs).toBeNull();
    expect(completion.model).toBe('gemini-2.5-pro');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  it('streams a role chunk, content deltas, finish_reason and a usage chunk with include_usage', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['one ', 'two ', 'three'], {
          usage: { kind: 'usage', promptTokens: 7, completionTokens: 3 },
        }),
      },
    ]);
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) assertSchema('CreateChatCompletionStreamResponse', chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three');
    const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finish.map((c) => c.choices[0]?.finish_reason)).toEqual(['stop']);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('frames each SSE event whole and ends with [DONE] (raw fetch, as the documented naive reader)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['a\nb', '"quoted"']) }]);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-1.5-flash', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const data = sseEvents(await res.text());
    expect(data[data.length - 1]).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as { choices: Array<{ delta: { content?: string } }> });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('a\nb"quoted"');
    // no usage chunk without stream_options.include_usage
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('enforces stop sequences on the output even when the page misses them, and tells the tab to stop', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['The answer', ' is 4.\n\nUs', 'er: next question', ' more'], { delayMs: 5 }),
      },
    ]);
    const completion = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: '2+2?' }],
      stop: ['\n\nUser:', '\n\nAssistant:'],
    });
    expect(completion.choices[0]?.message.content).toBe('The answer is 4.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(h.peer.started[0]?.request.settings.stopSequences).toEqual(['\n\nUser:', '\n\nAssistant:']);
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    // an answer cut at a stop sequence is a completed job, not a failed one
    const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as { jobs: unknown };
    expect(health.jobs).toEqual({ completed: 1, failed: 0 });
  });

  it('streams with a stop string split across chunks', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['abc EN', 'D tail']) }]);
    const stream = await h.client.chat.completions.create({
      model: 'x',
      messages: [{ role: 'user', content: 'go' }],
      stop: 'END',
      stream: true,
    });
    let text = '';
    let finish: string | null | undefined = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('abc ');
    expect(finish).toBe('stop');
  });

  it('runs the documented client examples: gemini-1.5-pro alias, Chinese text, max_output_tokens, no Authorization header', async () => {
    h = await startHarness([
      { tabId: '1', model: 'gemini-2.5-flash', behaviour: streamText(['你好！我是一个大型语言模型。']) },
    ]);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-1.5-pro',
        messages: [{ role: 'user', content: '你好，请介绍一下你自己' }],
        stream: false,
        temperature: 0.7,
        max_output_tokens: 2048,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      model: string;
      choices: Array<{ message: { content: string } }>;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    assertSchema('CreateChatCompletionResponse', body);
    expect(body.choices[0]?.message.content).toBe('你好！我是一个大型语言模型。');
    expect(body.model).toBe('gemini-2.5-pro');
    // CJK-aware estimate: about one token per Han character, not length/4
    expect(body.usage.completion_tokens).toBeGreaterThanOrEqual(12);
    const sent = h.peer.started[0]?.request;
    expect(sent?.model).toBe('gemini-2.5-pro');
    expect(sent?.settings).toMatchObject({ temperature: 0.7, maxOutputTokens: 2048, stopSequences: [] });
    expect(sent?.prompt).toBe('你好，请介绍一下你自己');
  });

  it('sends system messages to system instructions and parameters to the page settings', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    await h.client.chat.completions.create({
      model: 'gemini-1.5-flash',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Explain AI' },
      ],
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 4096,
      stop: ['\n\nUser:', '\n\nAssistant:'],
      reasoning_effort: 'low',
    });
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('You are terse.');
    expect(sent?.model).toBe('gemini-2.5-flash');
    expect(sent?.settings).toEqual({
      temperature: 0.5,
      topP: 0.9,
      maxOutputTokens: 4096,
      stopSequences: ['\n\nUser:', '\n\nAssistant:'],
      thinking: { mode: 'level', level: 'low' },
      // the page's tool switches go off when the request does not ask (issue 22)
      googleSearch: false,
      urlContext: false,
      codeExecution: false,
    });
  });

  it('returns tool calls per the OpenAI rules, streamed and not', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_weather', { city: 'Paris' }) }]);
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    const completion = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
    });
    assertSchema('CreateChatCompletionResponse', completion);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(h.peer.started[0]?.request.tools).toEqual([
      { name: 'get_weather', parameters: tools[0]?.function.parameters },
    ]);

    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'again' }],
      tools,
      stream: true,
    });
    const deltas = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      assertSchema('CreateChatCompletionStreamResponse', chunk);
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    // OpenAI's shape: the first fragment names the call, the rest carry pieces of the arguments.
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(deltas[0]?.id).toMatch(/^call_/);
    for (const d of deltas.slice(1)) expect(Object.keys(d).sort()).toEqual(['function', 'index']);
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
    expect(finish).toBe('tool_calls');
  });

  it('streams thoughts as reasoning_content and returns them in the message', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['42'], { thoughts: ['Let me think.'] }) }]);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-2.5-pro', stream: true, messages: [{ role: 'user', content: 'q' }] }),
    });
    const chunks = sseEvents(await res.text())
      .slice(0, -1)
      .map((d) => JSON.parse(d) as { choices: Array<{ delta: Record<string, unknown> }> });
    expect(chunks.map((c) => c.choices[0]?.delta.reasoning_content).filter(Boolean)).toEqual(['Let me think.']);
    const done = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'q' }],
    });
    expect((done.choices[0]?.message as unknown as Record<string, unknown>).reasoning_content).toBe('Let me think.');
    expect(done.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('counts the page-reported thought tokens inside completion_tokens, as OpenAI does', async () => {
    // Gemini reports the answer (candidates) and the thoughts separately; OpenAI's completion_tokens holds both.
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['42'], {
          thoughts: ['Let me think.'],
          usage: { kind: 'usage', promptTokens: 7, completionTokens: 3, reasoningTokens: 20 },
        }),
      },
    ]);
    const done = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(done.usage).toEqual({
      prompt_tokens: 7,
      completion_tokens: 23,
      total_tokens: 30,
      completion_tokens_details: { reasoning_tokens: 20 },
    });
  });

  it('folds multi-turn history, content parts and data-URL images into one prompt with attachments', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this image?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('Be brief.');
    expect(sent?.attachments).toEqual([{ name: 'attachment-1.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' }]);
    expect(sent?.prompt).toContain('<turn role="user">\nWhat is 2+2?\n</turn>');
    expect(sent?.prompt).toContain('<turn role="assistant">\n4\n</turn>');
    expect(sent?.prompt.endsWith('And this image?\n[image: attachment-1.png]')).toBe(true);
    expect(sent?.prompt).not.toMatch(/^(User|Assistant):/m);
  });
});
