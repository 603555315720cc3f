import {
  CONTENT_PORT_NAME,
  contentChannel,
  parseContentMessage,
  type ContentEnvelope,
  type ContentMessageData,
  type ContentMessageType,
  type JobEvent,
  type MessageData,
} from '../../protocol/index.ts';
import type { PortLike } from './chrome-api.ts';
import { ReloadResumes } from './reload-resumes.ts';
import type { Entry, PoolDeps, TabPage } from './tab-pool-types.ts';

export type { PoolDeps, TabPage } from './tab-pool-types.ts';

/**
 * The content-script Ports of AI Studio tabs and the jobs running in them. Only tabs the worker
 * list names as workers are ever reported to the bridge or sent a job; every other AI Studio tab
 * is told `idle` and left alone. A Port that disconnects (tab closed, reloaded, navigated away,
 * or put in the back/forward cache) ends its job with `tab_gone` and is reported as gone.
 */
export class TabPool {
  private readonly entries = new Map<number, Entry>();
  private readonly jobs = new Map<string, number>();
  private readonly resumes: ReloadResumes;
  /** the bridge's selector overrides, given to every content script (new ones on attach) */
  private overrides: Record<string, string[]> = {};

  constructor(private readonly deps: PoolDeps) {
    this.resumes = new ReloadResumes(
      deps.clock,
      (tabId, job, why) => this.lose(tabId, job.jobId, why),
      deps.resumeTimeoutMs,
    );
  }

  /**
   * Take a new content-script Port. `tellRole: false` while the worker list is still loading
   * after a worker restart: the caller sends the role with refreshRole() once it is known, so a
   * worker tab is not told `idle` for a moment (which would abort its banner).
   */
  attach(port: PortLike, tellRole = true): void {
    const tabId = port.sender?.tab?.id;
    if (port.name !== CONTENT_PORT_NAME || tabId === undefined) return;
    const previous = this.entries.get(tabId);
    if (previous) this.detach(tabId, previous, 'replaced by a new content script');
    const entry: Entry = {
      port,
      page: null,
      jobId: null,
      request: null,
      navigating: false,
      cancelTimer: null,
      announced: false,
    };
    this.entries.set(tabId, entry);
    port.onMessage.addListener((raw) => this.onContent(tabId, entry, raw));
    port.onDisconnect.addListener(() => {
      if (this.entries.get(tabId) === entry) this.detach(tabId, entry, 'the tab closed, reloaded or navigated away');
    });
    if (tellRole) this.post(entry, 'tab.role', { role: this.deps.isWorker(tabId) ? 'worker' : 'idle' });
    if (Object.keys(this.overrides).length > 0) this.post(entry, 'selectors', { overrides: this.overrides });
    this.deps.onChanged();
  }

  /** new overrides from the bridge: every content script applies them at once */
  setSelectorOverrides(overrides: Record<string, string[]>): void {
    this.overrides = overrides;
    for (const entry of this.entries.values()) this.post(entry, 'selectors', { overrides });
  }

  /** ask a tab's content script for its page report; why not, or null when asked */
  requestReport(tabId: number, requestId: string, skeleton = false): string | null {
    const entry = this.entries.get(tabId);
    if (!entry?.page) return 'no content script runs in this tab (see its load state in /health)';
    this.post(entry, 'page.report.request', { requestId, ...(skeleton ? { skeleton } : {}) });
    return null;
  }

  connectedTabs(): number[] {
    return [...this.entries.keys()];
  }

  /** the worker list changed for this tab: tell its content script and the bridge */
  refreshRole(tabId: number): void {
    const worker = this.deps.isWorker(tabId);
    const entry = this.entries.get(tabId);
    if (!worker) {
      // A released tab's job ends here, before the bridge hears tab.gone: the bridge retries it
      // on another tab then, and a terminal event arriving later (the page confirming the
      // abort, or the Port closing) would end that retry instead.
      const held = this.resumes.drop(tabId);
      if (held) this.lose(tabId, held.jobId, `worker tab ${tabId} was released while reloading`);
      if (entry?.jobId)
        this.endJob(entry, entry.jobId, {
          kind: 'error',
          code: 'tab_gone',
          message: `worker tab ${tabId} was released from the worker pool`,
        });
    }
    if (!entry) return;
    this.post(entry, 'tab.role', { role: worker ? 'worker' : 'idle' });
    if (worker) this.announce(tabId, entry);
    else if (entry.announced) {
      entry.announced = false;
      this.deps.send('tab.gone', { tabId: String(tabId), reason: 'released from the worker pool' });
    }
    this.deps.onChanged();
  }

  /** after (re)connecting to the bridge: report every ready worker tab */
  announceAll(): void {
    for (const [tabId, entry] of this.entries) if (this.deps.isWorker(tabId)) this.announce(tabId, entry);
  }

  /**
   * The bridge link closed: the bridge has already failed every job it sent here and forgotten
   * every tab. Stop those runs on their pages (clicking Stop, like a cancel) instead of letting
   * them generate for nobody, and never resume a job held across a reload.
   */
  linkLost(): void {
    for (const [tabId, held] of this.resumes.dropAll()) this.lose(tabId, held.jobId, 'the bridge link was lost');
    for (const entry of this.entries.values()) {
      entry.announced = false;
      if (entry.jobId && entry.cancelTimer === null)
        this.cancelJob({ jobId: entry.jobId, reason: 'the bridge link was lost' });
    }
  }

  isConnected(tabId: number): boolean {
    return this.entries.has(tabId);
  }

  view(tabId: number): { page: TabPage | null; jobId: string | null } | null {
    const entry = this.entries.get(tabId);
    const resuming = this.resumes.jobOf(tabId);
    if (!entry) return resuming ? { page: null, jobId: resuming } : null;
    return { page: entry.page, jobId: entry.jobId ?? resuming };
  }

  startJob({ jobId, tabId, request }: MessageData<'job.start'>): void {
    const id = Number(tabId);
    const entry = this.entries.get(id);
    if (!entry || !this.deps.isWorker(id)) return this.fail(jobId, 'tab_gone', `worker tab ${tabId} is not connected`);
    if (entry.jobId) return this.fail(jobId, 'internal', `worker tab ${tabId} is already running job ${entry.jobId}`);
    entry.jobId = jobId;
    entry.request = request;
    this.jobs.set(jobId, id);
    this.deps.onJobStarted(jobId, id, request.model);
    this.post(entry, 'job.start', { jobId, request });
    this.deps.onChanged();
  }

  cancelJob({ jobId, reason }: MessageData<'job.cancel'>): void {
    const tabId = this.jobs.get(jobId);
    if (tabId !== undefined && this.resumes.jobOf(tabId) === jobId) {
      // Nothing runs on the page yet: the new content script simply never gets the job.
      this.resumes.drop(tabId);
      this.jobs.delete(jobId);
      return this.finishDetached(jobId, { kind: 'error', code: 'cancelled', message: `cancelled: ${reason}` });
    }
    const entry = tabId === undefined ? undefined : this.entries.get(tabId);
    if (!entry || entry.jobId !== jobId) return;
    this.post(entry, 'job.cancel', { jobId, reason });
    // The content script confirms with an `error: cancelled` event; if the page is wedged, the
    // job still has to end exactly once, so the worker ends it after a grace period.
    entry.cancelTimer = this.deps.clock.setTimeout(() => {
      if (entry.jobId === jobId)
        this.endJob(entry, jobId, { kind: 'error', code: 'cancelled', message: `cancelled: ${reason}` });
    }, this.deps.cancelGraceMs ?? 5_000);
  }

  private onContent(tabId: number, entry: Entry, raw: unknown): void {
    const parsed = parseContentMessage(raw);
    if (!parsed.ok) return this.deps.log(`tab ${tabId}: ${parsed.error}`);
    const message: ContentEnvelope = parsed.message;
    switch (message.type) {
      case 'tab.hello':
        entry.page = message.data;
        this.deps.onHello?.(tabId);
        if (message.data.account) this.deps.onAccount?.(message.data.account, message.data.accountId ?? null);
        if (this.deps.isWorker(tabId)) this.announce(tabId, entry);
        this.resume(tabId, entry);
        this.deps.onChanged();
        return;
      case 'job.navigating':
        if (entry.jobId === message.data.jobId) entry.navigating = true;
        return;
      case 'page.report':
        return this.deps.onPageReport?.(tabId, message.data.requestId, message.data.report);
      case 'tab.models':
        // Read-only: any AI Studio tab's model list is the same list, so idle tabs may report it.
        this.deps.onModels(message.data.models);
        this.deps.send('models', { models: message.data.models });
        return;
      case 'job.event': {
        const { jobId, event } = message.data;
        if (entry.jobId !== jobId)
          return this.deps.log(`tab ${tabId}: event for job ${jobId} it is not running ignored`);
        if (event.kind === 'done' || event.kind === 'error') return this.endJob(entry, jobId, event);
        this.deps.send('job.event', { jobId, event });
        return;
      }
      default:
        return this.deps.log(`tab ${tabId}: unexpected ${message.type} from a content script`);
    }
  }

  private endJob(entry: Entry, jobId: string, event: Extract<JobEvent, { kind: 'done' | 'error' }>): void {
    const tabId = this.jobs.get(jobId);
    this.deps.clock.clearTimeout(entry.cancelTimer);
    entry.cancelTimer = null;
    entry.jobId = null;
    entry.request = null;
    entry.navigating = false;
    this.jobs.delete(jobId);
    this.deps.send('job.event', { jobId, event });
    this.deps.onJobEnded(jobId, event);
    // Held back by announce() while it finished a job of a lost link: free for the bridge now.
    if (tabId !== undefined && !entry.announced && this.entries.get(tabId) === entry && this.deps.isWorker(tabId))
      this.announce(tabId, entry);
    this.deps.onChanged();
  }

  private detach(tabId: number, entry: Entry, reason: string): void {
    this.entries.delete(tabId);
    if (entry.jobId && entry.navigating && entry.request && entry.cancelTimer === null) {
      // The content script reloads the page for this job (model switch) and dies with it; the
      // bridge keeps the tab busy with the job, which is re-sent to the new content script.
      // Not when a cancel is pending: the bridge already ended that job, so re-sending it would
      // run a dead job and keep the tab busy.
      this.resumes.hold(tabId, { jobId: entry.jobId, request: entry.request });
      this.deps.onChanged();
      return;
    }
    if (entry.jobId)
      this.endJob(entry, entry.jobId, { kind: 'error', code: 'tab_gone', message: `worker tab ${tabId}: ${reason}` });
    if (entry.announced) this.deps.send('tab.gone', { tabId: String(tabId), reason });
    this.deps.onChanged();
  }

  /** a tab that reloaded for a job said hello again: give the job to its new content script */
  private resume(tabId: number, entry: Entry): void {
    if (entry.jobId || !this.deps.isWorker(tabId)) return;
    const held = this.resumes.take(tabId);
    if (!held) return;
    entry.jobId = held.jobId;
    entry.request = held.request;
    this.post(entry, 'job.start', held);
  }

  /** the tab was closed: a job waiting for it to come back is lost */
  tabRemoved(tabId: number): void {
    const held = this.resumes.drop(tabId);
    if (held) this.lose(tabId, held.jobId, `worker tab ${tabId} was closed while reloading`);
  }

  private lose(tabId: number, jobId: string, why: string): void {
    this.jobs.delete(jobId);
    this.finishDetached(jobId, { kind: 'error', code: 'tab_gone', message: why });
    this.deps.send('tab.gone', { tabId: String(tabId), reason: why });
  }

  private finishDetached(jobId: string, event: Extract<JobEvent, { kind: 'error' }>): void {
    this.deps.send('job.event', { jobId, event });
    this.deps.onJobEnded(jobId, event);
    this.deps.onChanged();
  }

  private announce(tabId: number, entry: Entry): void {
    if (!entry.page) return; // not ready until its content script said hello
    // A tab still stopping a job of a lost link is new to the bridge, which would send it a job
    // at once that the tab refuses as busy: it is reported when that job ends (endJob).
    if (entry.jobId && !entry.announced) return;
    // Only a tab.ready the bridge received needs a tab.gone later; announceAll covers the rest.
    entry.announced = this.deps.send('tab.ready', {
      tabId: String(tabId),
      url: entry.page.url,
      model: entry.page.model,
      health: entry.page.health,
    });
  }

  private fail(jobId: string, code: 'tab_gone' | 'internal', message: string): void {
    this.finishDetached(jobId, { kind: 'error', code, message });
  }

  private post<T extends ContentMessageType>(entry: Entry, type: T, data: ContentMessageData<T>): void {
    try {
      entry.port.postMessage(contentChannel.envelope(type, data));
    } catch (error) {
      this.deps.log(`post ${type} failed: ${String(error)}`); // the disconnect handler cleans up
    }
  }
}
