import type { StorageAreaLike } from './chrome-api.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { STATUS_KEY, WorkerStatus, type RequestStatus } from '../lib/status.ts';

/**
 * Writes the popup's view of the worker to chrome.storage.session. Bursts (a job ending updates
 * the tab, the request and the pool at once) are coalesced into one write; the popup re-renders
 * on storage.onChanged, so it is live without polling the worker.
 */
export class StatusPublisher {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly session: StorageAreaLike,
    private readonly clock: Clock,
    private readonly snapshot: () => Omit<WorkerStatus, 'updatedAt'>,
    private readonly log: (m: string) => void,
    private readonly delayMs = 50,
  ) {}

  /** previous requests survive a worker restart (the session area outlives the worker) */
  async restoreRequests(): Promise<RequestStatus[]> {
    const stored = await this.session.get(STATUS_KEY);
    const parsed = WorkerStatus.safeParse(stored[STATUS_KEY]);
    return parsed.success ? parsed.data.requests : [];
  }

  changed(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  flush(): void {
    const status: WorkerStatus = { ...this.snapshot(), updatedAt: this.clock.now() };
    this.session
      .set({ [STATUS_KEY]: status })
      .catch((error: unknown) => this.log(`status write failed: ${String(error)}`));
  }
}
