import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { Behaviour } from '../../sim/launch/fake-peer.ts';
import { echoPrompt, failWith, streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

/** Calls get_weather first; once the prompt carries a function result, answers with it. */
const weatherAgent: Behaviour = (job) => {
  if (job.request.prompt.includes('<function_result')) {
    job.send({ kind: 'text', text: `It is ${/"temp":\s*"?([^",}]+)/.exec(job.request.prompt)?.[1] ?? '?'} in Paris.` });
    job.send({ kind: 'done' });
  } else toolCall('get_weather', { city: 'Paris' })(job);
};

describe('OpenAI Responses API through a fake extension, driven by the official openai client', () => {
  it('answers non-streaming with a schema-valid response; instructions and parameters reach the page', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['Hello', ', ', 'world'], {
          thoughts: ['Greeting.'],
          usage: { kind: 'usage', promptTokens: 9, completionTokens: 3, reasoningTokens: 4 },
        }),
      },
    ]);
    const r = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Say hello',
      instructions: 'Be terse.',
      max_output_tokens: 512,
      temperature: 0.4,
      reasoning: { effort: 'low' },
    });
    assertSchema('Response', r);
    expect(r.output_text).toBe('Hello, world');
    expect(r.status).toBe('completed');
    expect(r.model).toBe('gemini-2.5-flash');
    expect(r.id).toMatch(/^resp_/);
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = r.output[0];
    expect(reasoning?.type === 'reasoning' && reasoning.summary).toEqual([{ type: 'summary_text', text: 'Greeting.' }]);
    expect(r.usage).toMatchObject({
      input_tokens: 9,
      output_tokens: 7,
      total_tokens: 16,
      output_tokens_details: { reasoning_tokens: 4 },
    });
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('Be terse.');
    expect(sent?.prompt).toBe('Say hello');
    expect(sent?.settings).toMatchObject({
      maxOutputTokens: 512,
      temperature: 0.4,
      thinking: { mode: 'level', level: 'low' },
    });
  });

  it('streams the typed event sequence with increasing sequence numbers', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['one ', 'two'], { thoughts: ['Counting.'] }) }]);
    const stream = await h.client.responses.create({
      model: 'gemini-2.5-pro',
      input: [{ role: 'user', content: 'count' }],
      stream: true,
    });
    const events = [];
    for await (const event of stream) {
      assertSchema('ResponseStreamEvent', event);
      events.push(event);
    }
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas.join('')).toBe('one two');
    const completed = events[events.length - 1];
    if (completed?.type !== 'response.completed') throw new Error('not completed');
    const message = completed.response.output.find((o) => o.type === 'message');
    expect(message?.type === 'message' && message.content).toEqual([
      { type: 'output_text', text: 'one two', annotations: [], logprobs: [] },
    ]);
    expect(completed.response.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('frames each event with an event: line naming its type (raw fetch)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['hi']) }]);
    const res = await fetch(`${h.baseURL}/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'x', input: 'hi', stream: true }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = (await res.text()).split('\n\n').filter((b) => b.length > 0 && !b.startsWith(':'));
    for (const block of blocks) {
      const [eventLine, dataLine] = block.split('\n');
      const data = JSON.parse((dataLine ?? '').replace(/^data: /, '')) as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
    }
  });

  it('runs a tool round trip statelessly (store: false): call → result → final answer', async () => {
    h = await startHarness([{ tabId: '1', behaviour: weatherAgent }]);
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input,
      tools: [weatherTool],
      store: false,
    });
    assertSchema('Response', first);
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call?.type === 'function_call' && { name: call.name, arguments: call.arguments }).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(h.peer.started[0]?.request.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.parameters },
    ]);
    if (call?.type !== 'function_call') throw new Error('no call');

    const second = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: [...input, call, { type: 'function_call_output', call_id: call.call_id, output: '{"temp": "21C"}' }],
      tools: [weatherTool],
      store: false,
    });
    expect(second.output_text).toBe('It is 21C in Paris.');
    const prompt = h.peer.started[1]?.request.prompt ?? '';
    expect(prompt).toContain(
      `<function_call name="get_weather" call_id="${call.call_id}">{"city":"Paris"}</function_call>`,
    );
    expect(prompt).toContain(
      `<function_result name="get_weather" call_id="${call.call_id}">\n{"temp": "21C"}\n</function_result>`,
    );
    // store: false keeps nothing
    await expect(h.client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('continues with previous_response_id from the store, streams the call arguments in fragments, and serves GET /v1/responses/{id}', async () => {
    h = await startHarness([{ tabId: '1', behaviour: weatherAgent }]);
    const stream = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Weather in Paris?',
      tools: [weatherTool],
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    const argDeltas = events.flatMap((e) => (e.type === 'response.function_call_arguments.delta' ? [e.delta] : []));
    expect(argDeltas.length).toBeGreaterThan(1);
    expect(argDeltas.join('')).toBe('{"city":"Paris"}');
    const done = events.find((e) => e.type === 'response.function_call_arguments.done');
    expect(done?.type === 'response.function_call_arguments.done' && done.name).toBe('get_weather');
    const completed = events[events.length - 1];
    if (completed?.type !== 'response.completed') throw new Error('not completed');
    const call = completed.response.output.find((o) => o.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');

    const stored = await h.client.responses.retrieve(completed.response.id);
    assertSchema('Response', stored);
    expect(stored.output).toEqual(completed.response.output);

    const second = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      previous_response_id: completed.response.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp": "19C"}' }],
      tools: [weatherTool],
    });
    expect(second.output_text).toBe('It is 19C in Paris.');
    expect(second.previous_response_id).toBe(completed.response.id);
    expect(h.peer.started[1]?.request.prompt).toContain('<turn role="user">\nWeather in Paris?\n</turn>');
  });

  it('fails clearly: unknown previous_response_id (400), quota (429), a mid-stream failure (response.failed), a missing input (400)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('quota_exceeded', 'You exceeded your current quota') }]);
    await expect(
      h.client.responses.create({ model: 'x', input: 'hi', previous_response_id: 'resp_nope' }),
    ).rejects.toMatchObject({ status: 400, param: 'previous_response_id', code: 'previous_response_not_found' });
    await expect(h.client.responses.create({ model: 'x', input: 'hi' })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(
      h.client.responses.create({ model: 'x' } as OpenAI.Responses.ResponseCreateParamsNonStreaming),
    ).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(
      h.client.responses.create({ model: 'x', input: [{ type: 'function_call_output', output: 'x' } as never] }),
    ).rejects.toMatchObject({ status: 400, param: 'input[0].call_id' });

    await expect(
      h.client.responses.create({ model: 'x', input: 'hi', tools: [{ type: 'function', parameters: {} } as never] }),
    ).rejects.toMatchObject({ status: 400, param: 'tools[0].name' });
    await expect(
      h.client.responses.create({ model: 'x', input: 'hi', reasoning: { effort: 'extreme' as never } }),
    ).rejects.toMatchObject({ status: 400, param: 'reasoning.effort' });
    await expect(
      h.client.responses.create({ model: 'x', input: [{ type: 'item_reference', id: 'msg_unknown' }] }),
    ).rejects.toMatchObject({ status: 400, param: 'input[0].id' });
    await expect(h.client.responses.retrieve('resp_unknown')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(h.peer.started.length).toBe(1);

    h.peer.setBehaviour('1', failWith('page_error', 'the page broke', ['partial ']));
    const stream = await h.client.responses.create({ model: 'x', input: 'hi', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    for (const e of events) assertSchema('ResponseStreamEvent', e);
    const last = events[events.length - 1];
    expect(last?.type).toBe('response.failed');
    expect(last?.type === 'response.failed' && last.response.error).toEqual({
      code: 'server_error',
      message: 'AI Studio tab failed: the page broke',
    });
  });

  it('tool_choice required with a text answer fails with a clear error; text.format json_schema asks the page for JSON', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    await expect(
      h.client.responses.create({ model: 'x', input: 'hi', tools: [weatherTool], tool_choice: 'required' }),
    ).rejects.toMatchObject({ status: 502, code: 'tool_choice_not_honoured' });
    // echoPrompt answers with the prompt: JSON that follows the schema (the answer is checked).
    await h.client.responses.create({
      model: 'x',
      input: '{"a":1}',
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          schema: { type: 'object', properties: { a: { type: 'number' } } },
        },
      },
    });
    expect(h.peer.started[1]?.request.systemInstruction).toContain(
      '{"type":"object","properties":{"a":{"type":"number"}}}',
    );
    expect(h.peer.started[1]?.request.settings.structuredOutput?.schema).toEqual({
      type: 'object',
      properties: { a: { type: 'number' } },
      propertyOrdering: ['a'],
    });
  });

  it('accepts a Codex-CLI-shaped request: developer message, reasoning items, custom and built-in tools, include, store: false', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    const res = await fetch(`${h.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer anything', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-5.2-codex',
        instructions: 'You are a coding agent.',
        input: [
          {
            type: 'message',
            role: 'developer',
            content: [{ type: 'input_text', text: '<permissions>sandboxed</permissions>' }],
          },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
          { type: 'reasoning', summary: [], encrypted_content: 'opaque' },
          { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_1' },
          { type: 'function_call_output', call_id: 'call_1', output: 'README.md' },
        ],
        tools: [
          {
            type: 'function',
            name: 'shell',
            description: 'Runs a command',
            strict: false,
            parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
          },
          { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
          { type: 'web_search' },
        ],
        tool_choice: 'auto',
        parallel_tool_calls: false,
        reasoning: { effort: 'medium', summary: 'auto' },
        store: false,
        stream: true,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'abc',
      }),
    });
    expect(res.status).toBe(200);
    const types = (await res.text())
      .split('\n')
      .filter((l) => l.startsWith('event: '))
      .map((l) => l.slice(7));
    expect(types[types.length - 1]).toBe('response.completed');
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toContain('You are a coding agent.');
    expect(sent?.systemInstruction).toContain('<permissions>sandboxed</permissions>');
    expect(sent?.tools?.map((t) => t.name)).toEqual(['shell']);
    expect(sent?.prompt).toContain('<function_result name="shell" call_id="call_1">\nREADME.md\n</function_result>');
  });
});
