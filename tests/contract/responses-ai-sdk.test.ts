import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText as aiStreamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Behaviour } from '../../sim/launch/fake-peer.ts';
import { streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

/** The Vercel AI SDK's default OpenAI provider: `openai(id)` speaks the Responses API. */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const provider = (harness: Harness) => createOpenAI({ baseURL: harness.baseURL, apiKey: 'sk-anything' });

const weatherAgent: Behaviour = (job) => {
  if (job.request.prompt.includes('<function_result')) {
    job.send({ kind: 'text', text: job.request.prompt.includes('"21C"') ? 'It is 21C in Paris.' : 'No result seen.' });
    job.send({ kind: 'done' });
  } else toolCall('get_weather', { city: 'Paris' })(job);
};

describe('@ai-sdk/openai default provider (Responses API) against the bridge', () => {
  it('generateText returns the answer, reasoning and usage', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['Hello', ' there'], {
          thoughts: ['Be nice.'],
          usage: { kind: 'usage', promptTokens: 5, completionTokens: 2 },
        }),
      },
    ]);
    const result = await generateText({
      model: provider(h)('gemini-2.5-flash'),
      system: 'Be terse.',
      prompt: 'Greet me',
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello there');
    expect(result.reasoningText).toBe('Be nice.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(5);
    expect(h.peer.started[0]?.request.systemInstruction).toBe('Be terse.');
    expect(h.peer.started[0]?.request.prompt).toBe('Greet me');
  });

  it('streamText streams the text deltas', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['a', 'b', 'c'], { delayMs: 5 }) }]);
    const result = aiStreamText({ model: provider(h)('gemini-2.5-flash'), prompt: 'abc', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.join('')).toBe('abc');
    expect(parts.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs a tool round trip: call → execute → final answer (generateText and streamText)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: weatherAgent }]);
    const executed: unknown[] = [];
    const tools = {
      get_weather: tool({
        description: 'Weather for a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async (input: { city: string }) => {
          executed.push(input);
          return { temp: '21C' };
        },
      }),
    };
    const result = await generateText({
      model: provider(h)('gemini-2.5-flash'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'Weather in Paris?',
      maxRetries: 0,
    });
    expect(executed).toEqual([{ city: 'Paris' }]);
    expect(result.text).toBe('It is 21C in Paris.');
    expect(result.steps).toHaveLength(2);
    expect(h.peer.started[1]?.request.prompt).toContain('<function_call name="get_weather"');

    const streamed = aiStreamText({
      model: provider(h)('gemini-2.5-flash'),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'Weather in Paris?',
      maxRetries: 0,
    });
    let text = '';
    for await (const part of streamed.textStream) text += part;
    expect(text).toBe('It is 21C in Paris.');
    expect(executed).toHaveLength(2);
  });

  it('continues a conversation whose earlier answer the SDK sends back as an item_reference (store on)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['Paris is the capital.']) }]);
    const model = provider(h)('gemini-2.5-flash');
    const first = await generateText({ model, prompt: 'Capital of France?', maxRetries: 0 });
    const messages = [
      { role: 'user' as const, content: 'Capital of France?' },
      ...first.response.messages,
      { role: 'user' as const, content: 'And its population?' },
    ];
    await generateText({ model, messages, maxRetries: 0 });
    const prompt = h.peer.started[1]?.request.prompt ?? '';
    expect(prompt).toContain('<turn role="assistant">\nParis is the capital.\n</turn>');
    expect(prompt.endsWith('And its population?')).toBe(true);
  });

  it('surfaces a bridge error as an APICallError with the status', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['x']) }], { strictModels: true });
    await expect(
      generateText({ model: provider(h)('no-such-model'), prompt: 'x', maxRetries: 0 }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
