import { describe, expect, it } from 'vitest';
import { createContentApp } from '../../../../extension/content/app.ts';
import type { JobRequest } from '../../../../protocol/job.ts';
import { appDeps } from './fakes.ts';

const request: JobRequest = { model: 'gemini-2.5-pro', systemInstruction: null, prompt: 'hi', settings: {} };
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('content app', () => {
  it('says hello with url, model and health once the DOM exists, and re-sends hello and models after a reconnect', () => {
    const t = appDeps({ readyState: 'loading' });
    createContentApp(t.deps);
    expect(t.runtime.last().sent('tab.hello')).toEqual([]);
    t.document.load();
    expect(t.runtime.last().sent('tab.hello')).toEqual([
      { url: 'https://aistudio.google.com/prompts/new_chat', model: 'gemini-2.5-pro', health: t.page.state.health },
    ]);
    t.page.record({ t: 'models', models: [{ id: 'gemini-2.5-pro' }] });
    expect(t.runtime.last().sent('tab.models')).toEqual([{ models: [{ id: 'gemini-2.5-pro' }] }]);

    t.runtime.last().drop();
    t.clock.advance(100);
    expect(t.runtime.ports).toHaveLength(2);
    expect(t.runtime.last().posted.map((m) => m.type)).toEqual(['tab.hello', 'tab.models']);
  });

  it('re-reports model and health only when they change, at most once a second', () => {
    const t = appDeps();
    createContentApp(t.deps);
    const port = t.runtime.last();
    t.page.mutate();
    expect(port.sent('tab.hello')).toHaveLength(1); // unchanged
    t.page.state.model = 'gemini-2.5-flash';
    t.clock.advance(300);
    t.page.mutate();
    t.page.mutate();
    expect(port.sent('tab.hello')).toHaveLength(1); // throttled
    t.clock.advance(1_000);
    expect(port.sent('tab.hello').map((h) => h.model)).toEqual(['gemini-2.5-pro', 'gemini-2.5-flash']);
    t.page.state.health = { ok: false, missing: ['runButton'], checkedAt: 1 };
    t.clock.advance(2_000);
    t.page.mutate();
    expect(port.sent('tab.hello').at(-1)?.health.missing).toEqual(['runButton']);
  });

  it('drives nothing before the worker says "worker", shows the banner then, and runs one job at a time', async () => {
    const t = appDeps();
    const app = createContentApp(t.deps);
    const port = t.runtime.last();
    port.deliver('job.start', { jobId: 'j0', request });
    expect(t.page.jobs).toHaveLength(0);
    expect(port.sent('job.event')).toEqual([
      { jobId: 'j0', event: { kind: 'error', code: 'internal', message: 'this tab is not a worker tab' } },
    ]);

    port.deliver('tab.role', { role: 'worker' });
    expect(app.role).toBe('worker');
    expect(t.page.banners).toHaveLength(1);
    port.deliver('job.start', { jobId: 'j1', request });
    expect(app.jobId).toBe('j1');
    port.deliver('job.start', { jobId: 'j2', request });
    expect(port.sent('job.event').at(-1)).toEqual({
      jobId: 'j2',
      event: { kind: 'error', code: 'internal', message: 'this tab is busy with job j1' },
    });

    const job = t.page.jobs[0];
    job?.deps.emit({ kind: 'text', text: 'Hello' });
    expect(port.sent('job.event').at(-1)).toEqual({ jobId: 'j1', event: { kind: 'text', text: 'Hello' } });
    expect(job?.deps.now?.()).toBe(t.clock.now());
    job?.end();
    await flush();
    expect(app.jobId).toBeNull();
    expect(job?.signal.aborted).toBe(true);
    port.deliver('job.start', { jobId: 'j3', request });
    expect(t.page.jobs.map((j) => j.jobId)).toEqual(['j1', 'j3']);
  });

  it('cancels the running job on job.cancel (its own id only) and on release to idle', () => {
    const t = appDeps();
    const app = createContentApp(t.deps);
    const port = t.runtime.last();
    port.deliver('tab.role', { role: 'worker' });
    port.deliver('job.start', { jobId: 'j1', request });
    port.deliver('job.cancel', { jobId: 'other', reason: 'x' });
    expect(t.page.jobs[0]?.signal.aborted).toBe(false);
    port.deliver('job.cancel', { jobId: 'j1', reason: 'client went away' });
    expect(t.page.jobs[0]?.signal.reason).toMatchObject({ name: 'AbortError', message: 'client went away' });

    t.page.jobs[0]?.end();
    port.deliver('tab.role', { role: 'idle' });
    expect(app.role).toBe('idle');
    expect(t.page.banners[0]?.aborted).toBe(true);
  });

  it('release to idle aborts a running job with code cancelled', () => {
    const t = appDeps();
    createContentApp(t.deps);
    const port = t.runtime.last();
    port.deliver('tab.role', { role: 'worker' });
    port.deliver('job.start', { jobId: 'j1', request });
    port.deliver('tab.role', { role: 'idle' });
    expect(t.page.jobs[0]?.signal.reason).toMatchObject({ name: 'JobError', code: 'cancelled' });
  });

  it('hands a job over across a reload: job.navigating, then the navigation through the injected location', () => {
    const t = appDeps();
    createContentApp(t.deps);
    const port = t.runtime.last();
    port.deliver('tab.role', { role: 'worker' });
    port.deliver('job.start', { jobId: 'j1', request });
    const job = t.page.jobs[0];
    job?.deps.navigating('switching model to gemini-2.5-flash');
    job?.deps.navigate('/prompts/new_chat');
    expect(port.sent('job.navigating')).toEqual([{ jobId: 'j1', reason: 'switching model to gemini-2.5-flash' }]);
    expect(t.assigned).toEqual(['/prompts/new_chat']);
    expect(job?.deps.session).toBe(t.deps.storage.session);
  });

  it('stops the job when the worker dies under it, and shuts down when the extension is gone', () => {
    const t = appDeps();
    const app = createContentApp(t.deps);
    t.runtime.last().deliver('tab.role', { role: 'worker' });
    t.runtime.last().deliver('job.start', { jobId: 'j1', request });
    t.runtime.last().drop();
    expect(t.page.jobs[0]?.signal.reason).toMatchObject({ name: 'JobError', code: 'tab_gone' });
    t.runtime.runtime.id = undefined;
    t.clock.advance(100);
    expect(app.signal.aborted).toBe(true);
    expect(t.page.banners[0]?.aborted).toBe(true);
  });

  it('applies selector overrides at once and re-reports health; answers a page report request', () => {
    const t = appDeps();
    createContentApp(t.deps);
    const port = t.runtime.last();
    t.page.state.health = { ok: false, missing: ['runButton'], checkedAt: 1 };
    t.clock.advance(2_000);
    t.page.mutate();
    expect(port.sent('tab.hello').at(-1)?.health.ok).toBe(false);
    t.page.state.health = { ok: true, missing: [], checkedAt: 2 }; // what the override fixes
    port.deliver('selectors', { overrides: { runButton: ['ms-send-button button'] } });
    expect(t.page.overrides).toEqual([{ runButton: ['ms-send-button button'] }]);
    expect(port.sent('tab.hello').at(-1)?.health.ok).toBe(true); // no throttle wait, no reload
    port.deliver('page.report.request', { requestId: 'r1' });
    expect(port.sent('page.report')).toEqual([
      { requestId: 'r1', report: expect.objectContaining({ customElements: [{ name: 'ms-run-button', count: 1 }] }) },
    ]);
  });
});
