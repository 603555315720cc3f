import type { QuotaBook } from '../accounts/quota-book.ts';
import { quotaKind } from '../accounts/reset-time.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { accountOf, labelOf } from './account-routing.ts';
import type { Worker } from './workers.ts';

/** A worker tab as /health lists it. */
export interface TabView {
  key: string;
  account: string;
  account_id?: string;
  model: string | null;
  ready: boolean;
  busy: boolean;
  health: { ok: boolean; missing: string[] };
}

/** An account (browser profile) as /health and doctor list it. */
export interface AccountView {
  account: string;
  account_id?: string;
  tabs: number;
  ready: number;
  busy: number;
  /** per model that ran out: when it resets, rate limit or daily quota, and what the page said */
  exhausted: Array<{ model: string; retry_after_s: number; until: string; kind: string; message: string }>;
}

export function tabViews(workers: Iterable<Worker>): TabView[] {
  return [...workers].map((w) => ({
    key: w.key,
    account: labelOf(w),
    ...(w.port.accountId ? { account_id: w.port.accountId } : {}),
    model: w.info.model,
    ready: w.ready,
    busy: w.jobId !== null,
    health: { ok: w.info.health.ok, missing: w.info.health.missing },
  }));
}

/** Worker tabs grouped by account, with the models each ran out of quota for and when they reset. */
export function accountViews(workers: Iterable<Worker>, book: QuotaBook, now: number): AccountView[] {
  const out = new Map<string, AccountView>();
  for (const w of workers) {
    const account = accountOf(w);
    const id = w.port.accountId ? { account_id: w.port.accountId } : {};
    const entry = out.get(account) ?? { account: labelOf(w), ...id, tabs: 0, ready: 0, busy: 0, exhausted: [] };
    entry.tabs++;
    if (w.ready) entry.ready++;
    if (w.jobId !== null) entry.busy++;
    out.set(account, entry);
  }
  for (const e of book.list()) {
    out.get(e.account)?.exhausted.push({
      model: e.model,
      retry_after_s: Math.ceil((e.until - now) / 1000),
      until: new Date(e.until).toISOString(),
      kind: quotaKind(e.reason),
      message: e.reason,
    });
  }
  return [...out.values()];
}

/**
 * When every tab's page health check has failed since before `since` (AI Studio changed its page,
 * or the tab sits on a sign-in page), waiting in the queue cannot help: say at once what the page
 * lacks. A page that is still loading reports missing elements for a moment; that is not "broken".
 */
export function unusablePagesError(workers: Iterable<Worker>, since: number): ServiceUnavailableError | null {
  const all = [...workers];
  if (all.some((w) => w.unhealthySince === null || w.unhealthySince > since)) return null;
  const missing = [...new Set(all.flatMap((w) => w.info.health.missing))];
  return new ServiceUnavailableError(
    `the AI Studio tab is connected but its page is not usable: could not find ${missing.join(', ') || 'the chat controls'} (signed out, or AI Studio changed its page; see /health)`,
    'page_not_ready',
    10,
    false,
  );
}
