import type { TabInfo } from '../../protocol/messages.ts';
import type { LinkPort } from './types.ts';

/** One AI Studio worker tab in one connected browser: runs one job at a time. */
export interface Worker {
  /** `<connectionId>/<tabId>`: tab ids are only unique within one extension connection */
  readonly key: string;
  readonly tabId: string;
  readonly port: LinkPort;
  info: TabInfo;
  /** false after `tab.busy` or while its page health check fails */
  ready: boolean;
  /** the job it runs, or the cancelled job whose end the extension has not confirmed yet */
  jobId: string | null;
  lastUsedAt: number;
  releaseTimer: unknown;
  /** bridge time since when its page health check has failed without a break; null when healthy */
  unhealthySince: number | null;
}

export const workerKey = (connectionId: string, tabId: string): string => `${connectionId}/${tabId}`;

/** The registry of worker tabs across every extension connection. */
export class WorkerRegistry {
  private readonly workers = new Map<string, Worker>();

  get size(): number {
    return this.workers.size;
  }

  get(key: string): Worker | undefined {
    return this.workers.get(key);
  }

  all(): IterableIterator<Worker> {
    return this.workers.values();
  }

  upsert(port: LinkPort, info: TabInfo, ready: boolean, now: number): Worker {
    const key = workerKey(port.id, info.tabId);
    const existing = this.workers.get(key);
    if (existing) {
      existing.info = info;
      existing.ready = ready;
      existing.unhealthySince = info.health.ok ? null : (existing.unhealthySince ?? now);
      return existing;
    }
    const unhealthySince = info.health.ok ? null : now;
    const worker: Worker = {
      key,
      tabId: info.tabId,
      port,
      info,
      ready,
      jobId: null,
      lastUsedAt: 0,
      releaseTimer: undefined,
      unhealthySince,
    };
    this.workers.set(key, worker);
    return worker;
  }

  remove(key: string): Worker | undefined {
    const worker = this.workers.get(key);
    this.workers.delete(key);
    return worker;
  }

  ofConnection(connectionId: string): Worker[] {
    return [...this.workers.values()].filter((w) => w.port.id === connectionId);
  }

  /** A free tab for a job: one already on the requested model first, else the least recently used. */
  pickFree(model: string | null, avoid: ReadonlySet<string>): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.workers.values()) {
      if (!w.ready || w.jobId !== null || avoid.has(w.key)) continue;
      if (model !== null && w.info.model === model) return w;
      if (!best || w.lastUsedAt < best.lastUsedAt) best = w;
    }
    return best;
  }

  readyCount(): number {
    let n = 0;
    for (const w of this.workers.values()) if (w.ready) n++;
    return n;
  }
}
