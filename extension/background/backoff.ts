/**
 * Reconnect delays: exponential with "equal jitter" (half fixed, half random) and a cap. The fixed
 * half keeps a restarted bridge from being hammered; the random half spreads several browsers
 * (profiles) that lost the same bridge at the same moment.
 */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, capMs: 30_000 };

/** Delay before reconnect attempt number `attempt` (0 = first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, Math.min(attempt, 30)));
  const half = exp / 2;
  return Math.round(half + random() * half);
}
