// Grounding with sources and code execution end to end (issue 22 §3–4): the real extension turns
// the simulated page's switches on for the run that asks (and off for the next), and each official
// client reads the page's sources and code in its own shape. One demo stack for the whole file.

import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, waitForPageModels, type Harness } from './harness/harness.ts';

const MODEL = 'gemini-2.5-flash';

describe('grounding and code execution through the extension and the simulated page', () => {
  let h: Harness;
  const bridgeUrl = (): string => h.baseURL.replace(/\/v1$/, '');
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
    await waitForPageModels(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The sim run a request made, with the sources it sent. */
  const runAfter = (before: number) => {
    const run = h.sim.runs[before];
    if (!run) throw new Error('the page ran nothing');
    return run;
  };

  it('Responses with web_search: the page searched; output_text annotations and a web_search_call item', async () => {
    const before = h.sim.runs.length;
    const r = await h.client.responses.create({
      model: MODEL,
      input: 'When is high tide in Brest? Answer in two sentences.',
      tools: [{ type: 'web_search' }],
    });
    const run = runAfter(before);
    expect(run.request.tools.googleSearch).toBe(true);
    expect(run.request.tools.codeExecution).toBeFalsy();
    const g = run.grounding!;
    expect(g.sources.length).toBeGreaterThan(0);
    const msg = r.output.find((o) => o.type === 'message');
    const part = msg?.type === 'message' ? msg.content[0] : undefined;
    const annotations = part?.type === 'output_text' ? part.annotations : [];
    expect(annotations.length).toBe(g.supports.length);
    for (const a of annotations) {
      if (a.type !== 'url_citation') throw new Error(`unexpected annotation ${a.type}`);
      expect(g.supports.map((s) => s.text)).toContain(r.output_text.slice(a.start_index, a.end_index));
      expect(g.sources.map((s) => s.uri)).toContain(a.url);
    }
    const search = r.output.find((o) => o.type === 'web_search_call');
    expect(search).toMatchObject({ status: 'completed', action: { type: 'search', queries: g.queries } });
  });

  it('chat with web_search_options: url_citation annotations, streamed too; the next plain chat turns Search off', async () => {
    const ask = {
      model: MODEL,
      messages: [{ role: 'user' as const, content: 'Is the Louvre open on Tuesdays? Two sentences.' }],
      web_search_options: {},
    };
    let before = h.sim.runs.length;
    const r = await h.client.chat.completions.create(ask);
    let run = runAfter(before);
    expect(run.request.tools.googleSearch).toBe(true);
    const message = r.choices[0]!.message;
    const supports = run.grounding!.supports.map((s) => s.text);
    expect(message.annotations?.length).toBe(supports.length);
    for (const a of message.annotations ?? [])
      expect(supports).toContain(message.content!.slice(a.url_citation.start_index, a.url_citation.end_index));

    before = h.sim.runs.length;
    const streamed: unknown[] = [];
    let text = '';
    for await (const chunk of await h.client.chat.completions.create({ ...ask, stream: true })) {
      const delta = chunk.choices[0]?.delta as { content?: string; annotations?: unknown[] } | undefined;
      text += delta?.content ?? '';
      streamed.push(...(delta?.annotations ?? []));
    }
    run = runAfter(before);
    expect(text).toBe(run.answer);
    expect(streamed).toHaveLength(run.grounding!.supports.length);

    before = h.sim.runs.length;
    const plain = await h.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi.' }],
    });
    run = runAfter(before);
    expect(run.request.tools.googleSearch).toBeFalsy();
    expect(run.grounding).toBeNull();
    expect(plain.choices[0]!.message.annotations).toBeUndefined();
  });

  it('a kept chat follows each request: Search on for one turn, off for the next, in the same chat', async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Where is Brest? One sentence.' },
    ];
    let before = h.sim.runs.length;
    const first = await h.client.chat.completions.create({ model: MODEL, messages, web_search_options: {} });
    expect(runAfter(before).request.tools.googleSearch).toBe(true);
    messages.push(
      { role: 'assistant', content: first.choices[0]!.message.content },
      { role: 'user', content: 'And Lyon?' },
    );
    before = h.sim.runs.length;
    const { response } = await h.client.chat.completions.create({ model: MODEL, messages }).withResponse();
    const run = runAfter(before);
    expect(response.headers.get('x-bridge-conversation')).toBe('continued');
    expect(run.request.prompt).toBe('And Lyon?');
    expect(run.request.tools.googleSearch).toBeFalsy();
  });

  it('@anthropic-ai/sdk with the web search tool: web_search_tool_result and citations on the text', async () => {
    const anthropic = new Anthropic({ baseURL: bridgeUrl(), apiKey: 'any', maxRetries: 0 });
    const before = h.sim.runs.length;
    const m = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Who painted the Mona Lisa? Two sentences.' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    const run = runAfter(before);
    expect(run.request.tools.googleSearch).toBe(true);
    const result = m.content.find((b) => b.type === 'web_search_tool_result');
    expect(result?.type === 'web_search_tool_result' && result.content).toEqual(
      run.grounding!.sources.map((s) => expect.objectContaining({ type: 'web_search_result', url: s.uri })),
    );
    const text = m.content.find((b) => b.type === 'text');
    const cited = text?.type === 'text' ? (text.citations ?? []) : [];
    expect(cited.map((c) => (c.type === 'web_search_result_location' ? c.cited_text : ''))).toEqual(
      run.grounding!.supports.map((s) => s.text),
    );
  });

  it('@google/genai with googleSearch gets groundingMetadata, with codeExecution the code parts', async () => {
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: bridgeUrl() } });
    let before = h.sim.runs.length;
    const grounded = await ai.models.generateContent({
      model: MODEL,
      contents: 'What is the tallest mountain in Europe? Two sentences.',
      config: { tools: [{ googleSearch: {} }] },
    });
    let run = runAfter(before);
    expect(run.request.tools.googleSearch).toBe(true);
    const meta = grounded.candidates?.[0]?.groundingMetadata;
    expect(meta?.webSearchQueries).toEqual(run.grounding!.queries);
    expect(meta?.groundingChunks?.map((c) => c.web?.uri)).toEqual(run.grounding!.sources.map((s) => s.uri));

    before = h.sim.runs.length;
    const coded = await ai.models.generateContent({
      model: MODEL,
      contents: 'Count the words in this sentence with code.',
      config: { tools: [{ codeExecution: {} }] },
    });
    run = runAfter(before);
    expect(run.request.tools.codeExecution).toBe(true);
    expect(run.request.tools.googleSearch).toBeFalsy();
    const parts = coded.candidates?.[0]?.content?.parts ?? [];
    expect(parts.find((p) => p.executableCode)?.executableCode).toEqual({ language: 'PYTHON', code: run.code!.code });
    expect(parts.find((p) => p.codeExecutionResult)?.codeExecutionResult).toEqual({
      outcome: 'OUTCOME_OK',
      output: run.code!.output,
    });
  });

  it('Responses with code_interpreter: the code and its output as fenced blocks before the answer', async () => {
    const before = h.sim.runs.length;
    const r = await h.client.responses.create({
      model: MODEL,
      input: 'Count the words of this sentence.',
      tools: [{ type: 'code_interpreter', container: { type: 'auto' } }],
    });
    const run = runAfter(before);
    expect(run.request.tools.codeExecution).toBe(true);
    const code = run.code!;
    const expected = `\`\`\`python\n${code.code}${code.code.endsWith('\n') ? '' : '\n'}\`\`\`\n\n\`\`\`output\n${code.output}\`\`\`\n`;
    expect(r.output_text).toBe(expected + run.answer);
  });
});
