import { MAX_TRACE_STEPS, type TraceStep } from '../../protocol/trace.ts';
import { JobError } from './errors.ts';
import { type SelectorName } from './selectors.ts';
import { locate } from './find.ts';

export type { TraceStep } from '../../protocol/trace.ts';

/** A step's result as a short, text-free detail: outcome words and selector names only. */
export type Detail = string | number | boolean | readonly string[] | null | undefined;

const MAX_DETAIL = 200;

function describe(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return text.slice(0, MAX_DETAIL) || undefined;
}

/**
 * What one job did in the page, step by step (protocol/trace.ts): action, selector key, the
 * candidate of that key that matched, duration and outcome. Call sites pass only outcome words
 * and counts as details, never prompt, answer or input text.
 */
export class StepTrace {
  readonly steps: TraceStep[] = [];
  private open: { action: string; key: SelectorName | undefined; at: number } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Run `fn` as step `action`. `key` is the selector the step is about: the candidate that matches
   * it afterwards is recorded. A throw records the step as failed (with the broken key, when the
   * error names one) and is rethrown. `summary` turns the result into a text-free detail.
   */
  async step<T>(
    action: string,
    key: SelectorName | undefined,
    fn: () => Promise<T> | T,
    summary: (value: T) => Detail = (v) => v as Detail,
  ): Promise<T> {
    const open = { action, key, at: this.now() };
    this.open = open;
    try {
      const value = await fn();
      if (this.open === open) this.close('ok', describe(summary(value)));
      return value;
    } catch (err) {
      if (this.open === open) this.fail(err);
      throw err;
    }
  }

  /** A step that did nothing (`skipped`) or an instant note. */
  note(action: string, outcome: TraceStep['outcome'], detail?: Detail, key?: SelectorName): void {
    this.push({ action, ...(key ? this.keyed(key) : {}), ms: 0, outcome, detail: describe(detail) });
  }

  /** Close the step in progress (e.g. `answer` when the terminal event arrives before its promise settles). */
  close(outcome: TraceStep['outcome'], detail?: string): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    this.push({
      action: open.action,
      ...(open.key ? this.keyed(open.key) : {}),
      ms: Math.max(0, this.now() - open.at),
      outcome,
      detail,
    });
  }

  /** Close the step in progress as failed; the error's key (notReady) wins over the step's. */
  fail(err: unknown): void {
    const open = this.open;
    if (!open) return;
    const key = err instanceof JobError && err.key ? (err.key as SelectorName) : open.key;
    this.open = { ...open, key };
    this.close('failed', describe(err instanceof Error ? err.message : err));
  }

  /** The action that failed last, if any (names the failing step in the job's error). */
  failedStep(): string | undefined {
    return this.steps.findLast((s) => s.outcome === 'failed')?.action;
  }

  /** The action of the step in progress (a cancel or a throw outside a step lands there). */
  get current(): string | undefined {
    return this.open?.action;
  }

  private keyed(key: SelectorName): Pick<TraceStep, 'key' | 'candidate'> {
    let candidate: number | string | undefined;
    try {
      candidate = locate(key)?.candidate;
    } catch {
      candidate = undefined; // a key this build does not know (an error naming one): record it bare
    }
    return candidate === undefined ? { key } : { key, candidate };
  }

  private push(step: TraceStep): void {
    const clean = Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as TraceStep;
    // Keep the first steps and the last ones: the failing step is always among the last.
    if (this.steps.length >= MAX_TRACE_STEPS) this.steps.splice(MAX_TRACE_STEPS / 2, 1);
    this.steps.push(clean);
  }
}
