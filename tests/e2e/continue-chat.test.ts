import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** One request: the answer, the `x-bridge-conversation` header and the run the simulated page recorded. */
async function ask(
  h: Harness,
  messages: Message[],
  extra: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming> = {},
) {
  const before = h.sim.runs.length;
  const { data, response } = await h.client.chat.completions
    .create({ model: 'gemini-2.5-flash', messages, ...extra })
    .withResponse();
  expect(h.sim.runs.length).toBe(before + 1);
  const run = h.sim.runs[before]!;
  return { message: data.choices[0]!.message, header: response.headers.get('x-bridge-conversation'), run };
}

const said = (m: { content: string | null }): string => m.content ?? '';

describe('continuing conversations on one worker tab', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workerTabs: 1, log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  const conversation: Message[] = [];

  it('a 4-turn conversation types only the new message; the page sends the earlier turns as real turns', async () => {
    const questions = ['Tell me about apples', 'And pears?', 'Which one is sweeter?', 'Thanks, one more: plums?'];
    for (const [i, q] of questions.entries()) {
      conversation.push({ role: 'user', content: q });
      const { message, header, run } = await ask(h, conversation);
      expect(message.content).toBe(run.answer);
      expect(run.answer).toContain(`You said: "${q}"`);
      expect(header).toBe(i === 0 ? 'rebuilt; new conversation' : 'continued');
      // What was typed is only the new message; earlier turns come from the page's own chat.
      expect(run.request.prompt).toBe(q);
      expect(run.request.history).toHaveLength(2 * i);
      conversation.push({ role: 'assistant', content: said(message) });
    }
    const turn4 = h.sim.runs.at(-1)!;
    expect(turn4.request.history.map((t) => [t.role, t.text])).toEqual(
      conversation.slice(0, 6).map((m) => [m.role === 'assistant' ? 'model' : 'user', m.content]),
    );
    const health = await h.health();
    expect((health as unknown as { conversations: { continued: number } }).conversations.continued).toBe(3);
  });

  it('an edited history rebuilds in a fresh chat and answers right', async () => {
    // The person edits their second message (index 2) and asks again.
    const edited: Message[] = [
      ...conversation.slice(0, 2),
      { role: 'user', content: 'And oranges?' },
      ...conversation.slice(3),
    ];
    edited.push({ role: 'user', content: 'What about kiwis?' });
    const { message, header, run } = await ask(h, edited);
    expect(header).toBe('rebuilt; the history was edited');
    expect(run.request.history).toHaveLength(0);
    expect(run.request.prompt).toContain('<conversation_history>');
    expect(run.request.prompt).toContain('And oranges?');
    expect(run.request.prompt).not.toContain('<turn role="user">\nAnd pears?');
    expect(run.request.prompt.trim().endsWith('What about kiwis?')).toBe(true);
    expect(message.content).toBe(run.answer);
    conversation.splice(0, conversation.length, ...edited, { role: 'assistant', content: said(message) });
  });

  it('the rebuilt chat is kept: the next turn continues it', async () => {
    conversation.push({ role: 'user', content: 'And bananas?' });
    const { message, header, run } = await ask(h, conversation);
    expect(header).toBe('continued');
    expect(run.request.prompt).toBe('And bananas?');
    expect(run.request.history).toHaveLength(2);
    expect(message.content).toBe(run.answer);
    conversation.push({ role: 'assistant', content: said(message) });
  });

  it('a changed system message rebuilds and reaches the page', async () => {
    const withSystem: Message[] = [
      { role: 'system', content: 'Answer in one line.' },
      ...conversation,
      { role: 'user', content: 'Cherries?' },
    ];
    const { message, header, run } = await ask(h, withSystem);
    expect(header).toBe('rebuilt; the system instruction changed');
    expect(run.request.systemInstruction).toBe('Answer in one line.');
    expect(run.request.history).toHaveLength(0);
    expect(message.content).toBe(run.answer);
  });

  it('a regenerate (the same request again) rebuilds and answers right', async () => {
    const again: Message[] = [
      { role: 'system', content: 'Answer in one line.' },
      ...conversation,
      { role: 'user', content: 'Cherries?' },
    ];
    const { message, header, run } = await ask(h, again);
    expect(header).toBe("rebuilt; regenerate: the tab's chat already answered this");
    expect(run.request.history).toHaveLength(0);
    expect(run.request.prompt.trim().endsWith('Cherries?')).toBe(true);
    expect(message.content).toBe(run.answer);
  });

  it('per-run settings do not break continuation', async () => {
    const base: Message[] = [{ role: 'user', content: 'Settings one' }];
    const first = await ask(h, base);
    const next: Message[] = [
      ...base,
      { role: 'assistant', content: said(first.message) },
      { role: 'user', content: 'Settings two' },
    ];
    const { header, run } = await ask(h, next, { temperature: 0.3, max_tokens: 900 });
    expect(header).toBe('continued');
    expect(run.request.temperature).toBe(0.3);
    expect(run.request.maxOutputTokens).toBe(900);
  });

  it('a tool round trip rebuilds (the page has no control to answer a function call) and answers right', async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    h.sim.setScenario({ name: 'function-call', functionArgs: { city: 'Paris' } });
    const question: Message = { role: 'user', content: 'Weather in Paris?' };
    const first = await ask(h, [question], { tools });
    const call = first.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : null).toBe('get_weather');
    h.sim.setScenario(null);
    const { message, header, run } = await ask(
      h,
      [
        question,
        { role: 'assistant', content: null, tool_calls: first.message.tool_calls },
        { role: 'tool', tool_call_id: call!.id, content: 'Sunny, 21 C' },
      ],
      { tools },
    );
    expect(header).toBe('rebuilt; function results: the page has no control to answer a function call');
    expect(run.request.prompt).toContain('Sunny, 21 C');
    expect(run.request.history).toHaveLength(0);
    expect(message.content).toBe(run.answer);
  });

  it('two conversations interleaved over one tab rebuild and never mix', async () => {
    const a: Message[] = [{ role: 'user', content: 'Conversation A starts' }];
    const b: Message[] = [{ role: 'user', content: 'Conversation B starts' }];
    a.push({ role: 'assistant', content: said((await ask(h, a)).message) });
    b.push({ role: 'assistant', content: said((await ask(h, b)).message) });
    a.push({ role: 'user', content: 'A continues' });
    const ra = await ask(h, a);
    b.push({ role: 'user', content: 'B continues' });
    const rb = await ask(h, b);
    for (const [r, own, other] of [
      [ra, 'Conversation A starts', 'Conversation B'],
      [rb, 'Conversation B starts', 'Conversation A'],
    ] as const) {
      expect(r.header).toBe('rebuilt; no tab holds this conversation');
      expect(r.run.request.history).toHaveLength(0);
      expect(r.run.request.prompt).toContain(own);
      expect(r.run.request.prompt).not.toContain(other);
      expect(r.message.content).toBe(r.run.answer);
    }
  });

  it('a reloaded worker tab (its temporary chat gone) rebuilds and answers right', async () => {
    const talk: Message[] = [{ role: 'user', content: 'Before the reload' }];
    talk.push({ role: 'assistant', content: said((await ask(h, talk)).message) });
    const page = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
    await page!.reload();
    await h.waitForReadyTabs(1);
    talk.push({ role: 'user', content: 'After the reload' });
    const { message, header, run } = await ask(h, talk);
    // Either the bridge heard the tab reload, or the tab found its chat gone when asked to continue.
    expect(header).toMatch(
      /^rebuilt; (no tab holds this conversation|the tab's chat was not as the bridge left it \(reloaded or changed\))$/,
    );
    expect(run.request.history).toHaveLength(0);
    expect(run.request.prompt).toContain('Before the reload');
    expect(run.request.prompt.trim().endsWith('After the reload')).toBe(true);
    expect(message.content).toBe(run.answer);
  });
});

describe('continuing conversations on two worker tabs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workerTabs: 2, log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('two interleaved conversations each keep their own tab', async () => {
    const a: Message[] = [{ role: 'user', content: 'Alpha one' }];
    const b: Message[] = [{ role: 'user', content: 'Beta one' }];
    const a1 = await ask(h, a);
    const b1 = await ask(h, b);
    expect(a1.run.pageId).not.toBe(b1.run.pageId);
    a.push({ role: 'assistant', content: said(a1.message) }, { role: 'user', content: 'Alpha two' });
    b.push({ role: 'assistant', content: said(b1.message) }, { role: 'user', content: 'Beta two' });
    const a2 = await ask(h, a);
    const b2 = await ask(h, b);
    for (const [first, next, prompt, own] of [
      [a1, a2, 'Alpha two', 'Alpha one'],
      [b1, b2, 'Beta two', 'Beta one'],
    ] as const) {
      expect(next.header).toBe('continued');
      expect(next.run.pageId).toBe(first.run.pageId);
      expect(next.run.request.prompt).toBe(prompt);
      expect(next.run.request.history.map((t) => t.text)).toEqual([own, first.run.answer]);
      expect(next.message.content).toBe(next.run.answer);
    }
  });
});
