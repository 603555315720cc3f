import { abortReason } from '../lib/abort.ts';
import type { TapFeed } from './tap-channel.ts';

/**
 * Whether the page's own GenerateContent request ended, from the tap: resolves true as soon as no
 * request is open, false when `timeoutMs` passes first. The tap is the truth about a run; buttons
 * and labels change with every redesign (a Run button that only gains a spinner, 2026-12).
 */
export function waitRunEnded(tap: TapFeed, signal: AbortSignal, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    if (!tap.running) return resolve(true);
    const life = new AbortController();
    const finish = (value: boolean): void => {
      life.abort();
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => finish(!tap.running), timeoutMs);
    // Listeners see a record after the tap updated its open set: check on every record.
    tap.subscribe(() => {
      if (!tap.running) finish(true);
    }, life.signal);
    signal.addEventListener(
      'abort',
      () => {
        life.abort();
        clearTimeout(timer);
        reject(abortReason(signal));
      },
      { once: true, signal: life.signal },
    );
  });
}
