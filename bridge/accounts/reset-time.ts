/**
 * When an exhausted (account, model) may be tried again. Google's free quota comes in two kinds:
 * a per-minute rate limit (wait a minute, or what the error names: "Please retry in 41.2s") and a
 * daily quota, which resets at midnight Pacific time.
 */
export interface CooldownPolicy {
  /** wait after a rate limit that names no delay */
  rateLimitMs: number;
  /** wait after a daily quota; null = until the next midnight in America/Los_Angeles */
  dailyMs: number | null;
}

export const DEFAULT_COOLDOWN: CooldownPolicy = { rateLimitMs: 60_000, dailyMs: null };

export type QuotaKind = 'rate_limit' | 'daily';

/** The delay the page names ("retry in 41.2s", retryDelay "41s"), in ms, if any. */
function namedDelayMs(message: string): number | null {
  const m = /retry(?:\s+in|Delay\W*)\s*(\d+(?:\.\d+)?)\s*s/i.exec(message);
  const seconds = m ? Number(m[1]) : NaN;
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 86_400 ? Math.ceil(seconds * 1000) : null;
}

/** A per-day quota says so ("per day", "daily", "exceeded quota"); anything else is a rate limit. */
export function quotaKind(message: string): QuotaKind {
  return /per\s*day|daily|exceeded (?:your )?quota|quota exceeded/i.test(message) ? 'daily' : 'rate_limit';
}

/** Bridge-clock time until which the account may not be used for the model. */
export function resetAt(message: string, now: number, policy: CooldownPolicy): number {
  const named = namedDelayMs(message);
  if (named !== null) return now + named;
  if (quotaKind(message) === 'rate_limit') return now + policy.rateLimitMs;
  return policy.dailyMs !== null ? now + policy.dailyMs : nextPacificMidnight(now);
}

const DAY = 86_400_000;

/** The next 00:00 in America/Los_Angeles after `now` (DST-aware through Intl). */
export function nextPacificMidnight(now: number): number {
  const offsetAt = (t: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return wall - Math.floor(t / 1000) * 1000;
  };
  const offset = offsetAt(now);
  const wallMidnight = Math.floor((now + offset) / DAY) * DAY + DAY;
  // The offset may change overnight (DST): take the one in force at that midnight.
  return wallMidnight - offsetAt(wallMidnight - offset);
}
