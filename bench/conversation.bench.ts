/**
 * Continuing conversations (pool/kept-chats.ts) on the demo path: a 10-turn conversation driven by
 * the official OpenAI client → real bridge → Chromium with the built extension → simulated AI
 * Studio, once with kept chats (the tab types only the new message into the same chat) and once
 * with continuation off (every turn opens a fresh chat and types the folded history).
 *
 * Per turn: characters typed into the page (the last user turn of the page's GenerateContent
 * request, as the simulator recorded it) and dispatch time (client sends → the page issues
 * GenerateContent); and the whole conversation's time. One warm-up request first, so the model
 * switch (a page reload) is not counted in turn 1.
 */
import OpenAI from 'openai';
import { startStack } from '../sim/launch/stack.ts';

const TURNS = 10;
const MODEL = 'gemini-2.5-flash';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Series {
  typed: number[];
  newMessage: number[];
  dispatch: number[];
  /** the page's run ended → the client has the whole answer */
  finish: number[];
  totalMs: number;
  headers: string[];
}

async function conversation(continueChats: boolean): Promise<Series> {
  const stack = await startStack({ chats: { enabled: continueChats } });
  const client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'bench', maxRetries: 0 });
  try {
    stack.sim.setScenario({ name: 'echo', intervalMs: 5 });
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'warm-up' }] });
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a patient tutor. Keep answers short.' },
    ];
    const out: Series = { typed: [], newMessage: [], dispatch: [], finish: [], totalMs: 0, headers: [] };
    const started = Date.now();
    for (let turn = 1; turn <= TURNS; turn++) {
      const question = `Turn ${turn}: explain one more idea about photosynthesis, building on what you said before.`;
      messages.push({ role: 'user', content: question });
      const index = stack.sim.runs.length;
      const sentAt = Date.now();
      const { data, response } = await client.chat.completions.create({ model: MODEL, messages }).withResponse();
      const run = stack.sim.runs[index];
      if (!run) throw new Error(`turn ${turn} never reached the page`);
      out.typed.push(run.request.prompt.length);
      out.newMessage.push(question.length);
      out.dispatch.push(run.receivedAt - sentAt);
      out.finish.push(Date.now() - (run.endedAt ?? Number.NaN));
      out.headers.push(response.headers.get('x-bridge-conversation') ?? '');
      messages.push({ role: 'assistant', content: data.choices[0]?.message.content ?? '' });
    }
    out.totalMs = Date.now() - started;
    return out;
  } finally {
    await stack.close();
  }
}

function report(prefix: string, s: Series): Record<string, string | number> {
  return {
    [`${prefix}_typed_chars_per_turn`]: s.typed.join(','),
    [`${prefix}_dispatch_ms_per_turn`]: s.dispatch.join(','),
    [`${prefix}_dispatch_turn1_ms`]: s.dispatch[0]!,
    [`${prefix}_dispatch_p50_turns2_10_ms`]: median(s.dispatch.slice(1)),
    [`${prefix}_answer_end_to_client_ms_per_turn`]: s.finish.join(','),
    [`${prefix}_total_ms`]: s.totalMs,
    [`${prefix}_continued_turns`]: s.headers.filter((h) => h === 'continued').length,
  };
}

export async function run(): Promise<Record<string, string | number>> {
  const kept = await conversation(true);
  const folded = await conversation(false);
  const last = TURNS - 1;
  return {
    ...report('continuing', kept),
    ...report('folding', folded),
    goal_turn10_types_only_new_message: kept.typed[last]! <= kept.newMessage[last]! ? 'yes' : 'no',
    goal_dispatch_p50_turns2_10_le_turn1: median(kept.dispatch.slice(1)) <= kept.dispatch[0]! ? 'yes' : 'no',
  };
}
