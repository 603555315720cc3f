import { randomBytes } from 'node:crypto';
import type { ImagePiece } from '../../protocol/image-frame.ts';
import type { JobEvent, JobRequest } from '../../protocol/job.ts';
import type { TabInfo } from '../../protocol/messages.ts';
import { bareModelId } from '../../protocol/model-id.ts';
import { COUNT_TOKENS_FEATURE } from '../../protocol/token-count.ts';
import { DEFAULT_KEPT_CHATS, type BridgeTimeouts, type KeptChatOptions } from '../config.ts';
import {
  InternalError,
  jobErrorToApiError,
  noTabError,
  RateLimitError,
  ServiceUnavailableError,
  UpstreamError,
  type ApiError,
} from '../errors.ts';
import { admitJob } from './admission.ts';
import type { Logger } from '../logger.ts';
import { AccountRouter, accountOf, hasLabel, labelOf, sameAccount } from './account-routing.ts';
import { QuotaBook, memoryStore } from '../accounts/quota-book.ts';
import { DEFAULT_COOLDOWN } from '../accounts/reset-time.ts';
import { FailedJobs } from './failures.ts';
import { Job } from './job.ts';
import { JobQueue } from './queue.ts';
import { accountNotConnected, isQuotaError, quotaExceededError } from './quota-policy.ts';
import { accountViews, tabViews, unusablePagesError, type AccountView, type TabView } from './reporting.ts';
import type { Timers } from '../timers.ts';
import type { JobEnd, JobHandle, JobSink, LinkPort, PoolStats } from './types.ts';
import { WorkerRegistry, workerKey, type Worker } from './workers.ts';
import { KeptChats, type ConversationShape } from './kept-chats.ts';

/** How long every tab must have failed its page health check before requests fail fast. */
const UNHEALTHY_GRACE_MS = 10_000;

export interface PoolOptions {
  timeouts: BridgeTimeouts;
  maxQueue: number;
  /** characters of job JSON the queue may hold together (default QUEUE_BUDGET_CHARS, 256 Mi) */
  maxQueueChars?: number;
  timers: Timers;
  logger: Logger;
  /** how long a cancelled job may keep its tab before the tab is considered free anyway */
  cancelGraceMs?: number;
  /** after the last tab vanished, how long queued jobs wait for one to come back (service-worker restarts) */
  noTabGraceMs?: number;
  /** how often a job whose tab vanished before streaming is tried again on another tab */
  maxAttempts?: number;
  /** quota-aware routing across accounts; default: least-busy, exhaustion kept in memory only */
  accounts?: { router: AccountRouter; book: QuotaBook };
  /** continuing conversations in the chats worker tabs keep (kept-chats.ts) */
  chats?: KeptChatOptions;
}

/** Per-request routing wishes (header `x-aistudio-account`). */
export interface SubmitOptions {
  /** run only on this account's tabs (label as /health shows it) */
  account?: string | null;
  /** the request's conversation by content, to continue a tab's kept chat */
  conversation?: ConversationShape;
}

/**
 * Every ready worker tab runs one job at a time; the rest wait in a bounded FIFO queue. The pool
 * owns the job table, so events from the extension are routed here and each job is ended here.
 */
export class JobPool {
  private readonly workers = new WorkerRegistry();
  private readonly queue: JobQueue;
  private readonly running = new Map<string, Job>();
  private readonly connections = new Set<string>();
  private readonly idPrefix = randomBytes(4).toString('hex');
  private seq = 0;
  private completed = 0;
  private failed = 0;
  private noTabTimer: unknown;
  private closed = false;
  private readonly router: AccountRouter;
  private readonly book: QuotaBook;
  private readonly chats: KeptChats;
  /** the last failed jobs with their step traces (/health, doctor) */
  readonly failures = new FailedJobs();

  constructor(private readonly opts: PoolOptions) {
    this.queue = new JobQueue(opts.maxQueue, (job) => this.expireQueued(job), opts.maxQueueChars);
    this.book =
      opts.accounts?.book ?? new QuotaBook(memoryStore(), DEFAULT_COOLDOWN, () => opts.timers.now(), opts.logger);
    this.router = opts.accounts?.router ?? new AccountRouter('least-busy', this.book);
    this.chats = new KeptChats(opts.chats ?? DEFAULT_KEPT_CHATS, opts.timers, () => this.pump());
  }

  // ---- HTTP side ---------------------------------------------------------------------------

  /**
   * Queue a job. Throws (before anything is sent) when no tab exists, the queue is full or the
   * request cannot be serialised (400: it is serialised here, once, never again at dispatch).
   */
  submit(request: JobRequest, sink: JobSink, options: SubmitOptions = {}): JobHandle {
    if (this.closed) throw new ServiceUnavailableError('the bridge is shutting down', 'shutting_down', 5, true);
    if (this.workers.size === 0) throw noTabError();
    const broken = this.unusablePages();
    if (broken) throw broken;
    const pin = options.account ?? null;
    if (pin !== null && ![...this.workers.all()].some((w) => sameAccount(w, pin)))
      throw accountNotConnected(pin, this.accountNames());
    if (this.queue.full) {
      throw new RateLimitError(
        `all ${this.workers.size} AI Studio tab(s) are busy and ${this.queue.length} requests are waiting`,
        5,
      );
    }
    const admitted = admitJob(request);
    if (this.queue.tooBigFor(admitted.json.length))
      throw new ServiceUnavailableError(
        `the requests waiting for a tab already hold ${Math.round(this.queue.maxChars / 1024 / 1024)} MB; retry shortly`,
        'queue_budget_exceeded',
        5,
        true,
      );
    const id = `job-${this.idPrefix}-${(++this.seq).toString(36)}`;
    const job = new Job(id, admitted, sink, this.opts.timers, this.opts.timeouts, (j, error) =>
      this.abort(j, { ok: false, error, cancelled: false }, 'timeout'),
    );
    job.account = pin;
    this.chats.admit(job, options.conversation);
    this.queue.push(job);
    this.pump();
    return {
      id,
      cancel: (reason) => this.abort(job, { ok: false, error: cancelledError(reason), cancelled: true }, reason),
      complete: (reason) => this.abort(job, { ok: true, finishReason: 'stop' }, reason),
      throttle: (on) => {
        const worker = job.workerKey ? this.workers.get(job.workerKey) : undefined;
        worker?.port.throttle?.(job.id, on);
      },
    };
  }

  /** Whether a connected tab can count tokens (its extension listed `count_tokens` in hello): else the bridge estimates. */
  canCount(): boolean {
    return [...this.workers.all()].some(countsTokens);
  }

  stats(): PoolStats {
    return {
      connections: this.connections.size,
      tabs: this.workers.size,
      readyTabs: this.workers.readyCount(),
      runningJobs: this.running.size,
      queuedJobs: this.queue.length,
      completedJobs: this.completed,
      failedJobs: this.failed,
      conversations: this.chats.stats(),
    };
  }

  /** For /health: per tab, what the page health check found, so a changed AI Studio page shows what broke. */
  tabs(): TabView[] {
    return tabViews(this.workers.all());
  }

  /** For /health and doctor: worker tabs grouped by account, with what ran out of quota. */
  accounts(): AccountView[] {
    return accountViews(this.workers.all(), this.book, this.opts.timers.now());
  }

  /** Ends every job (503) and forgets every tab; used by Bridge.close(). */
  close(): void {
    this.closed = true;
    const error = new ServiceUnavailableError('the bridge is shutting down', 'shutting_down', 5, true);
    for (const job of [...this.queue.drain(), ...this.running.values()])
      this.finish(job, { ok: false, error, cancelled: false });
    this.running.clear();
    this.opts.timers.clearTimeout(this.noTabTimer);
    this.chats.close();
    for (const worker of this.workers.all()) this.release(worker);
  }

  // ---- extension side ----------------------------------------------------------------------

  connectionOpened(port: LinkPort): void {
    this.connections.add(port.id);
  }

  tabReady(port: LinkPort, reported: TabInfo): void {
    // Model ids are compared with requests, which never carry the `models/` prefix.
    const info = { ...reported, model: reported.model === null ? null : bareModelId(reported.model) };
    const known = this.workers.get(workerKey(port.id, info.tabId));
    const worker = this.workers.upsert(port, info, info.health.ok, this.opts.timers.now());
    this.opts.timers.clearTimeout(this.noTabTimer);
    // A tab that says "ready" while we still wait for it to confirm a cancel has stopped that run.
    if (known && worker.jobId !== null && !this.running.has(worker.jobId)) this.release(worker);
    this.pump();
  }

  tabBusy(port: LinkPort, tabId: string): void {
    const worker = this.workers.get(workerKey(port.id, tabId));
    if (worker) worker.ready = false;
    this.chats.forget(workerKey(port.id, tabId));
  }

  tabGone(port: LinkPort, tabId: string, reason: string): void {
    const worker = this.workers.remove(workerKey(port.id, tabId));
    if (worker) this.lostWorker(worker, `the AI Studio tab went away (${reason})`);
  }

  connectionClosed(port: LinkPort): void {
    this.connections.delete(port.id);
    for (const worker of this.workers.ofConnection(port.id)) {
      this.workers.remove(worker.key);
      this.lostWorker(worker, 'the browser extension disconnected');
    }
  }

  jobEvent(port: LinkPort, jobId: string, event: JobEvent | ImagePiece): void {
    const job = this.running.get(jobId);
    const worker = job?.workerKey ? this.workers.get(job.workerKey) : this.findWorkerOf(port.id, jobId);
    // Only the connection that runs a job may speak for it.
    if (!worker || worker.port.id !== port.id || worker.jobId !== jobId) return;
    if (event.kind !== 'done' && event.kind !== 'error') {
      if (!job) return;
      this.chats.observe(worker.key, event);
      if (event.kind === 'started') {
        const corrected = this.chats.started(worker.key, event, job.conversationOutcome);
        if (corrected) job.conversation(corrected);
      }
      // Hot path (one call per chunk): no closure, just the guard.
      try {
        job.event(event);
      } catch (err) {
        this.internalFailure(job, 'handling an event of', err);
      }
      return;
    }
    this.release(worker);
    if (event.kind === 'done') this.chats.done(worker.key, event);
    else this.chats.forget(worker.key);
    if (job && event.kind === 'error' && event.code !== 'cancelled') this.recordFailure(job, worker, event);
    // An answer proves the account has quota for the model again (a count is no answer).
    if (job && event.kind === 'done' && job.request.count !== true)
      this.book.clear(accountOf(worker), job.request.model ?? worker.info.model);
    if (
      job &&
      event.kind === 'error' &&
      isQuotaError(event.code, event.message) &&
      this.onQuota(job, worker, event.message)
    )
      return;
    if (job && event.kind === 'error' && event.code === 'tab_gone' && this.retryable(job)) this.retry(job);
    else if (job) {
      // Give the tab its next job before answering this one: the tab's round trip is the
      // pool's bottleneck, the HTTP write can wait a few microseconds.
      this.running.delete(job.id);
      this.pump();
      if (event.kind === 'done') this.finish(job, { ok: true, finishReason: event.finishReason });
      else
        this.finish(job, {
          ok: false,
          error: jobErrorToApiError(event.code, withStep(event.message, event.step)),
          cancelled: event.code === 'cancelled',
        });
      return;
    }
    this.pump();
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * A quota or rate-limit error: mark (account, model) exhausted, then try the job on another
   * account if nothing was streamed yet. Returns true when the job was handled here (retried or
   * failed with 429 naming the model); false lets the caller fail it as usual.
   */
  private onQuota(job: Job, worker: Worker, message: string): boolean {
    const model = job.request.model ?? worker.info.model;
    if (model === null) return false;
    const account = accountOf(worker);
    this.book.mark(account, model, message, hasLabel(worker));
    this.opts.logger.info('account out of quota for a model; routing around it', { account, model, job: job.id });
    // Queued jobs for this model that no account can run any more fail now instead of waiting.
    for (const queued of this.queue.removeWhere(
      (q) => q !== job && this.router.exhaustedUntil(this.workers.all(), q.request.model, q.account) !== null,
    )) {
      this.finish(queued, {
        ok: false,
        error: this.quotaError(
          queued.request.model ?? model,
          this.router.exhaustedUntil(this.workers.all(), queued.request.model, queued.account) ?? 0,
        ),
        cancelled: false,
      });
    }
    if (!this.retryable(job)) return false;
    for (const w of this.workers.all()) if (accountOf(w) === account) job.avoid.add(w.key);
    const until = this.router.exhaustedUntil(this.workers.all(), model, job.account);
    if (until !== null) {
      this.running.delete(job.id);
      this.finish(job, { ok: false, error: this.quotaError(model, until, message), cancelled: false });
      this.pump();
      return true;
    }
    this.retry(job);
    this.pump();
    return true;
  }

  private quotaError(model: string, until: number, pageSaid?: string): RateLimitError {
    return quotaExceededError(model, until - this.opts.timers.now(), this.accountNames().length, pageSaid);
  }

  /** One name per account (identity), as people read them: the label, with the identity when there is one. */
  private accountNames(): string[] {
    const names = new Map<string, string>();
    for (const w of this.workers.all())
      names.set(accountOf(w), w.port.accountId ? `${labelOf(w)} (${w.port.accountId})` : labelOf(w));
    return [...names.values()];
  }

  /** The page's failure and its step trace, for /health and doctor (failures.ts). */
  private recordFailure(job: Job, worker: Worker, event: Extract<JobEvent, { kind: 'error' }>): void {
    this.failures.record({
      jobId: job.id,
      at: new Date(this.opts.timers.now()).toISOString(),
      model: job.request.model ?? worker.info.model ?? 'unknown',
      account: labelOf(worker),
      tab: worker.key,
      error: { code: event.code, message: event.message },
      ...(event.step ? { step: event.step } : {}),
      steps: event.steps ?? [],
    });
  }

  /** Hand queued jobs to free tabs, oldest first. */
  private pump(): void {
    for (let guard = this.queue.length; guard > 0; guard--) {
      const next = this.queue.takePlaceable((job) =>
        this.chats.place(
          job,
          [...this.workers.all()],
          // Tabs are left out through `avoid`: the router judges quota over every account.
          (skip) =>
            this.router.pick(
              this.candidates(job),
              job.request.model,
              skip.size > 0 ? new Set([...job.avoid, ...skip]) : job.avoid,
              job.account,
            ),
          (w) => this.book.until(accountOf(w), job.request.model ?? w.info.model ?? '') !== null,
        ),
      );
      if (!next) return;
      const { job, worker } = next;
      worker.jobId = job.id;
      worker.lastUsedAt = this.opts.timers.now();
      this.running.set(job.id, job);
      let sent = false;
      this.guarded(job, 'starting', () => {
        job.dispatched(worker.key, worker.info.model);
        const { admitted, outcome } = this.chats.dispatch(job, worker);
        job.conversationOutcome = outcome;
        job.conversation(outcome);
        sent = worker.port.startJob(worker.tabId, job.id, admitted);
      });
      if (job.ended) {
        // It failed while being started: the tab never got it (or is told to drop it).
        if (worker.jobId === job.id) this.release(worker);
        continue;
      }
      if (!sent) {
        // The socket closed between two events: connectionClosed will clean up; retry elsewhere.
        this.workers.remove(worker.key);
        this.lostWorker(worker, 'the browser extension disconnected');
        return;
      }
    }
  }

  /**
   * Runs `fn` for a job; an exception (a bug, or a client that broke its response) ends that job
   * with a 500 and stops its tab's run, instead of unwinding into a WebSocket handler or a timer
   * and taking the whole bridge down.
   */
  private guarded(job: Job, what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.internalFailure(job, what, err);
    }
  }

  private internalFailure(job: Job, what: string, err: unknown): void {
    this.opts.logger.error(`internal error while ${what} a job; it ends with a 500 and its tab is freed`, {
      job: job.id,
      error: describeError(err),
    });
    this.abort(job, { ok: false, error: new InternalError(), cancelled: false }, 'internal error in the bridge');
  }

  private lostWorker(worker: Worker, why: string): void {
    this.opts.timers.clearTimeout(worker.releaseTimer);
    this.chats.forget(worker.key);
    const job = worker.jobId ? this.running.get(worker.jobId) : undefined;
    worker.jobId = null;
    if (job) {
      if (this.retryable(job)) this.retry(job);
      else
        this.finish(job, {
          ok: false,
          error: new UpstreamError(`${why} while answering`, 'tab_gone'),
          cancelled: false,
        });
    }
    if (this.workers.size === 0 && this.queue.length > 0) {
      this.opts.timers.clearTimeout(this.noTabTimer);
      this.noTabTimer = this.opts.timers.setTimeout(
        () => this.failQueued(noTabError()),
        this.opts.noTabGraceMs ?? 5_000,
      );
    }
    this.pump();
  }

  /** The tabs a job may run on: a count job only where the extension can count (an older one would run the prompt). */
  private candidates(job: Job): Iterable<Worker> {
    return job.request.count === true ? [...this.workers.all()].filter(countsTokens) : this.workers.all();
  }

  private unusablePages(): ServiceUnavailableError | null {
    return unusablePagesError(this.workers.all(), this.opts.timers.now() - UNHEALTHY_GRACE_MS);
  }

  private retryable(job: Job): boolean {
    return !job.streamed && !job.ended && job.attempts < (this.opts.maxAttempts ?? 3);
  }

  private retry(job: Job): void {
    this.running.delete(job.id);
    if (job.workerKey) job.avoid.add(job.workerKey);
    const elsewhere = [...this.workers.all()].some((w) => !job.avoid.has(w.key));
    if (!elsewhere && this.workers.size > 0) {
      this.finish(job, {
        ok: false,
        error: new UpstreamError(
          'the AI Studio tab went away before answering and no other tab is connected',
          'tab_gone',
        ),
        cancelled: false,
      });
      return;
    }
    this.opts.logger.info('retrying job on another tab', { job: job.id, attempt: job.attempts + 1 });
    this.queue.pushFront(job);
  }

  /** Client went away, a timeout fired or the answer is complete early: end the job and stop the tab's run. */
  private abort(job: Job, end: JobEnd, reason: string): void {
    if (job.ended) return;
    this.queue.remove(job);
    const worker = job.workerKey ? this.workers.get(job.workerKey) : undefined;
    this.finish(job, end);
    if (worker && worker.jobId === job.id) {
      // Cut short (stop sequence, client gone, timeout): what the chat holds now is unknown.
      this.chats.forget(worker.key);
      try {
        worker.port.cancelJob(job.id, reason);
      } catch (err) {
        this.opts.logger.error('could not send job.cancel; the tab is freed after the grace period', {
          job: job.id,
          error: describeError(err),
        });
      }
      // The tab stays reserved until the extension confirms the cancel (or the grace runs out),
      // so the next job never lands on a page that is still generating.
      worker.releaseTimer = this.opts.timers.setTimeout(() => {
        if (worker.jobId === job.id) this.release(worker);
        this.pump();
      }, this.opts.cancelGraceMs ?? 10_000);
    }
  }

  private finish(job: Job, end: JobEnd): void {
    this.running.delete(job.id);
    let ended = false;
    try {
      ended = job.end(end);
    } catch (err) {
      // The job is ended either way (Job.end marks it first); only its response failed.
      ended = true;
      this.opts.logger.error('internal error while answering a job', { job: job.id, error: describeError(err) });
    }
    if (ended) {
      // A cancel (client gone, Stop pressed) is nobody's failure.
      if (end.ok) this.completed++;
      else if (!end.cancelled) this.failed++;
    }
  }

  private release(worker: Worker): void {
    this.opts.timers.clearTimeout(worker.releaseTimer);
    worker.jobId = null;
  }

  private findWorkerOf(connectionId: string, jobId: string): Worker | undefined {
    for (const w of this.workers.ofConnection(connectionId)) if (w.jobId === jobId) return w;
    return undefined;
  }

  private expireQueued(job: Job): void {
    const busy = new ServiceUnavailableError(
      `no AI Studio tab became free within ${this.opts.timeouts.queueWaitMs} ms`,
      'server_busy',
      5,
      true,
    );
    this.finish(job, { ok: false, error: busy, cancelled: false });
  }

  private failQueued(error: ApiError): void {
    if (this.workers.size > 0) return;
    for (const job of this.queue.drain()) this.finish(job, { ok: false, error, cancelled: false });
  }
}

const countsTokens = (w: Worker): boolean => w.port.features?.has(COUNT_TOKENS_FEATURE) === true;

/** A page failure names the driver step that failed, so the client's error says where. */
const withStep = (message: string, step: string | undefined): string =>
  step ? `${message} (failed at step "${step}")` : message;

const describeError = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

function cancelledError(reason: string): ApiError {
  return new UpstreamError(`request cancelled: ${reason}`, 'cancelled');
}
