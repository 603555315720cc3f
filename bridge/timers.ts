/**
 * The bridge's clock, injected everywhere time matters (pool, jobs, HTTP streams, the extension
 * link) so tests can drive time; the defaults are the global timers, unref'd so a pending timer
 * never keeps the process alive.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
