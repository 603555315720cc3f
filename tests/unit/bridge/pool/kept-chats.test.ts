import { describe, expect, it } from 'vitest';
import type { JobEvent, JobRequest } from '../../../../protocol/job.ts';
import type { TabInfo } from '../../../../protocol/messages.ts';
import { conversationShape } from '../../../../bridge/conversation/affinity.ts';
import type { ChatMessage } from '../../../../bridge/conversation/messages.ts';
import { parseStartArgs } from '../../../../bridge/cli/args.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import type { AdmittedJob } from '../../../../bridge/pool/admission.ts';
import { DEFAULT_KEPT_CHATS, type KeptChatOptions } from '../../../../bridge/config.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, LinkPort, ProgressEvent } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

const tab = (tabId: string): TabInfo => ({
  tabId,
  url: 'https://aistudio.google.com/',
  model: 'gemini-2.5-pro',
  health: { ok: true, missing: [], checkedAt: 0 },
});

class Port implements LinkPort {
  starts: Array<{ tabId: string; jobId: string; request: JobRequest }> = [];
  constructor(readonly id: string) {}
  startJob(tabId: string, jobId: string, job: AdmittedJob): boolean {
    this.starts.push({ tabId, jobId, request: JSON.parse(job.json) as JobRequest });
    return true;
  }
  cancelJob(): void {}
  get last() {
    return this.starts[this.starts.length - 1]!;
  }
}

class Sink implements JobSink {
  outcomes: string[] = [];
  ends: JobEnd[] = [];
  onConversation(outcome: string): void {
    this.outcomes.push(outcome);
  }
  onEvent(_e: ProgressEvent): void {}
  onEnd(end: JobEnd): void {
    this.ends.push(end);
  }
  get outcome(): string | undefined {
    return this.outcomes[this.outcomes.length - 1];
  }
}

function setup(tabs: string[], chats: Partial<KeptChatOptions> = {}) {
  const timers = new ManualTimers();
  const pool = new JobPool({
    timeouts: { firstTokenMs: 10_000, idleMs: 10_000, totalMs: 50_000, queueWaitMs: 30_000 },
    maxQueue: 10,
    timers,
    logger: silentLogger,
    chats: { ...DEFAULT_KEPT_CHATS, ...chats },
  });
  const port = new Port('c1');
  pool.connectionOpened(port);
  for (const t of tabs) pool.tabReady(port, tab(t));
  /** Submits a conversation; returns its sink and handle. */
  const send = (messages: ChatMessage[], system: string | null = null) => {
    const job: JobRequest = {
      model: 'gemini-2.5-pro',
      systemInstruction: system,
      prompt: 'folded',
      settings: { stopSequences: [] },
    };
    const sink = new Sink();
    const handle = pool.submit(job, sink, { conversation: conversationShape(messages, job) });
    return { sink, handle };
  };
  /** The tab answers the job it runs last: started, the answer, done (with the page's turn count). */
  const answer = (
    jobId: string,
    out: { text?: string; call?: { name: string; arguments: string } },
    chatTurns: number,
    chat: 'continued' | 'new' = 'continued',
  ) => {
    const events: JobEvent[] = [{ kind: 'started', chat }];
    if (out.text) events.push({ kind: 'text', text: out.text });
    if (out.call) events.push({ kind: 'tool_call', ...out.call });
    events.push({ kind: 'done', chatTurns });
    for (const e of events) pool.jobEvent(port, jobId, e);
  };
  return { timers, pool, port, send, answer };
}

const u = (content: string): ChatMessage => ({ role: 'user', content });
const a = (content: string): ChatMessage => ({ role: 'assistant', content });

describe('kept chats (continuing conversations)', () => {
  it('sends only the new message to the tab that holds the conversation', () => {
    const { port, send, answer, pool } = setup(['1']);
    const first = send([u('Hi')]);
    expect(first.sink.outcome).toBe('rebuilt; new conversation');
    expect(port.last.request.continuation).toBeUndefined();
    answer(port.last.jobId, { text: 'Hello! ' }, 2, 'new');
    const second = send([u('Hi'), a('Hello!'), u('How are you?'), u('And today?')]);
    expect(second.sink.outcome).toBe('continued');
    expect(port.last.request.continuation).toEqual({ prompt: 'How are you?\n\nAnd today?', turns: 2 });
    // The folded prompt still travels, for a tab that finds its chat gone.
    expect(port.last.request.prompt).toBe('folded');
    answer(port.last.jobId, { text: 'Fine.' }, 4);
    expect(pool.stats().conversations).toMatchObject({ continued: 1, rebuilt: 1, keptChats: 1 });
  });

  it('matches by content: normalised text and argument order, never the call ids', () => {
    const call = (id: string, args: string): ChatMessage => ({
      role: 'assistant',
      content: null,
      tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: args } }],
    });
    for (const toolResult of [false, true]) {
      const { port, send, answer } = setup(['1']);
      send([u('Weather?')]);
      answer(port.last.jobId, { call: { name: 'get_weather', arguments: '{"city":"Paris","days":2}' } }, 2, 'new');
      const echoed = [u('Weather?\r\n'), call('call_client_1', '{ "days": 2, "city": "Paris" }')];
      if (!toolResult) {
        // A new user message after the call: continues although the id is the client's own.
        expect(send([...echoed, u('Never mind')]).sink.outcome).toBe('continued');
        expect(port.last.request.continuation?.prompt).toBe('Never mind');
      } else {
        // A tool result cannot be entered in the page: rebuild, saying why.
        const tool = send([...echoed, { role: 'tool', tool_call_id: 'call_client_1', content: 'Sunny' }]);
        expect(tool.sink.outcome).toBe('rebuilt; function results: the page has no control to answer a function call');
      }
    }
  });

  it('names why it rebuilds: edited, changed assistant turn, regenerate, system, bound', () => {
    const { port, send, answer } = setup(['1'], { maxTurns: 2 });
    send([u('One')]);
    answer(port.last.jobId, { text: 'Answer one' }, 2, 'new');
    expect(send([u('One'), a('Answer one'), u('Two')]).sink.outcome).toBe('continued');
    answer(port.last.jobId, { text: 'Answer two' }, 4);
    const base = [u('One'), a('Answer one'), u('Two'), a('Answer two')];
    expect(send([...base.slice(0, 2), u('Zwei'), a('Answer two'), u('Three')]).sink.outcome).toBe(
      'rebuilt; the history was edited',
    );
    answer(port.last.jobId, { text: 'Drei' }, 2, 'new');
    const edited = [u('One'), a('Answer one'), u('Zwei'), a('Drei')];
    expect(send([u('One'), a('Answer one'), u('Zwei'), a('Dre'), u('Four')]).sink.outcome).toBe(
      'rebuilt; an assistant turn is not as the page produced it',
    );
    answer(port.last.jobId, { text: 'Vier' }, 2, 'new');
    const four = [u('One'), a('Answer one'), u('Zwei'), a('Dre'), u('Four')];
    expect(send(four).sink.outcome).toBe("rebuilt; regenerate: the tab's chat already answered this");
    answer(port.last.jobId, { text: 'Vier' }, 2, 'new');
    expect(send([...four, a('Vier'), u('Five')], 'Be brief.').sink.outcome).toBe(
      'rebuilt; the system instruction changed',
    );
    answer(port.last.jobId, { text: 'Fünf' }, 2, 'new');
    const five = [...four, a('Vier'), u('Five'), a('Fünf')];
    expect(send([...five, u('Six')], 'Be brief.').sink.outcome).toBe('continued');
    answer(port.last.jobId, { text: 'Sechs' }, 4);
    // Two runs in this chat = maxTurns: the next turn starts a fresh chat.
    expect(send([...five, u('Six'), a('Sechs'), u('Seven')], 'Be brief.').sink.outcome).toBe(
      'rebuilt; the kept chat reached its size bound',
    );
    void edited;
  });

  it('forgets a chat whose run was cut short, and one the page no longer shows', () => {
    const { port, send, answer, pool } = setup(['1']);
    const first = send([u('Hi')]);
    pool.jobEvent(port, port.last.jobId, { kind: 'started', chat: 'new' });
    pool.jobEvent(port, port.last.jobId, { kind: 'text', text: 'Hello STOP more' });
    first.handle.complete('stop sequence reached');
    pool.tabReady(port, tab('1'));
    expect(send([u('Hi'), a('Hello '), u('Next')]).sink.outcome).toBe('rebuilt; no tab holds this conversation');
    answer(port.last.jobId, { text: 'Sure' }, 2, 'new');
    const again = send([u('Hi'), a('Hello '), u('Next'), a('Sure'), u('More')]);
    expect(again.sink.outcome).toBe('continued');
    // The tab found its chat gone (reloaded): it ran the folded prompt in a fresh chat.
    answer(port.last.jobId, { text: 'Ok' }, 2, 'new');
    expect(again.sink.outcome).toBe("rebuilt; the tab's chat was not as the bridge left it (reloaded or changed)");
    expect(pool.stats().conversations.reasons).toMatchObject({
      "the tab's chat was not as the bridge left it (reloaded or changed)": 1,
    });
  });

  it('waits briefly for a busy conversation tab, then rebuilds on another', () => {
    const { port, send, answer, timers } = setup(['1', '2'], { busyWaitMs: 2_000 });
    send([u('A')]);
    const aTab = port.last.tabId;
    answer(port.last.jobId, { text: 'a' }, 2, 'new');
    const turn2 = [u('A'), a('a'), u('A2')];
    // The same turn twice at once (a client retry): the second waits for the conversation's tab…
    expect(send(turn2).sink.outcome).toBe('continued');
    const twice = send(turn2);
    expect(port.starts).toHaveLength(2);
    timers.advance(1_000);
    expect(port.starts).toHaveLength(2);
    // …then, past the wait, runs in a fresh chat on the other tab.
    timers.advance(1_100);
    expect(port.starts).toHaveLength(3);
    expect(twice.sink.outcome).toBe('rebuilt; its tab was busy');
    expect(port.last.tabId).not.toBe(aTab);
  });

  it('a new conversation takes a tab without a kept chat before dropping one', () => {
    const { port, send, answer } = setup(['1', '2']);
    send([u('A')]);
    const aTab = port.last.tabId;
    answer(port.last.jobId, { text: 'a' }, 2, 'new');
    send([u('B')]);
    expect(port.last.tabId).not.toBe(aTab);
    answer(port.last.jobId, { text: 'b' }, 2, 'new');
    // Both tabs keep a chat now: a third conversation replaces the least recently used (A's).
    send([u('C')]);
    expect(port.last.tabId).toBe(aTab);
    answer(port.last.jobId, { text: 'c' }, 2, 'new');
    expect(send([u('B'), a('b'), u('B2')]).sink.outcome).toBe('continued');
    answer(port.last.jobId, { text: 'b2' }, 4);
    expect(send([u('A'), a('a'), u('A2')]).sink.outcome).toBe('rebuilt; no tab holds this conversation');
  });

  it('with continuation off every request rebuilds', () => {
    const { port, send, answer } = setup(['1'], { enabled: false });
    send([u('Hi')]);
    answer(port.last.jobId, { text: 'Hello' }, 2, 'new');
    expect(send([u('Hi'), a('Hello'), u('Again')]).sink.outcome).toBe('rebuilt; continuation is off');
    expect(port.last.request.continuation).toBeUndefined();
  });
});

describe('kept-chat flags', () => {
  it('--no-continue-chats, --chat-max-turns, --chat-max-chars and their environment variables', () => {
    expect(parseStartArgs([], {}).chats).toBeUndefined();
    expect(parseStartArgs(['--no-continue-chats'], {}).chats).toEqual({ ...DEFAULT_KEPT_CHATS, enabled: false });
    expect(parseStartArgs([], { AISTUDIO_BRIDGE_CONTINUE_CHATS: '0' }).chats?.enabled).toBe(false);
    expect(parseStartArgs(['--chat-max-turns', '12', '--chat-max-chars', '5000'], {}).chats).toEqual({
      ...DEFAULT_KEPT_CHATS,
      maxTurns: 12,
      maxChars: 5000,
    });
    expect(parseStartArgs([], { AISTUDIO_BRIDGE_CHAT_MAX_TURNS: '7' }).chats?.maxTurns).toBe(7);
    expect(() => parseStartArgs(['--chat-max-turns', '0'], {})).toThrow(/--chat-max-turns must be a whole number/);
  });
});
