/**
 * AbortSignal helpers: in the content script a signal is the lifetime of everything (a job, a
 * Port connection, the script itself); every wait, listener and timer takes one.
 */

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`timed out after ${ms} ms waiting for ${what}`);
  }
}

/** The reason a signal was aborted, as an Error (AbortSignal.reason may be anything). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException(String(reason ?? 'aborted'), 'AbortError');
}

export const isAbortError = (err: unknown): boolean =>
  (err instanceof DOMException || err instanceof Error) && err.name === 'AbortError';

/**
 * Resolve after `ms` unless aborted. Only for short settles: hidden tabs align timers to ≥1 s
 * (and chained timers to once a minute), so never poll with it.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * For `.catch()` on a step whose failure is tolerated: answer `fallback` instead, unless the job
 * was aborted, which must still stop the job (rethrown).
 */
export function unlessAborted<T>(signal: AbortSignal, fallback: T): (err: unknown) => T {
  return (err) => {
    if (signal.aborted) throw err;
    return fallback;
  };
}

/** A child controller aborted with its parent (and abortable on its own). */
export function childController(parent: AbortSignal): AbortController {
  const child = new AbortController();
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener('abort', () => child.abort(parent.reason), { once: true, signal: child.signal });
  return child;
}

/** Run `fn` with a signal that also aborts with a TimeoutError after `ms`. */
export async function withTimeout<T>(
  what: string,
  ms: number,
  signal: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ctl = childController(signal);
  const timer = setTimeout(() => ctl.abort(new TimeoutError(what, ms)), ms);
  try {
    return await fn(ctl.signal);
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
}
