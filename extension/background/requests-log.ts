import type { JobEvent } from '../../protocol/index.ts';
import type { RequestStatus } from '../lib/status.ts';

const REQUESTS_KEPT = 20;

/** The last requests for the popup: newest first, bounded, updated on start and end only. */
export class RequestsLog {
  private items: RequestStatus[] = [];

  constructor(
    private readonly now: () => number,
    private readonly keep = REQUESTS_KEPT,
  ) {}

  restore(items: RequestStatus[]): void {
    this.items = items.slice(0, this.keep);
  }

  started(jobId: string, tabId: number, model: string | null): void {
    const entry: RequestStatus = {
      jobId,
      tabId,
      model,
      status: 'running',
      errorCode: null,
      message: null,
      startedAt: this.now(),
      endedAt: null,
    };
    this.items = [entry, ...this.items.filter((r) => r.jobId !== jobId)].slice(0, this.keep);
  }

  ended(jobId: string, event: Extract<JobEvent, { kind: 'done' | 'error' }>, tabId = -1): void {
    const existing = this.items.find((r) => r.jobId === jobId);
    if (!existing) this.started(jobId, tabId, null); // failed before it reached a tab
    const status: RequestStatus['status'] =
      event.kind === 'done' ? 'done' : event.code === 'cancelled' ? 'cancelled' : 'error';
    this.items = this.items.map((r) =>
      r.jobId === jobId
        ? {
            ...r,
            status,
            errorCode: event.kind === 'error' ? event.code : null,
            message: event.kind === 'error' ? event.message : null,
            endedAt: this.now(),
          }
        : r,
    );
  }

  list(): RequestStatus[] {
    return this.items;
  }
}
