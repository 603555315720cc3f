import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * A fake tab that keeps its chat the way the real extension does: it continues when the bridge
 * sends `continuation` with the turn count it reported, and echoes what it was given to type.
 */
function keepingTab(): Behaviour {
  let turns = 0;
  return (job) => {
    const c = job.request.continuation;
    const continued = c !== undefined && c.turns === turns;
    turns = continued ? turns + 2 : 2;
    job.send({ kind: 'started', chat: continued ? 'continued' : 'new' });
    job.send({ kind: 'text', text: `Typed: ${continued ? c.prompt : job.request.prompt.slice(-20)}` });
    job.send({ kind: 'done', chatTurns: turns });
  };
}

interface Surface {
  name: string;
  path: string;
  /** the request body for a conversation of alternating user/assistant texts */
  body(turns: string[]): unknown;
  /** the answer text in the response body */
  answer(body: unknown): string;
}

const roles = (turns: string[]) => turns.map((t, i) => ({ role: i % 2 ? 'assistant' : 'user', content: t }));
const surfaces: Surface[] = [
  {
    name: 'chat completions',
    path: '/v1/chat/completions',
    body: (t) => ({ model: 'gemini-2.5-pro', messages: roles(t) }),
    answer: (b) => (b as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content,
  },
  {
    name: 'responses',
    path: '/v1/responses',
    body: (t) => ({ model: 'gemini-2.5-pro', input: roles(t) }),
    answer: (b) => (b as { output: Array<{ content: Array<{ text: string }> }> }).output[0]!.content[0]!.text,
  },
  {
    name: 'anthropic',
    path: '/v1/messages',
    body: (t) => ({ model: 'gemini-2.5-pro', max_tokens: 100, messages: roles(t) }),
    answer: (b) => (b as { content: Array<{ text: string }> }).content[0]!.text,
  },
  {
    name: 'gemini',
    path: '/v1beta/models/gemini-2.5-pro:generateContent',
    body: (t) => ({ contents: t.map((text, i) => ({ role: i % 2 ? 'model' : 'user', parts: [{ text }] })) }),
    answer: (b) =>
      (b as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0]!.content.parts[0]!
        .text,
  },
  {
    name: 'ollama',
    path: '/api/chat',
    body: (t) => ({ model: 'gemini-2.5-pro', stream: false, messages: roles(t) }),
    answer: (b) => (b as { message: { content: string } }).message.content,
  },
];

describe('x-bridge-conversation on every surface', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([{ tabId: '1', model: 'gemini-2.5-pro', behaviour: keepingTab() }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${h.bridge.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return { header: res.headers.get('x-bridge-conversation'), body: (await res.json()) as unknown };
  };

  for (const s of surfaces) {
    it(`${s.name}: a new conversation is rebuilt, its next turn continued with only the new message`, async () => {
      const first = `Hello from ${s.name}`;
      const one = await post(s.path, s.body([first]));
      expect(one.header).toBe('rebuilt; new conversation');
      const two = await post(s.path, s.body([first, s.answer(one.body), 'And then?']));
      expect(two.header).toBe('continued');
      expect(h.peer.started.at(-1)!.request.continuation?.prompt).toBe('And then?');
      expect(s.answer(two.body)).toBe('Typed: And then?');
    });
  }

  it('legacy completions say so too; /health counts both', async () => {
    const res = await fetch(`${h.bridge.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-pro', prompt: 'Once upon a time' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bridge-conversation')).toBe('rebuilt; new conversation');
    const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as {
      conversations: { continued: number; rebuilt: number; rebuilt_reasons: Record<string, number> };
    };
    expect(health.conversations).toMatchObject({
      continued: surfaces.length,
      rebuilt: surfaces.length + 1,
      rebuilt_reasons: { 'new conversation': surfaces.length + 1 },
    });
  });
});
