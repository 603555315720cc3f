import type { TraceStep } from '../../protocol/trace.ts';
import { TokenTally } from '../conversation/usage.ts';

type RequestStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/**
 * One HTTP request as the dashboard shows it: where it ran and how it went, never its prompt or
 * answer text (only a token count of what streamed).
 */
export interface RequestEntry {
  id: string;
  /** the request's x-request-id */
  requestId: string;
  /** the run's label, e.g. "chat completion", "anthropic message" */
  surface: string;
  model: string;
  stream: boolean;
  account: string | null;
  tab: string | null;
  /** wall clock, epoch ms */
  startedAt: number;
  endedAt: number | null;
  tokensIn: number;
  tokensOut: number;
  status: RequestStatus;
  /** the log line's outcome, e.g. "200 stop", "429 rate_limit_exceeded" */
  outcome: string | null;
  error: { code: string; message: string } | null;
  /** the step that failed and the job's step trace, when the extension sent one */
  step?: string;
  steps?: TraceStep[];
}

export interface RequestStart {
  requestId: string;
  surface: string;
  model: string;
  stream: boolean;
  account: string | null;
}

export interface RequestSettle {
  outcome: string;
  status: 'completed' | 'failed' | 'cancelled';
  model: string;
  tokens?: { in: number; out: number };
  error?: { code: string; message: string };
  steps?: TraceStep[];
  step?: string;
}

export interface RequestLogOptions {
  now: () => number;
  /** the account label of a worker tab key, while the tab is known */
  accountOf: (tabKey: string) => string | null;
  /** called once per request when it ends (the usage file) */
  onSettled?: (entry: RequestEntry) => void;
  /** finished requests kept for the dashboard (and failures among them) */
  keep?: number;
}

/**
 * Live and recently finished requests, fed by JobRun at start, dispatch, streamed text and
 * settle. Bounded: finished requests and failures are rings. Listeners hear of every change
 * (the dashboard's event stream throttles them).
 */
export class RequestLog {
  private readonly live = new Map<string, { entry: RequestEntry; tally: TokenTally; cancel: () => void }>();
  private readonly finished: RequestEntry[] = [];
  private readonly failed: RequestEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private readonly keep: number;

  constructor(private readonly opts: RequestLogOptions) {
    this.keep = opts.keep ?? 50;
  }

  start(info: RequestStart, cancel: () => void): string {
    const id = `r${++this.seq}`;
    const entry: RequestEntry = {
      id,
      ...info,
      tab: null,
      startedAt: this.opts.now(),
      endedAt: null,
      tokensIn: 0,
      tokensOut: 0,
      status: 'queued',
      outcome: null,
      error: null,
    };
    this.live.set(id, { entry, tally: new TokenTally(), cancel });
    this.changed();
    return id;
  }

  dispatched(id: string | null, tabKey: string): void {
    const live = id === null ? undefined : this.live.get(id);
    if (!live) return;
    live.entry.status = 'running';
    live.entry.tab = tabKey;
    live.entry.account = this.opts.accountOf(tabKey) ?? live.entry.account;
    this.changed();
  }

  /** Text or thoughts that streamed: counted, not kept. */
  streamed(id: string | null, text: string): void {
    const live = id === null ? undefined : this.live.get(id);
    if (!live || text.length === 0) return;
    live.entry.tokensOut = live.tally.add(text).tokens;
    this.changed();
  }

  settle(id: string | null, end: RequestSettle): void {
    const live = id === null ? undefined : this.live.get(id);
    if (!live) return;
    this.live.delete(id as string);
    const { entry } = live;
    Object.assign(entry, {
      status: end.status,
      outcome: end.outcome,
      model: end.model,
      endedAt: this.opts.now(),
      error: end.error ?? null,
      ...(end.tokens ? { tokensIn: end.tokens.in, tokensOut: end.tokens.out } : {}),
      ...(end.steps ? { steps: end.steps } : {}),
      ...(end.step ? { step: end.step } : {}),
    });
    push(this.finished, entry, this.keep);
    if (end.status === 'failed') push(this.failed, entry, this.keep);
    try {
      this.opts.onSettled?.(entry);
    } finally {
      this.changed();
    }
  }

  /** Cancels a live request as if its client left; false when it is not running any more. */
  cancel(id: string): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    live.cancel();
    return true;
  }

  running(): RequestEntry[] {
    return [...this.live.values()].map((l) => ({ ...l.entry }));
  }

  /** Finished requests, newest first. */
  recent(): RequestEntry[] {
    return [...this.finished].reverse();
  }

  /** Failed requests, newest first. */
  failures(): RequestEntry[] {
    return [...this.failed].reverse();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    // A listener is an open dashboard: one that throws must not fail the request being logged.
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        this.listeners.delete(l);
      }
    }
  }
}

function push<T>(ring: T[], item: T, max: number): void {
  ring.push(item);
  if (ring.length > max) ring.splice(0, ring.length - max);
}
