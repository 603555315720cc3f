import { accountLabel } from '../../protocol/account.ts';
import type { Worker } from './workers.ts';
import { accountIdOf, isAccountId, looksLikeAddress } from '../accounts/identity.ts';
import type { QuotaBook } from '../accounts/quota-book.ts';
import type { RoutePolicy } from '../config.ts';

/**
 * The account a tab belongs to: its identity (a keyed hash of the address, computed in the page:
 * two accounts whose labels are equal stay two), else its extension's label (older extensions, or
 * a page that shows no address), else the connection id.
 */
export const accountOf = (w: Worker): string => w.port.accountId ?? w.port.account ?? w.port.id;

/** How /health and messages name the account: the label ("a…@gmail.com"); not unique. */
export const labelOf = (w: Worker): string => w.port.account ?? accountOf(w);

/** Whether the account is named by an identity or label the extension sent (only those are worth persisting). */
export const hasLabel = (w: Worker): boolean => w.port.accountId !== undefined || w.port.account !== undefined;

/**
 * Chooses the tab for a job across accounts: not one whose account ran out of quota for the job's
 * model while another account may still run it (when every account ran out, the one that resets
 * soonest is tried: AI Studio may have reset early, and a success clears the mark), only the
 * pinned account's when the request pins one, then by policy —
 * `least-busy`: the account running the fewest jobs; `round-robin`: the account that ran this
 * model longest ago. Ties go to a tab already on the model, then to the least recently used tab.
 */
export class AccountRouter {
  private readonly lastUse = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly policy: RoutePolicy,
    private readonly book: QuotaBook,
  ) {}

  pick(
    workers: Iterable<Worker>,
    model: string | null,
    avoid: ReadonlySet<string>,
    pin: string | null,
  ): Worker | undefined {
    const all = [...workers];
    const busy = new Map<string, number>();
    for (const w of all) if (w.jobId !== null) busy.set(accountOf(w), (busy.get(accountOf(w)) ?? 0) + 1);
    // Every account out of quota for the model (the tab's, when the request names none): probe,
    // soonest reset first.
    const probes = new Map<string, boolean>();
    const probing = (m: string): boolean => {
      if (!probes.has(m)) probes.set(m, this.exhaustedUntil(all, m, pin) !== null);
      return probes.get(m) === true;
    };
    let best: Worker | undefined;
    let bestScore: number[] = [];
    for (const w of all) {
      if (!w.ready || w.jobId !== null || avoid.has(w.key)) continue;
      const account = accountOf(w);
      if (pin !== null && !sameAccount(w, pin)) continue;
      const runs = model ?? w.info.model;
      const until = runs !== null ? this.book.until(account, runs) : null;
      const probe = until !== null && runs !== null && probing(runs);
      if (until !== null && !probe) continue;
      const first = probe
        ? (until ?? 0)
        : this.policy === 'least-busy'
          ? (busy.get(account) ?? 0)
          : (this.lastUse.get(useKey(account, runs)) ?? 0);
      const score = [first, model !== null && w.info.model === model ? 0 : 1, w.lastUsedAt];
      if (!best || less(score, bestScore)) [best, bestScore] = [w, score];
    }
    if (best) this.lastUse.set(useKey(accountOf(best), model ?? best.info.model), ++this.seq);
    return best;
  }

  /**
   * When every account that could run `model` (the pinned one only, if pinned) is out of quota:
   * the soonest time one resets. Null while some account may still run it.
   */
  exhaustedUntil(workers: Iterable<Worker>, model: string | null, pin: string | null): number | null {
    if (model === null) return null;
    const accounts = new Set([...workers].filter((w) => pin === null || sameAccount(w, pin)).map(accountOf));
    let soonest = Infinity;
    for (const account of accounts) {
      const until = this.book.until(account, model);
      if (until === null) return null;
      soonest = Math.min(soonest, until);
    }
    return accounts.size > 0 ? soonest : null;
  }
}

/**
 * Whether a pin (header `x-aistudio-account`) names the tab's account: its identity
 * (`acct-…`, as /health shows it), its full address (hashed here as the page does), or its label —
 * HTTP headers are ASCII, so "a...@gmail.com" matches "a…@gmail.com". A label two accounts share
 * pins both; the identity or the address picks one.
 */
export function sameAccount(w: Worker, pin: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/…/g, '...');
  const id = w.port.accountId;
  if (id !== undefined) {
    if (isAccountId(pin)) return norm(pin) === id;
    if (looksLikeAddress(pin)) return accountIdOf(pin) === id;
  }
  const label = labelOf(w);
  return norm(label) === norm(pin) || norm(label) === norm(accountLabel(pin));
}

const useKey = (account: string, model: string | null) => `${account}\u0000${model ?? ''}`;

function less(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++)
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number);
  return false;
}
