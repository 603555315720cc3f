import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { echoPrompt, failWith, streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ollama = (harness: Harness): Ollama => new Ollama({ host: harness.bridge.url });

describe('Ollama API through a fake extension, driven by the ollama client', () => {
  it('answers /api/chat non-streaming; system, options and think reach the page', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['Hello', ', world'], {
          thoughts: ['Hmm.'],
          usage: { kind: 'usage', promptTokens: 5, completionTokens: 3 },
        }),
      },
    ]);
    const r = await ollama(h).chat({
      model: 'gemini-2.5-flash:latest',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Say hello' },
      ],
      options: { temperature: 0.2, top_p: 0.7, num_predict: 64, stop: ['END'] },
      think: 'low',
    });
    expect(r.message).toEqual({ role: 'assistant', content: 'Hello, world', thinking: 'Hmm.' });
    expect(r.done).toBe(true);
    expect(r.done_reason).toBe('stop');
    expect(r.model).toBe('gemini-2.5-flash');
    expect(r.prompt_eval_count).toBe(5);
    expect(r.eval_count).toBeGreaterThanOrEqual(3);
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('Be terse.');
    expect(sent?.model).toBe('gemini-2.5-flash');
    expect(sent?.settings).toEqual({
      temperature: 0.2,
      topP: 0.7,
      maxOutputTokens: 64,
      stopSequences: ['END'],
      thinking: { mode: 'level', level: 'low' },
      // the page's tool switches go off when the request does not ask (issue 22)
      googleSearch: false,
      urlContext: false,
      codeExecution: false,
    });
  });

  it('streams /api/chat as NDJSON (the default when stream is not given), ending with done and counters', async () => {
    h = await startHarness([
      { tabId: '1', behaviour: streamText(['one ', 'two ', 'three'], { finishReason: 'length' }) },
    ]);
    const parts = [];
    for await (const part of await ollama(h).chat({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
    }))
      parts.push(part);
    expect(parts.map((p) => p.message.content).join('')).toBe('one two three');
    const last = parts[parts.length - 1];
    expect(last?.done).toBe(true);
    expect(last?.done_reason).toBe('length');
    expect(parts.slice(0, -1).every((p) => !p.done)).toBe(true);

    // Raw API without `stream`: Ollama streams by default.
    const res = await fetch(`${h.bridge.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-2.5-pro', prompt: 'count' }),
    });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { response: string; done: boolean });
    expect(lines.map((l) => l.response).join('')).toBe('one two three');
    expect(lines.filter((l) => l.done)).toHaveLength(1);
  });

  it('does a tool round trip: tool_calls → tool message → final answer', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_weather', { city: 'Paris' }) }]);
    const client = ollama(h);
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const question = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.chat({ model: 'gemini-2.5-pro', messages: [question], tools });
    expect(first.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }]);
    expect(h.peer.started[0]?.request.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', parameters: tools[0]?.function.parameters },
    ]);

    h.peer.setBehaviour('1', streamText(['Sunny in Paris.']));
    const second = await client.chat({
      model: 'gemini-2.5-pro',
      messages: [question, first.message, { role: 'tool', content: '{"temp":21}', tool_name: 'get_weather' }],
      tools,
    });
    expect(second.message.content).toBe('Sunny in Paris.');
    const prompt = h.peer.started[1]?.request.prompt ?? '';
    expect(prompt).toContain('<function_call name="get_weather">{"city":"Paris"}</function_call>');
    expect(prompt).toContain('<function_result name="get_weather">\n{"temp":21}\n</function_result>');
  });

  it('lists models (/api/tags), shows one, tells its version; generate with images and a "load" call without a prompt', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    const client = ollama(h);
    const tags = await client.list();
    expect(tags.models.map((m) => m.name)).toContain('gemini-2.5-pro');
    const show = await client.show({ model: 'gemini-2.5-pro' });
    expect(show.capabilities).toContain('tools');
    expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    const loaded = await client.generate({ model: 'gemini-2.5-pro', prompt: '' });
    expect(loaded).toMatchObject({ done: true, done_reason: 'load', response: '' });
    expect(h.peer.started).toHaveLength(0);
    const r = await client.generate({
      model: 'gemini-2.5-pro',
      prompt: 'What is this?',
      system: 'Be brief.',
      images: ['iVBORw0KGgo='],
    });
    expect(r.response).toBe('What is this?\n[image: attachment-1.png]');
    expect(h.peer.started[0]?.request.attachments).toEqual([
      { name: 'attachment-1.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
    ]);
    expect(h.peer.started[0]?.request.systemInstruction).toBe('Be brief.');
  });

  it("answers bad input, strict unknown models and page failures with Ollama's {error} shape", async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('quota_exceeded', 'You exceeded your quota') }], {
      strictModels: true,
    });
    const bad = await fetch(`${h.bridge.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'robot', content: 'x' }] }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toContain('messages[0].role');
    const client = ollama(h);
    const unknown = await client
      .chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: 'ResponseError', status_code: 404 });
    const quota = await client
      .chat({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(quota).toMatchObject({ name: 'ResponseError', status_code: 429 });
    expect(String((quota as Error).message)).toContain('You exceeded your quota');
  });

  it('a failure after the stream began arrives as an {error} line the client raises', async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('network_error', 'connection cut', ['partial ']) }]);
    const texts: string[] = [];
    const error = await (async () => {
      for await (const part of await ollama(h!).chat({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: 'go' }],
        stream: true,
      }))
        texts.push(part.message.content);
    })().catch((e: unknown) => e);
    expect(texts).toEqual(['partial ']);
    expect(String((error as Error).message)).toContain('connection cut');
  });
});
