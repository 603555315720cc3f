// Issue 22 §3–4 through a fake extension: each surface's own way of asking for Google Search,
// URL context and code execution reaches the job's switches (for that run only), and the page's
// sources and code come back in each surface's own shape, streamed and not, with each official client.

import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../protocol/messages.ts';
import { FakePeer, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

const MODELS: ModelInfo[] = [
  { id: 'gemini-2.5-pro', capabilities: ['code_execution', 'function_calling', 'google_search', 'url_context'] },
  { id: 'gemini-2.5-flash-image', capabilities: ['image_output'], imageAspectRatios: ['1:1'], imageSizes: [] },
];

// Multi-byte text: the page counts UTF-8 bytes, clients count string indices.
const S1 = 'Café ☕ opens at 8.';
const S2 = 'Tides 🌊 are high.';
const TEXT = `${S1} ${S2}`;
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const SOURCES = [
  { uri: 'https://a.example/cafe', title: 'a.example' },
  { uri: 'https://b.example/tides', title: 'b.example' },
];
const CODE = '```python\nprint(8)\n```\n\n```output\n8\n```\n';

/** Code, its result, the text in two frames, then the sources (on the last frame, as the page sends them). */
const grounded: Behaviour = (job) => {
  job.send({ kind: 'started' });
  job.send({ kind: 'code', language: 'python', code: 'print(8)' });
  job.send({ kind: 'code_result', outcome: 'ok', output: '8\n' });
  job.send({ kind: 'text', text: TEXT.slice(0, 9) });
  job.send({ kind: 'text', text: TEXT.slice(9) });
  const s2 = bytes(`${S1} `);
  job.send({
    kind: 'grounding',
    queries: ['cafe tides'],
    sources: SOURCES,
    supports: [
      { start: 0, end: bytes(S1), text: S1, sources: [0] },
      { start: s2, end: s2 + bytes(S2), text: S2, sources: [1, 0] },
    ],
  });
  job.send({ kind: 'done' });
};

let h: Harness | null = null;
let peer: FakePeer | null = null;
afterEach(async () => {
  await peer?.close();
  peer = null;
  await h?.close();
  h = null;
});

async function start(behaviour: Behaviour = grounded): Promise<{ h: Harness; peer: FakePeer }> {
  h = await startHarness([]);
  // The harness's own peer reports no models: this one reports the page's capabilities and serves the tab.
  peer = await FakePeer.connect(h.bridge.url, { token: TEST_TOKEN, tabs: [{ tabId: '1', behaviour }], models: MODELS });
  await peer.sync();
  return { h, peer };
}

const lastSettings = (p: FakePeer) => p.started.at(-1)?.request.settings;
const OFF = { googleSearch: false, urlContext: false, codeExecution: false };

/** Every annotation's range in `text` is the stretch its source supports. */
function expectRanges(text: string, list: { start: number; end: number; url: string }[]): void {
  expect(list.map((a) => [text.slice(a.start, a.end), a.url])).toEqual([
    [S1, SOURCES[0]?.uri],
    [S2, SOURCES[1]?.uri],
    [S2, SOURCES[0]?.uri],
  ]);
}

describe('tool switches from every surface, for that run only', () => {
  it('chat web_search_options and tools; Responses web_search and code_interpreter; a later request turns them off', async () => {
    const { h, peer } = await start();
    await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'tides?' }],
      web_search_options: {},
    });
    expect(lastSettings(peer)).toMatchObject({ ...OFF, googleSearch: true });
    await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'tides?' }],
      tools: [{ type: 'web_search_preview' } as never, { type: 'code_interpreter' } as never],
    });
    expect(lastSettings(peer)).toMatchObject({ googleSearch: true, urlContext: false, codeExecution: true });
    await h.client.responses.create({
      model: 'gemini-2.5-pro',
      input: 'tides?',
      tools: [{ type: 'web_search' }, { type: 'code_interpreter', container: { type: 'auto' } }],
    });
    expect(lastSettings(peer)).toMatchObject({ googleSearch: true, urlContext: false, codeExecution: true });
    await h.client.responses.create({ model: 'gemini-2.5-pro', input: 'again, plainly' });
    expect(lastSettings(peer)).toMatchObject(OFF);
  });

  it('Anthropic web_search / web_fetch / code_execution server tools, Gemini tools, Ollama web_search', async () => {
    const { h, peer } = await start();
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'x', maxRetries: 0 });
    await anthropic.messages.create({
      model: 'gemini-2.5-pro',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'tides?' }],
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'web_fetch_20250910', name: 'web_fetch' } as never,
        { type: 'code_execution_20250522', name: 'code_execution' } as never,
      ],
    });
    expect(lastSettings(peer)).toMatchObject({ googleSearch: true, urlContext: true, codeExecution: true });
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url } });
    await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: 'tides?',
      config: { tools: [{ googleSearch: {} }, { urlContext: {} }, { codeExecution: {} }] },
    });
    expect(lastSettings(peer)).toMatchObject({ googleSearch: true, urlContext: true, codeExecution: true });
    await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'plain' });
    expect(lastSettings(peer)).toMatchObject(OFF);
    const ollama = new Ollama({ host: h.bridge.url });
    await ollama.chat({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'tides?' }],
      tools: [{ type: 'function', function: { name: 'web_search', description: 'search', parameters: {} } }],
    });
    const job = peer.started.at(-1)?.request;
    expect(job?.settings).toMatchObject({ ...OFF, googleSearch: true });
    expect(job?.tools).toBeUndefined();
  });

  it('a model whose page has no such switch: 400 naming the field that asked', async () => {
    const { h, peer } = await start();
    const before = peer.started.length;
    const err = await h.client.chat.completions
      .create({ model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'x' }], web_search_options: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('web_search_options');
    expect((err as Error).message).toContain('gemini-2.5-pro');
    const res = await fetch(`${h.bridge.url}/v1beta/models/gemini-2.5-flash-image:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }], tools: [{ codeExecution: {} }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('tools[0].codeExecution');
    expect(peer.started.length).toBe(before);
  });
});

describe('sources and code in each surface', () => {
  it('chat: code as fenced blocks before the text, url_citation annotations with character ranges, streamed too', async () => {
    const { h } = await start();
    const ask = {
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user' as const, content: 'tides?' }],
      web_search_options: {},
    };
    const r = await h.client.chat.completions.create(ask);
    assertSchema('CreateChatCompletionResponse', r);
    const message = r.choices[0]!.message;
    expect(message.content).toBe(CODE + TEXT);
    expect(message.annotations?.every((a) => a.type === 'url_citation')).toBe(true);
    expectRanges(
      message.content!,
      (message.annotations ?? []).map((a) => ({
        start: a.url_citation.start_index,
        end: a.url_citation.end_index,
        url: a.url_citation.url,
      })),
    );
    expect(message.annotations?.[0]?.url_citation.title).toBe('a.example');

    let text = '';
    const streamed: unknown[] = [];
    for await (const chunk of await h.client.chat.completions.create({ ...ask, stream: true })) {
      assertSchema('CreateChatCompletionStreamResponse', chunk);
      const delta = chunk.choices[0]?.delta as { content?: string; annotations?: unknown[] } | undefined;
      text += delta?.content ?? '';
      streamed.push(...(delta?.annotations ?? []));
    }
    expect(text).toBe(message.content);
    expect(streamed).toEqual(message.annotations);
  });

  it('Responses: output_text annotations and a web_search_call item, and their stream events', async () => {
    const { h } = await start();
    const ask = { model: 'gemini-2.5-pro', input: 'tides?', tools: [{ type: 'web_search' as const }] };
    const r = await h.client.responses.create(ask);
    assertSchema('Response', r);
    expect(r.output_text).toBe(CODE + TEXT);
    const msg = r.output.find((o) => o.type === 'message');
    const part = msg?.type === 'message' ? msg.content[0] : undefined;
    const annotations = part?.type === 'output_text' ? part.annotations : [];
    expectRanges(
      r.output_text,
      annotations.map((a) =>
        a.type === 'url_citation' ? { start: a.start_index, end: a.end_index, url: a.url } : a,
      ) as never,
    );
    const search = r.output.find((o) => o.type === 'web_search_call');
    expect(search).toMatchObject({
      status: 'completed',
      action: { type: 'search', queries: ['cafe tides'], sources: SOURCES.map((s) => ({ type: 'url', url: s.uri })) },
    });

    const events: { type: string; [k: string]: unknown }[] = [];
    for await (const e of await h.client.responses.create({ ...ask, stream: true })) {
      assertSchema('ResponseStreamEvent', e);
      events.push(e as never);
    }
    const added = events.filter((e) => e.type === 'response.output_text.annotation.added');
    expect(added.map((e) => e.annotation)).toEqual(annotations);
    expect(added.map((e) => e.annotation_index)).toEqual([0, 1, 2]);
    const types = events.map((e) => e.type);
    expect(types.indexOf('response.output_text.annotation.added')).toBeLessThan(
      types.indexOf('response.output_text.done'),
    );
    expect(types).toContain('response.web_search_call.completed');
    const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as { type: string });
    expect(done.map((i) => i.type)).toEqual(['message', 'web_search_call']);
    const completed = events.at(-1) as unknown as { response: { output: unknown[] } };
    expect(completed.response.output).toEqual(done);
  });

  it('Anthropic: server_tool_use, web_search_tool_result and citations on the text, streamed too', async () => {
    const { h } = await start();
    const anthropic = new Anthropic({ baseURL: h.bridge.url, apiKey: 'x', maxRetries: 0 });
    const ask = {
      model: 'gemini-2.5-pro',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'tides?' }],
      tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const }],
    };
    const m = await anthropic.messages.create(ask);
    expect(m.content.map((b) => b.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    const [use, result, text] = m.content;
    expect(use).toMatchObject({ type: 'server_tool_use', name: 'web_search', input: { query: 'cafe tides' } });
    expect(result).toMatchObject({
      type: 'web_search_tool_result',
      tool_use_id: use?.type === 'server_tool_use' ? use.id : '',
      content: SOURCES.map((s) => ({ type: 'web_search_result', url: s.uri, title: s.title })),
    });
    expect(text?.type === 'text' && text.text).toBe(CODE + TEXT);
    const cited = text?.type === 'text' ? (text.citations ?? []) : [];
    expect(cited.map((c) => (c.type === 'web_search_result_location' ? [c.cited_text, c.url] : null))).toEqual([
      [S1, SOURCES[0]?.uri],
      [S2, SOURCES[1]?.uri],
      [S2, SOURCES[0]?.uri],
    ]);

    const streamed = await anthropic.messages.stream(ask).finalMessage();
    const byType = new Map(streamed.content.map((b) => [b.type, b]));
    expect(byType.get('text')).toEqual(text);
    expect(byType.get('server_tool_use')).toMatchObject({ name: 'web_search', input: { query: 'cafe tides' } });
    expect((byType.get('web_search_tool_result') as { content: unknown }).content).toEqual(
      (result as { content: unknown }).content,
    );
  });

  it('Gemini streams executableCode / codeExecutionResult parts and groundingMetadata; Ollama gets code as text', async () => {
    const { h } = await start();
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url } });
    const parts: unknown[] = [];
    let grounding: unknown = null;
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: 'tides?',
      config: { tools: [{ googleSearch: {} }, { codeExecution: {} }] },
    })) {
      parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []).filter((p) => p.text !== ''));
      grounding ??= chunk.candidates?.[0]?.groundingMetadata ?? null;
    }
    expect(parts.slice(0, 2)).toEqual([
      { executableCode: { language: 'PYTHON', code: 'print(8)' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '8\n' } },
    ]);
    expect(grounding).toMatchObject({
      webSearchQueries: ['cafe tides'],
      groundingChunks: [{ web: SOURCES[0] }, { web: SOURCES[1] }],
    });
    const ollama = new Ollama({ host: h.bridge.url });
    const r = await ollama.chat({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'count' }] });
    expect(r.message.content).toBe(CODE + TEXT);
  });
});
