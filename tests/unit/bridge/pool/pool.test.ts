import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/job.ts';
import type { TabInfo } from '../../../../protocol/messages.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, LinkPort, ProgressEvent } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

const request = (model: string | null = 'gemini-2.5-pro'): JobRequest => ({
  model,
  systemInstruction: null,
  prompt: 'hi',
  settings: {},
});
const tab = (tabId: string, model: string | null = 'gemini-2.5-pro', ok = true): TabInfo => ({
  tabId,
  url: 'https://aistudio.google.com/',
  model,
  health: { ok, missing: [], checkedAt: 0 },
});

class Port implements LinkPort {
  starts: Array<{ tabId: string; jobId: string }> = [];
  cancels: string[] = [];
  open = true;
  constructor(readonly id: string) {}
  startJob(tabId: string, jobId: string): boolean {
    if (!this.open) return false;
    this.starts.push({ tabId, jobId });
    return true;
  }
  cancelJob(jobId: string): void {
    this.cancels.push(jobId);
  }
}

class Sink implements JobSink {
  events: ProgressEvent[] = [];
  ends: JobEnd[] = [];
  onEvent(e: ProgressEvent): void {
    this.events.push(e);
  }
  onEnd(end: JobEnd): void {
    this.ends.push(end);
  }
  get status(): number | 'ok' | null {
    const end = this.ends[0];
    return end === undefined ? null : end.ok ? 'ok' : end.error.status;
  }
}

function setup(opts: { maxQueue?: number } = {}) {
  const timers = new ManualTimers();
  const pool = new JobPool({
    timeouts: { firstTokenMs: 1000, idleMs: 500, totalMs: 5000, queueWaitMs: 3000 },
    maxQueue: opts.maxQueue ?? 10,
    timers,
    logger: silentLogger,
    cancelGraceMs: 200,
    noTabGraceMs: 100,
  });
  const port = new Port('c1');
  pool.connectionOpened(port);
  return { timers, pool, port };
}

describe('JobPool', () => {
  it('refuses work with 503 when no tab exists', () => {
    const { pool } = setup();
    expect(() => pool.submit(request(), new Sink())).toThrow(
      expect.objectContaining({ status: 503, code: 'no_tab_connected' }),
    );
  });

  it('runs one job per tab and queues the rest FIFO', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('1'));
    const sinks = [new Sink(), new Sink(), new Sink()];
    const handles = sinks.map((s) => pool.submit(request(), s));
    expect(port.starts.map((s) => s.jobId)).toEqual([handles[0]?.id]);
    expect(pool.stats()).toMatchObject({ runningJobs: 1, queuedJobs: 2 });
    pool.jobEvent(port, handles[0]!.id, { kind: 'text', text: 'a' });
    pool.jobEvent(port, handles[0]!.id, { kind: 'done' });
    expect(sinks[0]?.ends).toEqual([{ ok: true, finishReason: undefined }]);
    expect(port.starts.map((s) => s.jobId)).toEqual([handles[0]?.id, handles[1]?.id]);
  });

  it('answers 429 when the queue is full', () => {
    const { pool, port } = setup({ maxQueue: 1 });
    pool.tabReady(port, tab('1'));
    pool.submit(request(), new Sink());
    pool.submit(request(), new Sink());
    expect(() => pool.submit(request(), new Sink())).toThrow(expect.objectContaining({ status: 429 }));
  });

  it('ends each job exactly once, ignoring late and foreign events', () => {
    const { pool, port } = setup();
    const other = new Port('c2');
    pool.connectionOpened(other);
    pool.tabReady(port, tab('1'));
    const sink = new Sink();
    const h = pool.submit(request(), sink);
    pool.jobEvent(other, h.id, { kind: 'text', text: 'spoof' });
    pool.jobEvent(other, h.id, { kind: 'done' });
    expect(sink.ends).toHaveLength(0);
    pool.jobEvent(port, h.id, { kind: 'error', code: 'page_error', message: 'boom' });
    pool.jobEvent(port, h.id, { kind: 'done' });
    h.cancel('late');
    expect(sink.ends).toHaveLength(1);
    expect(sink.status).toBe(502);
    expect(sink.events).toHaveLength(0);
  });

  it('times out the first token (504), cancels the tab and keeps it reserved until confirmed or the grace ends', () => {
    const { pool, port, timers } = setup();
    pool.tabReady(port, tab('1'));
    const sink = new Sink();
    const h = pool.submit(request(), sink);
    const next = new Sink();
    pool.submit(request(), next);
    timers.advance(1000);
    expect(sink.status).toBe(504);
    expect(port.cancels).toEqual([h.id]);
    expect(port.starts).toHaveLength(1);
    timers.advance(200);
    expect(port.starts).toHaveLength(2);
  });

  it("leaves no timer behind when it closes, not even a cancelled job's tab reservation", () => {
    const { pool, port, timers } = setup();
    pool.tabReady(port, tab('1'));
    const sink = new Sink();
    pool.submit(request(), sink).cancel('client disconnected');
    expect(port.cancels).toHaveLength(1);
    pool.close();
    expect(timers.size).toBe(0);
  });

  it('uses the idle timeout between chunks, not the first-token one', () => {
    const { pool, port, timers } = setup();
    pool.tabReady(port, tab('1'));
    const sink = new Sink();
    const h = pool.submit(request(), sink);
    for (let i = 0; i < 5; i++) {
      timers.advance(400);
      pool.jobEvent(port, h.id, { kind: 'text', text: String(i) });
    }
    expect(sink.ends).toHaveLength(0);
    timers.advance(500);
    expect(sink.status).toBe(504);
  });

  it('retries on another tab when the tab vanishes before streaming, but not after', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('1'));
    pool.tabReady(port, tab('2'));
    const a = new Sink();
    const ha = pool.submit(request(), a);
    expect(port.starts[0]).toEqual({ tabId: '1', jobId: ha.id });
    pool.tabGone(port, '1', 'closed');
    expect(port.starts[1]).toEqual({ tabId: '2', jobId: ha.id });
    pool.jobEvent(port, ha.id, { kind: 'text', text: 'x' });
    pool.tabGone(port, '2', 'closed');
    expect(a.status).toBe(502);
    expect(a.ends[0]).toMatchObject({ ok: false, error: { code: 'tab_gone' } });
  });

  it('fails queued jobs with 503 when the last connection is gone for longer than the grace', () => {
    const { pool, port, timers } = setup();
    pool.tabReady(port, tab('1'));
    const running = new Sink();
    const queued = new Sink();
    pool.submit(request(), running);
    pool.submit(request(), queued);
    pool.jobEvent(port, port.starts[0]!.jobId, { kind: 'text', text: 'x' });
    pool.connectionClosed(port);
    expect(running.status).toBe(502);
    expect(queued.ends).toHaveLength(0);
    timers.advance(100);
    expect(queued.status).toBe(503);
  });

  it('prefers a free tab already on the requested model, else the least recently used', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('pro', 'gemini-2.5-pro'));
    pool.tabReady(port, tab('flash', 'gemini-2.5-flash'));
    pool.submit(request('gemini-2.5-flash'), new Sink());
    expect(port.starts[0]?.tabId).toBe('flash');
    pool.submit(request('gemini-x'), new Sink());
    expect(port.starts[1]?.tabId).toBe('pro');
  });

  it('matches tab models reported with the models/ prefix', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('a', 'models/gemini-2.5-pro'));
    pool.tabReady(port, tab('b', 'models/gemini-2.5-flash'));
    pool.submit(request('gemini-2.5-flash'), new Sink());
    expect(port.starts[0]?.tabId).toBe('b');
    expect(pool.tabs().map((t) => t.model)).toEqual(['gemini-2.5-pro', 'gemini-2.5-flash']);
  });

  it('skips unhealthy and busy tabs', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('sick', 'gemini-2.5-pro', false));
    pool.tabReady(port, tab('well'));
    pool.tabBusy(port, 'well');
    const sink = new Sink();
    pool.submit(request(), sink);
    expect(port.starts).toHaveLength(0);
    pool.tabReady(port, tab('well'));
    expect(port.starts[0]?.tabId).toBe('well');
  });

  it('client cancel of a queued job removes it without touching a tab', () => {
    const { pool, port } = setup();
    pool.tabReady(port, tab('1'));
    pool.submit(request(), new Sink());
    const queued = new Sink();
    const h = pool.submit(request(), queued);
    h.cancel('client disconnected');
    expect(queued.ends[0]).toMatchObject({ ok: false, cancelled: true });
    expect(port.cancels).toEqual([]);
    expect(pool.stats()).toMatchObject({ queuedJobs: 0, failedJobs: 0 });
  });
});
