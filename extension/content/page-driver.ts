import type { JobRequest } from '../../protocol/job.ts';
import type { PageHealth } from '../../protocol/messages.ts';
import type { PageReport } from '../../protocol/selector-overrides.ts';
import { observeDom } from '../lib/dom-wait.ts';
import { currentModel } from './actions/model.ts';
import { readAccount, readAccountId } from './account.ts';
import { showBanner } from './banner.ts';
import { checkHealth } from './health.ts';
import { runJob, type JobDeps } from './job.ts';
import { pageReport } from './page-report.ts';
import { pageSkeleton } from './page-skeleton.ts';
import { setSelectorOverrides } from './find.ts';
import { connectTap, type TapFeed } from './tap-channel.ts';

/**
 * What the content app (app.ts) asks of the page itself. The real modules by default; unit tests
 * hand in fakes for any of them, since Node has no DOM.
 */
export interface PageDriver {
  tap: TapFeed;
  health(): PageHealth;
  model(): string | null;
  /** the signed-in account as a reduced label ("a…@gmail.com"), null when the page shows none */
  account(): string | null;
  /** the signed-in account's identity (a keyed hash of its address, computed here), null when none */
  accountId(): string | null;
  banner(signal: AbortSignal): void;
  /** call `onChange` on DOM mutations until `signal` aborts */
  observe(onChange: () => void, signal: AbortSignal): void;
  runJob(jobId: string, request: JobRequest, deps: JobDeps, signal: AbortSignal): Promise<void>;
  /** apply the bridge's selector overrides (selectors.ts override layer) */
  overrideSelectors(overrides: Record<string, readonly string[]>): void;
  /** `skeleton`: add the anonymised DOM skeleton (doctor --page --save) */
  report(skeleton?: boolean): PageReport;
}

export function pageDriver(
  doc: Document,
  href: () => string,
  now: () => number,
  given: Partial<PageDriver> = {},
): PageDriver {
  return {
    tap: given.tap ?? connectTap(doc),
    health: given.health ?? (() => checkHealth(doc, now())),
    model: given.model ?? currentModel,
    account: given.account ?? readAccount,
    accountId: given.accountId ?? readAccountId,
    banner: given.banner ?? ((signal) => showBanner(signal, doc)),
    observe: given.observe ?? ((onChange, signal) => observeDom(onChange, signal, doc)),
    runJob: given.runJob ?? runJob,
    overrideSelectors: given.overrideSelectors ?? ((overrides) => void setSelectorOverrides(overrides)),
    report:
      given.report ??
      ((skeleton) => ({ ...pageReport(doc, href()), ...(skeleton ? { skeleton: pageSkeleton(doc, href()) } : {}) })),
  };
}

/** Call `fn` at most once per `ms`; a call inside the window runs once at its end (unless aborted). */
export function throttled(
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown },
  ms: number,
  fn: () => void,
  signal: AbortSignal,
): () => void {
  let last = -Infinity;
  let scheduled = false;
  const run = (): void => {
    const wait = ms - (clock.now() - last);
    if (wait > 0) {
      if (!scheduled) {
        scheduled = true;
        clock.setTimeout(() => {
          scheduled = false;
          if (!signal.aborted) run();
        }, wait);
      }
      return;
    }
    last = clock.now();
    fn();
  };
  return run;
}
