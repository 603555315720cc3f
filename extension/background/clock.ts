/**
 * Time as the service worker sees it. Reconnect, backoff and keepalive logic take a Clock so unit
 * tests can drive them with a fake one: Playwright keeps the real worker from ever being
 * suspended, so those tests are the only proof that this logic works.
 */
export type TimerHandle = { readonly __timer: unique symbol };

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | null): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => {
    if (handle !== null) globalThis.clearTimeout(handle as unknown as number);
  },
};
