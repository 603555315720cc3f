import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePeer, failWith, stallAfter, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startHarness, sseEvents, TEST_TOKEN, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ask = (content = 'hi') => ({ model: 'gemini-2.5-pro', messages: [{ role: 'user' as const, content }] });
const slow = (text: string): Behaviour => streamText([text], { delayMs: 150 });

async function errorOf(p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error('expected an API error');
}

describe('job pool with fake tabs', () => {
  it('runs concurrent requests on two tabs at once, one job per tab', async () => {
    let running = 0;
    let peak = 0;
    const perTab = new Map<string, number>();
    const overlaps: string[] = [];
    // Jobs run in pairs: each holds its tab until the other job of its pair has started too. That
    // proves two jobs ran at once (and, with one job per tab, on different tabs) without relying on
    // how long a sleep lasts. A second job on a busy tab is recorded, not thrown.
    const tracked =
      (text: string): Behaviour =>
      async (job) => {
        running++;
        peak = Math.max(peak, running);
        const onTab = (perTab.get(job.tabId) ?? 0) + 1;
        perTab.set(job.tabId, onTab);
        if (onTab !== 1) overlaps.push(job.tabId);
        const pairEnds = h!.peer.started.length <= 2 ? 2 : 4;
        await h!.peer.waitFor(() => h!.peer.started.length >= pairEnds);
        running--;
        perTab.set(job.tabId, onTab - 1);
        job.send({ kind: 'text', text });
        job.send({ kind: 'done' });
      };
    h = await startHarness([
      { tabId: 'a', behaviour: tracked('from a') },
      { tabId: 'b', behaviour: tracked('from b') },
    ]);
    const answers = await Promise.all([1, 2, 3, 4].map(() => h!.client.chat.completions.create(ask())));
    expect(answers.map((a) => a.choices[0]?.message.content).sort()).toEqual(['from a', 'from a', 'from b', 'from b']);
    expect(overlaps).toEqual([]);
    expect(peak).toBe(2);
    expect(h.peer.behaviourErrors).toEqual([]);
    expect(new Set(h.peer.started.map((s) => s.tabId))).toEqual(new Set(['a', 'b']));
  });

  it("serves several browsers at once: equal tab ids stay apart, events from one cannot end the other's job", async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['from first ']) }]);
    const second = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['from second'], { delayMs: 50 }) }],
    });
    try {
      const firstAnswer = fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask()) });
      await h.peer.waitFor(() => h!.peer.started.length === 1);
      const jobId = h.peer.started[0]!.jobId;
      // the second browser claims the first browser's job: ignored
      second.send('job.event', { jobId, event: { kind: 'done' } });
      const secondAnswer = await h.client.chat.completions.create(ask());
      expect(secondAnswer.choices[0]?.message.content).toBe('from second');
      h.peer.send('job.event', { jobId, event: { kind: 'text', text: 'and done' } });
      h.peer.send('job.event', { jobId, event: { kind: 'done' } });
      const first = (await (await firstAnswer).json()) as { choices: Array<{ message: { content: string } }> };
      expect(first.choices[0]?.message.content).toBe('from first and done');
    } finally {
      await second.close();
    }
  });

  it('prefers a tab already on the requested model', async () => {
    h = await startHarness([
      { tabId: 'pro', model: 'gemini-2.5-pro', behaviour: streamText(['pro']) },
      { tabId: 'flash', model: 'gemini-2.5-flash', behaviour: streamText(['flash']) },
    ]);
    const a = await h.client.chat.completions.create({ ...ask(), model: 'gemini-2.5-flash' });
    const b = await h.client.chat.completions.create({ ...ask(), model: 'gemini-2.5-pro' });
    expect([a.choices[0]?.message.content, b.choices[0]?.message.content]).toEqual(['flash', 'pro']);
  });

  it('sends job.cancel to the tab when the client aborts a stream', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['partial']) }]);
    const controller = new AbortController();
    const stream = await h.client.chat.completions.create({ ...ask(), stream: true }, { signal: controller.signal });
    const seen: string[] = [];
    // openai-node ends an aborted stream with APIUserAbortError (or ends the iteration when the
    // abort lands between chunks): anything else is a real failure.
    const ended = await (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
        if (seen.join('') === 'partial') controller.abort();
      }
      return 'iteration ended';
    })().catch((error: unknown) => error);
    if (ended !== 'iteration ended') expect(ended).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(seen.join('')).toBe('partial');
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    expect(h.peer.cancels[0]).toMatchObject({ jobId: h.peer.started[0]?.jobId, reason: 'client disconnected' });
    // the tab is free again once the extension confirmed the cancel
    h.peer.setBehaviour('1', streamText(['again']));
    const next = await h.client.chat.completions.create(ask());
    expect(next.choices[0]?.message.content).toBe('again');
  });

  it('ends a stream with an error event and [DONE] when the extension vanishes mid-answer; the next request works', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['half an ans']) }]);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...ask(), stream: true }),
    });
    await h.peer.waitFor(() => h!.peer.started.length === 1);
    const reader = res.body!.getReader();
    let body = '';
    while (!body.includes('half an ans')) body += new TextDecoder().decode((await reader.read()).value);
    h.peer.drop();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      body += new TextDecoder().decode(value);
    }
    const events = sseEvents(body);
    expect(events[events.length - 1]).toBe('[DONE]');
    const error = JSON.parse(events[events.length - 2] as string) as unknown;
    assertSchema('ErrorResponse', error);
    expect(error).toMatchObject({ error: { code: 'tab_gone', type: 'upstream_error' } });

    const peer2 = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['back']) }],
    });
    try {
      const next = await h.client.chat.completions.create(ask());
      expect(next.choices[0]?.message.content).toBe('back');
    } finally {
      await peer2.close();
    }
  });

  it('retries a job on another tab when its tab goes away before anything was streamed', async () => {
    const gone: Behaviour = (job) => job.send({ kind: 'error', code: 'tab_gone', message: 'tab reloaded' });
    h = await startHarness([
      { tabId: 'bad', model: 'gemini-2.5-pro', behaviour: gone },
      { tabId: 'good', model: 'gemini-2.5-flash', behaviour: streamText(['rescued']) },
    ]);
    const answer = await h.client.chat.completions.create(ask());
    expect(answer.choices[0]?.message.content).toBe('rescued');
    expect(h.peer.started.map((s) => s.tabId)).toEqual(['bad', 'good']);
  });

  it('maps page failures to OpenAI errors with the page message (502, 429, 503, 400)', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const cases = [
      { code: 'page_error', status: 502 },
      { code: 'quota_exceeded', status: 429 },
      { code: 'page_not_ready', status: 503 },
      { code: 'bad_request', status: 400 },
      { code: 'timeout', status: 504 },
      { code: 'internal', status: 500 },
    ] as const;
    for (const c of cases) {
      h.peer.setBehaviour('1', failWith(c.code, `the page said ${c.code}`));
      const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask()) });
      expect(res.status, c.code).toBe(c.status);
      const body = (await res.json()) as { error: { message: string } };
      assertSchema('ErrorResponse', body);
      expect(body.error.message).toContain(`the page said ${c.code}`);
    }
  });

  it('answers 504 when the first token never comes, and cancels the run in the tab', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter() }], {
      timeouts: { firstTokenMs: 150, idleMs: 1000, totalMs: 5000, queueWaitMs: 5000 },
    });
    const err = await errorOf(h.client.chat.completions.create(ask()));
    expect(err.status).toBe(504);
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
  });

  it('ends a stalled stream with an error event after the idle timeout', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['some']) }], {
      timeouts: { firstTokenMs: 1000, idleMs: 150, totalMs: 5000, queueWaitMs: 5000 },
    });
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...ask(), stream: true }),
    });
    const events = sseEvents(await res.text());
    expect(JSON.parse(events[events.length - 2] as string)).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it('sends keep-alive comments while waiting for the first token', async () => {
    // The answer waits until the bridge has sent a keep-alive: no race between two timers.
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    const afterKeepAlive: Behaviour = async (job) => {
      await released;
      job.send({ kind: 'text', text: 'late' });
      job.send({ kind: 'done' });
    };
    h = await startHarness([{ tabId: '1', behaviour: afterKeepAlive }], { heartbeatMs: 60 });
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...ask(), stream: true }),
    });
    const reader = res.body!.getReader();
    let body = '';
    while (!body.includes(': keep-alive\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      body += new TextDecoder().decode(value);
    }
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      body += new TextDecoder().decode(value);
    }
    expect(body).toMatch(/^data: .*\n\n: keep-alive\n\n/);
    expect(
      sseEvents(body)
        .slice(-2, -1)
        .map((e) => (JSON.parse(e) as { choices: unknown[] }).choices.length),
    ).toEqual([1]);
    expect(body).toContain('"content":"late"');
    expect(sseEvents(body).slice(-1)).toEqual(['[DONE]']);
  });

  it('answers 503 with Retry-After and x-should-retry: false when no tab is connected', async () => {
    h = await startHarness([]);
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask()) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(res.headers.get('x-should-retry')).toBe('false');
    const body = (await res.json()) as { error: { message: string } };
    assertSchema('ErrorResponse', body);
    expect(body.error.message).toBe(
      'no AI Studio tab is connected: install the extension and open aistudio.google.com',
    );
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    h = await startHarness([{ tabId: '1', behaviour: slow('x') }], { maxQueue: 1 });
    const first = h.client.chat.completions.create(ask());
    const second = h.client.chat.completions.create(ask());
    await h.peer.waitFor(() => h!.peer.started.length === 1);
    // the second request is in the queue once the pool counts it: no sleep
    await h.peer.waitFor(() => h!.bridge.bridge.stats().queuedJobs === 1);
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask()) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    await Promise.all([first, second]);
  });

  it('fails running jobs cleanly when the bridge closes', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter() }]);
    const pending = errorOf(h.client.chat.completions.create(ask()));
    await h.peer.waitFor(() => h!.peer.started.length === 1);
    await h.bridge.close();
    expect((await pending).status).toBe(503);
  });
});
