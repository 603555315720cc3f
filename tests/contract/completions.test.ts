import { afterEach, describe, expect, it } from 'vitest';
import { streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, sseEvents, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('legacy POST /v1/completions', () => {
  it('answers non-streaming with a text_completion, parameters on the page', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['This is ', 'a test.']) }]);
    const done = await h.client.completions.create({
      model: 'gemini-2.5-flash',
      prompt: 'Say this is a test',
      max_tokens: 64,
      temperature: 0.2,
      stop: ['\n\n'],
    });
    assertSchema('CreateCompletionResponse', done);
    expect(done.object).toBe('text_completion');
    expect(done.choices).toEqual([{ text: 'This is a test.', index: 0, logprobs: null, finish_reason: 'stop' }]);
    expect(done.usage?.completion_tokens).toBeGreaterThan(0);
    const sent = h.peer.started[0]?.request;
    expect(sent?.prompt).toBe('Say this is a test');
    expect(sent?.settings).toMatchObject({ maxOutputTokens: 64, temperature: 0.2, stopSequences: ['\n\n'] });
  });

  it('streams text_completion chunks and ends with [DONE]; echo prepends the prompt', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['one ', 'two']) }]);
    const stream = await h.client.completions.create({ model: 'x', prompt: 'count', stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // OpenAI sends finish_reason null until the last chunk although its schema lists only strings;
    // the final chunk is checked against the schema, the others for that null.
    assertSchema('CreateCompletionResponse', chunks[chunks.length - 1]);
    for (const c of chunks.slice(0, -1))
      expect(c).toMatchObject({
        object: 'text_completion',
        choices: [{ index: 0, logprobs: null, finish_reason: null }],
      });
    expect(chunks.map((c) => c.choices[0]?.text).join('')).toBe('one two');
    expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('stop');

    const raw = await fetch(`${h.baseURL}/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'x', prompt: 'count: ', echo: true, stream: true }),
    });
    const data = sseEvents(await raw.text());
    expect(data[data.length - 1]).toBe('[DONE]');
    const text = data
      .slice(0, -1)
      .map((d) => (JSON.parse(d) as { choices: Array<{ text: string }> }).choices[0]?.text ?? '');
    expect(text.join('')).toBe('count: one two');
  });

  it('rejects what it cannot do, naming the field', async () => {
    h = await startHarness([{ tabId: '1' }]);
    await expect(h.client.completions.create({ model: 'x', prompt: [1, 2, 3] })).rejects.toMatchObject({
      status: 400,
      param: 'prompt',
    });
    await expect(
      h.client.completions.create({ model: 'x', prompt: 'def f(', suffix: 'return x' }),
    ).rejects.toMatchObject({ status: 400, param: 'suffix' });
    await expect(h.client.completions.create({ model: 'x', prompt: 'a', n: 2 })).rejects.toMatchObject({
      status: 400,
      param: 'n',
    });
    expect(h.peer.started).toHaveLength(0);
  });
});
