import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

const bare = (model: string): string => model.replace(/^models\//, '');
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/**
 * Anthropic Messages, Gemini native and Ollama through the real extension and the simulated
 * page, each driven by its official client: answers equal what the page answered, parameters
 * reach the page, and a tool call made by the page (the simulator's function-call scenario)
 * goes round trip with its result folded into the next prompt.
 */
describe('API surfaces through the extension (one worker tab)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('Anthropic Messages with @anthropic-ai/sdk: non-stream, stream, tool round trip', async () => {
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'any', maxRetries: 0, timeout: 60_000 });
    let before = h.sim.runs.length;
    const msg = await anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 333,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello from Anthropic' }],
    });
    let run = h.sim.runs[before]!;
    expect(msg.content).toEqual([{ type: 'text', text: run.answer }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(run.request).toMatchObject({ maxOutputTokens: 333, systemInstruction: 'You are terse.' });
    expect(bare(run.request.model)).toBe('gemini-2.5-flash');

    before = h.sim.runs.length;
    const text = await anthropic.messages
      .stream({
        model: 'gemini-2.5-flash',
        max_tokens: 500,
        messages: [{ role: 'user', content: 'Stream to Anthropic' }],
      })
      .finalText();
    expect(text).toBe(h.sim.runs[before]!.answer);

    h.sim.setScenario({ name: 'function-call' });
    const tools = [
      {
        name: weather.name,
        description: weather.description,
        input_schema: weather.schema as Anthropic.Tool.InputSchema,
      },
    ];
    const question = { role: 'user' as const, content: 'Weather in Paris, please' };
    const first = await anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 500,
      tools,
      messages: [question],
    });
    const use = first.content.find((b) => b.type === 'tool_use');
    expect(first.stop_reason).toBe('tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe('get_weather');
    expect(use?.type === 'tool_use' && use.input).toEqual({ city: 'Paris' });
    h.sim.setScenario(null);
    before = h.sim.runs.length;
    const answer = await anthropic.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 500,
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: use?.type === 'tool_use' ? use.id : '', content: 'Sunny, 21 C' },
          ],
        },
      ],
    });
    run = h.sim.runs[before]!;
    expect(run.request.prompt).toContain('Sunny, 21 C');
    expect(answer.content).toEqual([{ type: 'text', text: run.answer }]);
  });

  it('Gemini native with @google/genai: non-stream, stream, tool round trip', async () => {
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url, timeout: 60_000 } });
    let before = h.sim.runs.length;
    const r = await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: 'Hello from Gemini',
      config: { temperature: 0.6, topP: 0.75 },
    });
    let run = h.sim.runs[before]!;
    expect(r.text).toBe(run.answer);
    expect(run.request.temperature).toBeCloseTo(0.6, 5);
    expect(run.request.topP).toBeCloseTo(0.75, 5);
    expect(bare(run.request.model)).toBe('gemini-2.5-pro');

    before = h.sim.runs.length;
    let streamed = '';
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: 'Stream to Gemini',
    }))
      streamed += chunk.text ?? '';
    expect(streamed).toBe(h.sim.runs[before]!.answer);

    h.sim.setScenario({ name: 'function-call' });
    const tools = [
      {
        functionDeclarations: [
          {
            name: weather.name,
            description: weather.description,
            parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
          },
        ],
      },
    ];
    const question = { role: 'user', parts: [{ text: 'Weather in Paris, please' }] };
    const first = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: [question], config: { tools } });
    expect(first.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    h.sim.setScenario(null);
    before = h.sim.runs.length;
    const answer = await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: [
        question,
        first.candidates![0]!.content!,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'Sunny, 21 C' } } }] },
      ],
      config: { tools },
    });
    run = h.sim.runs[before]!;
    expect(run.request.prompt).toContain('Sunny, 21 C');
    expect(answer.text).toBe(run.answer);
  });

  it('Ollama with the ollama client: non-stream, stream, tool round trip', async () => {
    const client = new Ollama({ host: h.bridge.url });
    let before = h.sim.runs.length;
    const r = await client.chat({
      model: 'gemini-2.5-flash-lite',
      messages: [{ role: 'user', content: 'Hello from Ollama' }],
      options: { num_predict: 444, stop: ['ZZZ'] },
    });
    let run = h.sim.runs[before]!;
    expect(r.message.content).toBe(run.answer);
    expect(run.request).toMatchObject({ maxOutputTokens: 444, stopSequences: ['ZZZ'] });
    expect(bare(run.request.model)).toBe('gemini-2.5-flash-lite');

    before = h.sim.runs.length;
    let streamed = '';
    for await (const part of await client.chat({
      model: 'gemini-2.5-flash-lite',
      messages: [{ role: 'user', content: 'Stream to Ollama' }],
      stream: true,
    }))
      streamed += part.message.content;
    expect(streamed).toBe(h.sim.runs[before]!.answer);

    h.sim.setScenario({ name: 'function-call' });
    const tools = [
      {
        type: 'function',
        function: { name: weather.name, description: weather.description, parameters: weather.schema },
      },
    ];
    const question = { role: 'user', content: 'Weather in Paris, please' };
    const first = await client.chat({ model: 'gemini-2.5-flash-lite', messages: [question], tools });
    expect(first.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }]);
    h.sim.setScenario(null);
    before = h.sim.runs.length;
    const answer = await client.chat({
      model: 'gemini-2.5-flash-lite',
      messages: [question, first.message, { role: 'tool', tool_name: 'get_weather', content: 'Sunny, 21 C' }],
      tools,
    });
    run = h.sim.runs[before]!;
    expect(run.request.prompt).toContain('Sunny, 21 C');
    expect(answer.message.content).toBe(run.answer);
  });

  it("the page's quota error reaches each client in its API's own error shape", async () => {
    h.sim.setScenario({ name: 'quota' });
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'any', maxRetries: 0, timeout: 60_000 });
    const a = await anthropic.messages
      .create({ model: 'gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'quota?' }] })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(Anthropic.RateLimitError);
    expect((a as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url, timeout: 60_000 } });
    const g = await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'quota?' })
      .catch((e: unknown) => e);
    expect(g).toBeInstanceOf(ApiError);
    expect((g as ApiError).status).toBe(429);
    expect((g as ApiError).message).toContain('RESOURCE_EXHAUSTED');
    const o = await new Ollama({ host: h.bridge.url })
      .chat({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'quota?' }] })
      .catch((e: unknown) => e);
    expect(o).toMatchObject({ name: 'ResponseError', status_code: 429 });
    expect(String((o as Error).message)).toMatch(/quota/i);
  });
});
