import type { JobRequest } from '../../protocol/index.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface HeldJob {
  jobId: string;
  request: JobRequest;
}

/**
 * Jobs whose worker tab reloads on their behalf. AI Studio reads the model from localStorage at
 * page load, so a model switch means a reload: the content script says `job.navigating`, dies
 * with the page, and the job is handed to the tab's next content script once it says hello.
 * A tab that does not come back in time (or is closed) loses its job via `onLost`.
 */
export class ReloadResumes {
  private readonly held = new Map<number, HeldJob & { timer: TimerHandle }>();

  constructor(
    private readonly clock: Clock,
    private readonly onLost: (tabId: number, job: HeldJob, why: string) => void,
    private readonly timeoutMs = 30_000,
  ) {}

  hold(tabId: number, job: HeldJob): void {
    this.drop(tabId);
    const timer = this.clock.setTimeout(() => {
      if (this.held.get(tabId)?.jobId !== job.jobId) return;
      this.held.delete(tabId);
      this.onLost(tabId, job, `worker tab ${tabId} did not come back after reloading`);
    }, this.timeoutMs);
    this.held.set(tabId, { ...job, timer });
  }

  /** the tab's new content script is ready: hand back its job */
  take(tabId: number): HeldJob | null {
    const job = this.drop(tabId);
    return job;
  }

  jobOf(tabId: number): string | null {
    return this.held.get(tabId)?.jobId ?? null;
  }

  /** forget every held job (the bridge link was lost, so it forgot them) */
  dropAll(): Array<[number, HeldJob]> {
    return [...this.held.keys()].map((tabId) => [tabId, this.drop(tabId)!]);
  }

  /** forget a held job without running it (cancelled, or its tab closed) */
  drop(tabId: number): HeldJob | null {
    const job = this.held.get(tabId);
    if (!job) return null;
    this.clock.clearTimeout(job.timer);
    this.held.delete(tabId);
    return { jobId: job.jobId, request: job.request };
  }
}
