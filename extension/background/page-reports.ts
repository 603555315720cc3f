import type { PageReport, TabPageReport } from '../../protocol/selector-overrides.ts';
import type { Clock, TimerHandle } from './clock.ts';

/**
 * `doctor --page` on the worker side: ask every worker tab's content script for its page report
 * and answer the bridge once all replied, or after `timeoutMs` with an error entry for the rest
 * (a wedged page must not hang the doctor).
 */
export interface PageReportDeps {
  clock: Clock;
  /** ask one tab; returns why it cannot answer, or null when the request was posted */
  ask(tabId: number, requestId: string, skeleton: boolean): string | null;
  answer(requestId: string, tabs: TabPageReport[]): void;
  timeoutMs?: number;
}

interface Pending {
  results: Map<number, TabPageReport>;
  waiting: Set<number>;
  timer: TimerHandle | null;
}

export class PageReports {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: PageReportDeps) {}

  request(requestId: string, tabIds: readonly number[], skeleton = false): void {
    const p: Pending = { results: new Map(), waiting: new Set(), timer: null };
    this.pending.set(requestId, p);
    for (const tabId of tabIds) {
      const why = this.deps.ask(tabId, requestId, skeleton);
      if (why === null) p.waiting.add(tabId);
      else p.results.set(tabId, { tabId: String(tabId), report: null, error: why });
    }
    p.timer = this.deps.clock.setTimeout(() => this.finish(requestId), this.deps.timeoutMs ?? 5_000);
    if (p.waiting.size === 0) this.finish(requestId);
  }

  reported(tabId: number, requestId: string, report: PageReport): void {
    const p = this.pending.get(requestId);
    if (!p || !p.waiting.delete(tabId)) return;
    p.results.set(tabId, { tabId: String(tabId), report, error: null });
    if (p.waiting.size === 0) this.finish(requestId);
  }

  private finish(requestId: string): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    this.deps.clock.clearTimeout(p.timer);
    for (const tabId of p.waiting)
      p.results.set(tabId, { tabId: String(tabId), report: null, error: 'the page did not answer within 5 s' });
    this.deps.answer(requestId, [...p.results.values()]);
  }
}
