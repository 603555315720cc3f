import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, tool } from 'ai';
import OpenAI from 'openai';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe('OpenAI Responses API through the extension (official openai client)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('a non-streamed response carries exactly what the page answered; instructions reach System instructions', async () => {
    const before = h.sim.runs.length;
    const r = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      instructions: 'You are terse.',
      input: 'Hello from the Responses suite',
    });
    const run = h.sim.runs[before]!;
    expect(run.request.prompt).toContain('Hello from the Responses suite');
    expect(run.request.systemInstruction).toBe('You are terse.');
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe(run.answer);
    expect(r.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('a streamed response arrives as typed events whose text deltas equal the page answer', async () => {
    h.sim.setScenario({ name: 'long', chunks: 8, intervalMs: 60 });
    const before = h.sim.runs.length;
    const stream = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Tell me a story',
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    const run = h.sim.runs[before]!;
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types[types.length - 1]).toBe('response.completed');
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(run.answer);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('a tool round trip: the page calls the function, the result goes back with previous_response_id, the page answers', async () => {
    h.sim.setScenario({ name: 'function-call' });
    const before = h.sim.runs.length;
    const first = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'What is the weather in Paris?',
      tools: [weatherTool],
    });
    const call = first.output.find((o) => o.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(`no function call in ${JSON.stringify(first.output)}`);
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    expect(h.sim.runs[before]!.request.tools?.functionDeclarations?.map((d) => d.name)).toEqual(['get_weather']);

    h.sim.setScenario(null);
    const second = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp":"21C"}' }],
      tools: [weatherTool],
    });
    const run = h.sim.runs[before + 1]!;
    expect(run.request.prompt).toContain('{"temp":"21C"}');
    expect(run.request.prompt).toContain('What is the weather in Paris?');
    expect(second.output_text).toBe(run.answer);
  });

  it('the AI SDK default provider runs a tool round trip (call → execute → final answer)', async () => {
    const before = h.sim.runs.length;
    h.sim.setScenario({ name: 'function-call' });
    const executed: unknown[] = [];
    const get_weather = tool({
      description: 'Weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async (input: { city: string }) => {
        executed.push(input);
        // the next run (the final answer) is a plain echo
        h.sim.setScenario(null);
        return { temp: '18C' };
      },
    });
    const model = createOpenAI({ baseURL: h.baseURL, apiKey: 'not-needed' })('gemini-2.5-flash');
    const result = await generateText({
      model,
      tools: { get_weather },
      stopWhen: stepCountIs(3),
      prompt: 'Weather in Paris?',
      maxRetries: 0,
    });
    expect(executed).toEqual([{ city: 'Paris' }]);
    const final = h.sim.runs[before + 1]!;
    expect(final.request.prompt).toContain('18C');
    expect(result.text).toBe(final.answer);
  });

  it("AI Studio's quota error reaches the client as a 429", async () => {
    h.sim.setScenario({ name: 'quota' });
    await expect(
      h.client.responses.create({ model: 'gemini-2.5-flash', input: 'quota please' }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });
});
