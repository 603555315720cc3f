import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

const tools = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
];

describe('chat-completions extras and legacy completions through the extension (two worker tabs)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workerTabs: 2, log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('n=2 runs on both tabs and returns both answers; n=3 is a 400 naming n', async () => {
    const before = h.sim.runs.length;
    const done = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      n: 2,
      messages: [{ role: 'user', content: 'Two answers please' }],
    });
    const runs = h.sim.runs.slice(before);
    expect(runs).toHaveLength(2);
    expect(done.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(done.choices.map((c) => c.message.content).sort()).toEqual(runs.map((r) => r.answer).sort());
    await expect(
      h.client.chat.completions.create({ model: 'gemini-2.5-flash', n: 3, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 400, param: 'n' });
  });

  it('tool_choice "required": a page call streams in argument fragments; a text answer fails clearly', async () => {
    h.sim.setScenario({ name: 'function-call' });
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      tools,
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const pieces: string[] = [];
    for await (const chunk of stream)
      for (const d of chunk.choices[0]?.delta.tool_calls ?? []) pieces.push(d.function?.arguments ?? '');
    expect(pieces.length).toBeGreaterThan(2);
    expect(JSON.parse(pieces.join(''))).toEqual({ city: 'Paris' });

    h.sim.setScenario(null);
    await expect(
      h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        tools,
        tool_choice: 'required',
        messages: [{ role: 'user', content: 'Just say hi' }],
      }),
    ).rejects.toMatchObject({ status: 502, code: 'tool_choice_not_honoured' });
  });

  it('legacy /v1/completions answers what the page answered, streamed and not', async () => {
    const before = h.sim.runs.length;
    const done = await h.client.completions.create({
      model: 'gemini-2.5-flash',
      prompt: 'Say this is a test',
      max_tokens: 100,
    });
    const run = h.sim.runs[before]!;
    expect(run.request.prompt).toContain('Say this is a test');
    expect(run.request.maxOutputTokens).toBe(100);
    expect(done.choices[0]?.text).toBe(run.answer);

    const stream = await h.client.completions.create({
      model: 'gemini-2.5-flash',
      prompt: 'Stream this',
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(h.sim.runs[before + 1]!.answer);
  });
});
