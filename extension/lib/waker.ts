import { abortReason } from './abort.ts';

/**
 * A level-triggered wake-up: producers call `wake()` (DOM mutation, network record), one
 * consumer awaits `next()`. Wakes that happen while nobody waits are remembered, so an event
 * between two checks is never lost. `next(ms)` also resolves after `ms` (a deadline, not a poll).
 */
export interface Waker {
  wake(): void;
  next(timeoutMs?: number): Promise<'wake' | 'timeout'>;
}

export function createWaker(signal: AbortSignal): Waker {
  let pending = false;
  let resolveWait: ((v: 'wake' | 'timeout') => void) | null = null;
  return {
    wake() {
      if (resolveWait) {
        const r = resolveWait;
        resolveWait = null;
        r('wake');
      } else pending = true;
    },
    next(timeoutMs) {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      if (pending) {
        pending = false;
        return Promise.resolve('wake');
      }
      return new Promise((resolve, reject) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => done('timeout'), Math.max(0, timeoutMs));
        const onAbort = (): void => {
          clearTimeout(timer);
          resolveWait = null;
          reject(abortReason(signal));
        };
        const done = (v: 'wake' | 'timeout'): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolveWait = null;
          resolve(v);
        };
        resolveWait = done;
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
