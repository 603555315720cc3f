import { describe, expect, it, vi } from 'vitest';
import {
  childController,
  isAbortError,
  sleep,
  TimeoutError,
  unlessAborted,
  withTimeout,
} from '../../../../extension/lib/abort.ts';
import { createWaker } from '../../../../extension/lib/waker.ts';

describe('abort helpers', () => {
  it('sleep resolves, and rejects with the abort reason', async () => {
    await expect(sleep(1, new AbortController().signal)).resolves.toBeUndefined();
    const ctl = new AbortController();
    const p = sleep(10_000, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    await expect(sleep(1, AbortSignal.abort())).rejects.toSatisfy(isAbortError);
  });

  it('a child controller aborts with its parent but not the other way round', () => {
    const parent = new AbortController();
    const a = childController(parent.signal);
    const b = childController(parent.signal);
    a.abort();
    expect(parent.signal.aborted).toBe(false);
    parent.abort(new Error('bye'));
    expect(b.signal.aborted).toBe(true);
    expect((b.signal.reason as Error).message).toBe('bye');
  });

  it('unlessAborted tolerates a failed step but never swallows the job being aborted', async () => {
    const live = new AbortController();
    await expect(Promise.reject(new TimeoutError('x', 1)).catch(unlessAborted(live.signal, 'fallback'))).resolves.toBe(
      'fallback',
    );
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    await expect(Promise.reject(ctl.signal.reason).catch(unlessAborted(ctl.signal, 'fallback'))).rejects.toThrow(
      'cancelled',
    );
  });

  it('withTimeout aborts the inner signal with a TimeoutError', async () => {
    vi.useFakeTimers();
    try {
      const p = withTimeout('the thing', 100, new AbortController().signal, (s) => sleep(10_000, s));
      const check = expect(p).rejects.toBeInstanceOf(TimeoutError);
      await vi.advanceTimersByTimeAsync(150);
      await check;
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('waker', () => {
  it('remembers a wake that happened while nobody waited', async () => {
    const w = createWaker(new AbortController().signal);
    w.wake();
    await expect(w.next(10_000)).resolves.toBe('wake');
  });

  it('resolves on wake, on its deadline, and rejects on abort', async () => {
    const ctl = new AbortController();
    const w = createWaker(ctl.signal);
    const woken = w.next(10_000);
    w.wake();
    await expect(woken).resolves.toBe('wake');
    await expect(w.next(1)).resolves.toBe('timeout');
    const pending = w.next(10_000);
    ctl.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
  });
});
