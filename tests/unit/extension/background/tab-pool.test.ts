import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/index.ts';
import { TabPool } from '../../../../extension/background/tab-pool.ts';
import { FakeClock, FakePort } from './fakes.ts';

const health = { ok: true, missing: [], checkedAt: 1 };
const request: JobRequest = { model: 'gemini-2.5-pro', systemInstruction: null, prompt: 'hi', settings: {} };

function setup(workers: number[] = [1]) {
  const clock = new FakeClock();
  const sent: Array<{ type: string; data: Record<string, unknown> }> = [];
  const ended: Array<{ jobId: string; kind: string }> = [];
  let linkUp = true;
  const pool = new TabPool({
    send: (type, data) => (linkUp ? (sent.push({ type, data: data as Record<string, unknown> }), true) : false),
    isWorker: (id) => workers.includes(id),
    clock,
    onJobStarted: () => undefined,
    onJobEnded: (jobId, e) => ended.push({ jobId, kind: e.kind === 'error' ? e.code : e.kind }),
    onChanged: () => undefined,
    onModels: () => undefined,
    log: () => undefined,
  });
  const connect = (tabId: number) => {
    const port = new FakePort(tabId);
    pool.attach(port);
    port.fromContent('tab.hello', {
      url: 'https://aistudio.google.com/prompts/new_chat',
      model: 'gemini-2.5-pro',
      health,
    });
    return port;
  };
  return { clock, pool, sent, ended, connect, workers, setLink: (up: boolean) => (linkUp = up) };
}

describe('TabPool', () => {
  it('tells worker tabs they are workers and reports them ready; other AI Studio tabs stay idle and unreported', () => {
    const t = setup([1]);
    const worker = t.connect(1);
    const mine = t.connect(2);
    expect(worker.lastRole()).toBe('worker');
    expect(mine.lastRole()).toBe('idle');
    expect(t.sent.filter((m) => m.type === 'tab.ready').map((m) => m.data.tabId)).toEqual(['1']);
  });

  it('never sends a job to a tab that is not a worker', () => {
    const t = setup([1]);
    const mine = t.connect(2);
    t.pool.startJob({ jobId: 'j1', tabId: '2', request });
    expect(mine.posted.some((m) => m.type === 'job.start')).toBe(false);
    expect(t.sent.at(-1)).toMatchObject({
      type: 'job.event',
      data: { jobId: 'j1', event: { kind: 'error', code: 'tab_gone' } },
    });
  });

  it('routes a job to its tab, relays events in order and ends it once', () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.start', data: { jobId: 'j1', request } });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'started' } });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'text', text: 'Hel' } });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'text', text: 'lo' } });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'done', finishReason: 'stop' } });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'text', text: 'late' } });
    const events = t.sent.filter((m) => m.type === 'job.event').map((m) => (m.data.event as { kind: string }).kind);
    expect(events).toEqual(['started', 'text', 'text', 'done']);
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'done' }]);
    expect(t.pool.view(1)?.jobId).toBeNull();
  });

  it('drops malformed content messages instead of relaying them', () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'text' } });
    expect(t.sent.filter((m) => m.type === 'job.event')).toHaveLength(0);
  });

  it('a worker tab that disconnects mid-job fails only that job with tab_gone and is reported gone', () => {
    const t = setup([1, 3]);
    const a = t.connect(1);
    const b = t.connect(3);
    t.pool.startJob({ jobId: 'ja', tabId: '1', request });
    t.pool.startJob({ jobId: 'jb', tabId: '3', request });
    a.gone();
    expect(t.ended).toEqual([{ jobId: 'ja', kind: 'tab_gone' }]);
    expect(t.sent.some((m) => m.type === 'tab.gone' && m.data.tabId === '1')).toBe(true);
    b.fromContent('job.event', { jobId: 'jb', event: { kind: 'done' } });
    expect(t.ended.at(-1)).toEqual({ jobId: 'jb', kind: 'done' });
  });

  it('forwards cancel and ends the job itself if the page never confirms', async () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    t.pool.cancelJob({ jobId: 'j1', reason: 'client gone' });
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.cancel', data: { jobId: 'j1' } });
    await t.clock.advance(5_000);
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'cancelled' }]);
  });

  it('a confirmed cancel is not ended twice', async () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    t.pool.cancelJob({ jobId: 'j1', reason: 'client gone' });
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'error', code: 'cancelled', message: 'stopped' } });
    await t.clock.advance(10_000);
    expect(t.ended).toHaveLength(1);
  });

  it('refuses a second job on a busy tab', () => {
    const t = setup([1]);
    t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    t.pool.startJob({ jobId: 'j2', tabId: '1', request });
    expect(t.ended).toEqual([{ jobId: 'j2', kind: 'internal' }]);
  });

  it('a tab handed over after connecting becomes a worker; released, it goes idle and gone', () => {
    const t = setup([]);
    const port = t.connect(5);
    expect(port.lastRole()).toBe('idle');
    t.workers.push(5);
    t.pool.refreshRole(5);
    expect(port.lastRole()).toBe('worker');
    expect(t.sent.at(-1)).toMatchObject({ type: 'tab.ready', data: { tabId: '5' } });
    t.workers.pop();
    t.pool.refreshRole(5);
    expect(port.lastRole()).toBe('idle');
    expect(t.sent.at(-1)).toMatchObject({ type: 'tab.gone', data: { tabId: '5' } });
  });

  it('a tab released mid-job ends the job before the bridge hears tab.gone, and only once', () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    t.workers.pop(); // released in the popup, or its URL left AI Studio before the Port closed
    t.pool.refreshRole(1);
    expect(t.sent.filter((m) => m.type === 'job.event' || m.type === 'tab.gone').map((m) => m.type)).toEqual([
      'job.event',
      'tab.gone',
    ]);
    expect(port.lastRole()).toBe('idle');
    // the page confirms its abort later, then the tab navigates away: nothing more for the bridge
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'error', code: 'cancelled', message: 'released' } });
    port.gone();
    expect(t.sent.filter((m) => m.type === 'job.event' || m.type === 'tab.gone')).toHaveLength(2);
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'tab_gone' }]);
  });

  it('re-announces ready workers after the link comes back, and forwards the page model list', () => {
    const t = setup([1]);
    t.setLink(false);
    const port = t.connect(1);
    t.setLink(true);
    expect(t.sent).toHaveLength(0);
    t.pool.announceAll();
    expect(t.sent.map((m) => m.type)).toEqual(['tab.ready']);
    port.fromContent('tab.models', { models: [{ id: 'gemini-2.5-pro' }] });
    expect(t.sent.at(-1)).toMatchObject({ type: 'models', data: { models: [{ id: 'gemini-2.5-pro' }] } });
  });

  it('a lost bridge link stops the running job on the page; the tab is reported ready again only once that job ended', () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    t.setLink(false);
    t.pool.linkLost();
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.cancel', data: { jobId: 'j1' } });
    t.setLink(true);
    t.sent.length = 0;
    t.pool.announceAll(); // the new link: the tab is still stopping j1
    expect(t.sent.filter((m) => m.type === 'tab.ready')).toHaveLength(0);
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'error', code: 'cancelled', message: 'stopped' } });
    expect(t.sent.filter((m) => m.type === 'tab.ready').map((m) => m.data.tabId)).toEqual(['1']);
    t.pool.startJob({ jobId: 'j2', tabId: '1', request });
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.start', data: { jobId: 'j2' } });
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'cancelled' }]);
  });

  it('a job held across a reload is dropped when the bridge link is lost, not re-sent to the new page', () => {
    const t = setup([1]);
    const old = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    old.fromContent('job.navigating', { jobId: 'j1', reason: 'model switch' });
    old.gone();
    t.pool.linkLost();
    const fresh = t.connect(1);
    expect(fresh.posted.some((m) => m.type === 'job.start')).toBe(false);
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'tab_gone' }]);
  });

  it('a job whose tab reloads for it (job.navigating) is re-sent to the new content script, not failed', () => {
    const t = setup([1]);
    const old = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    old.fromContent('job.navigating', { jobId: 'j1', reason: 'model switch' });
    old.gone();
    expect(t.ended).toHaveLength(0);
    expect(t.sent.some((m) => m.type === 'tab.gone')).toBe(false);
    expect(t.pool.view(1)?.jobId).toBe('j1');
    const fresh = t.connect(1);
    expect(fresh.posted.filter((m) => m.type === 'job.start')).toEqual([
      expect.objectContaining({ data: { jobId: 'j1', request } }),
    ]);
    fresh.fromContent('job.event', { jobId: 'j1', event: { kind: 'done' } });
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'done' }]);
  });

  it('a reloading tab that never comes back fails its job with tab_gone', async () => {
    const t = setup([1]);
    const old = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    old.fromContent('job.navigating', { jobId: 'j1', reason: 'model switch' });
    old.gone();
    await t.clock.advance(30_000);
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'tab_gone' }]);
    expect(t.sent.some((m) => m.type === 'tab.gone')).toBe(true);
  });

  it('cancelling a job while its tab reloads ends it at once', () => {
    const t = setup([1]);
    const old = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    old.fromContent('job.navigating', { jobId: 'j1', reason: 'model switch' });
    old.gone();
    t.pool.cancelJob({ jobId: 'j1', reason: 'client gone' });
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'cancelled' }]);
    const fresh = t.connect(1);
    expect(fresh.posted.some((m) => m.type === 'job.start')).toBe(false);
  });

  it('a job cancelled just before its tab reloads ends once and is never re-sent to the new content script', async () => {
    const t = setup([1]);
    const old = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    old.fromContent('job.navigating', { jobId: 'j1', reason: 'model switch' });
    t.pool.cancelJob({ jobId: 'j1', reason: 'client gone' });
    old.gone(); // the reload took the content script before it could confirm the cancel
    const fresh = t.connect(1);
    await t.clock.advance(60_000);
    expect(fresh.posted.some((m) => m.type === 'job.start')).toBe(false);
    expect(t.pool.view(1)?.jobId).toBeNull();
    expect(t.ended).toHaveLength(1);
  });

  it('a disconnect without job.navigating still fails the job', () => {
    const t = setup([1]);
    const port = t.connect(1);
    t.pool.startJob({ jobId: 'j1', tabId: '1', request });
    port.fromContent('job.navigating', { jobId: 'other', reason: 'not this job' });
    port.gone();
    expect(t.ended).toEqual([{ jobId: 'j1', kind: 'tab_gone' }]);
  });
});
