import { RateLimitError, ServiceUnavailableError } from '../errors.ts';

/**
 * What counts as running out of quota, and what the client is told. The routing around it lives
 * in account-routing.ts (which account may run a model) and pool.ts (retry on another account).
 */

/** Quota errors, and rate limits the page reports under another code. */
export const isQuotaError = (code: string, message: string): boolean =>
  code === 'quota_exceeded' ||
  (code === 'page_error' &&
    /rate.?limit|too many requests|resource has been exhausted|resource_exhausted/i.test(message));

/** 429 when every account that could run `model` has run out: when the soonest resets, and what the page said. */
export function quotaExceededError(
  model: string,
  msUntil: number,
  accounts: number,
  pageSaid?: string,
): RateLimitError {
  const seconds = Math.max(1, Math.ceil(msUntil / 1000));
  return new RateLimitError(
    `every connected AI Studio account (${accounts}) has run out of quota for model ${model}; the soonest resets in ${seconds} s${pageSaid ? ` (the page said ${pageSaid})` : ''}`,
    seconds,
    'quota_exceeded',
    'insufficient_quota',
  );
}

export function accountNotConnected(pin: string, connected: string[]): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `no tab of account "${pin}" (header x-aistudio-account) is connected; connected accounts: ${connected.join(', ') || 'none'}`,
    'account_not_connected',
    10,
    false,
  );
}
