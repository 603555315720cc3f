/**
 * The content script's state machine, with every outside thing injected: the document, the
 * location, the runtime (Port to the service worker), the clock and the page's storages. It
 * reports the tab (`tab.hello`, `tab.models`), learns its role, runs one job at a time and hands
 * a job over across a reload (`job.navigating`). index.ts only wires the real objects in; unit
 * tests drive the lifecycle with fakes. See README.md.
 */
import type { ContentEnvelope } from '../../protocol/content.ts';
import type { JobRequest } from '../../protocol/job.ts';
import type { ModelInfo, PageHealth } from '../../protocol/messages.ts';
import { childController } from '../lib/abort.ts';
import { JobError } from './errors.ts';
import { sameHealth } from './health.ts';
import { Cancelled, type JobDeps } from './job.ts';
import { pageDriver, throttled, type PageDriver } from './page-driver.ts';
import { connectWorker, type WorkerLink } from './worker-link.ts';

export type { PageDriver } from './page-driver.ts';

interface ContentClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

export interface ContentAppDeps {
  document: Document;
  location: { readonly href: string; assign(url: string): void };
  runtime: typeof chrome.runtime;
  clock: ContentClock;
  storage: { session: Storage; local: Storage };
  page?: Partial<PageDriver>;
}

export interface ContentApp {
  /** aborted when the extension was reloaded or removed (this script is orphaned) */
  readonly signal: AbortSignal;
  readonly role: 'unknown' | 'worker' | 'idle';
  readonly jobId: string | null;
}

/** Model and health are re-reported when they change, checked at most once a second. */
const RECHECK_MS = 1_000;

export function createContentApp(deps: ContentAppDeps): ContentApp {
  const { document: doc, location, clock, storage } = deps;
  const page = pageDriver(
    doc,
    () => location.href,
    () => clock.now(),
    deps.page,
  );
  const life = new AbortController();
  let role: ContentApp['role'] = 'unknown';
  let worker: AbortController | null = null;
  let current: { jobId: string; ctl: AbortController } | null = null;
  let models: ModelInfo[] | null = null;
  let sent: { model: string | null; health: PageHealth; account: string | null; accountId: string | null } | null =
    null;
  // Assigned below; connectWorker calls onConnect synchronously, before it returns.
  let link: WorkerLink | null = null;

  link = connectWorker({
    signal: life.signal,
    runtime: deps.runtime,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    onConnect: () => {
      sent = null;
      hello();
      if (models) link?.send('tab.models', { models });
    },
    // The worker that sent the running job is gone, and with its WebSocket the bridge failed the
    // job: stop the page's run instead of generating for nobody (and refusing the next job as busy).
    onDisconnect: () =>
      current?.ctl.abort(new JobError('tab_gone', 'the extension service worker restarted during the job')),
    onMessage: handle,
    onOrphaned: () => life.abort(new Error('extension reloaded')),
  });

  function hello(): void {
    // Before the DOM exists there is nothing to report (DOMContentLoaded calls again); before the
    // link exists (the first onConnect) domReady below says hello.
    if (!doc.body || !link) return;
    const health = page.health();
    const model = page.model();
    const account = page.account();
    const accountId = account ? page.accountId() : null;
    if (
      sent &&
      sent.model === model &&
      sent.account === account &&
      sent.accountId === accountId &&
      sameHealth(sent.health, health)
    )
      return;
    sent = { model, health, account, accountId };
    link?.send('tab.hello', {
      url: location.href,
      model,
      health,
      ...(account ? { account } : {}),
      ...(accountId ? { accountId } : {}),
    });
  }

  function handle(message: ContentEnvelope): void {
    switch (message.type) {
      case 'tab.role':
        role = message.data.role;
        if (role === 'worker' && !worker) {
          worker = childController(life.signal);
          page.banner(worker.signal);
        } else if (role === 'idle') {
          current?.ctl.abort(new JobError('cancelled', 'the tab was released from worker duty'));
          worker?.abort();
          worker = null;
        }
        return;
      case 'job.start':
        return start(message.data.jobId, message.data.request);
      case 'job.cancel':
        if (current?.jobId === message.data.jobId) current.ctl.abort(new Cancelled(message.data.reason || 'cancelled'));
        return;
      case 'selectors':
        // Live: the next lookup uses them, and health is re-checked at once (a fixed handle
        // makes the tab ready without a reload).
        page.overrideSelectors(message.data.overrides);
        sent = null;
        hello();
        return;
      case 'page.report.request':
        if (doc.body)
          link?.send('page.report', {
            requestId: message.data.requestId,
            report: page.report(message.data.skeleton === true),
          });
        return;
      default:
        return;
    }
  }

  function start(jobId: string, request: JobRequest): void {
    const refuse = (message: string): void =>
      link?.send('job.event', { jobId, event: { kind: 'error', code: 'internal', message } });
    if (role !== 'worker' || !worker) return refuse('this tab is not a worker tab');
    if (current) return refuse(`this tab is busy with job ${current.jobId}`);
    const ctl = childController(worker.signal);
    current = { jobId, ctl };
    const jobDeps: JobDeps = {
      tap: page.tap,
      emit: (event) => link?.send('job.event', { jobId, event }),
      navigating: (reason) => link?.send('job.navigating', { jobId, reason }),
      navigate: (path) => location.assign(path),
      session: storage.session,
      local: storage.local,
      now: () => clock.now(),
    };
    void page.runJob(jobId, request, jobDeps, ctl.signal).finally(() => {
      if (current?.ctl === ctl) current = null;
      ctl.abort();
      hello();
    });
  }

  page.tap.subscribe((record) => {
    if (record.t !== 'models') return;
    models = record.models;
    link?.send('tab.models', { models });
  }, life.signal);

  // Mutations are frequent while a run streams: throttle the health check.
  const recheck = throttled(clock, RECHECK_MS, () => hello(), life.signal);
  const domReady = (): void => {
    hello();
    page.observe(recheck, life.signal);
  };
  // Late injection (chrome.scripting into a tab open before the extension loaded) arrives after
  // DOMContentLoaded: start at once then.
  if (doc.readyState === 'loading')
    doc.addEventListener('DOMContentLoaded', domReady, { once: true, signal: life.signal });
  else domReady();

  return {
    signal: life.signal,
    get role() {
      return role;
    },
    get jobId() {
      return current?.jobId ?? null;
    },
  };
}
