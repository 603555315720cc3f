import { abortReason, TimeoutError } from './abort.ts';

export interface WaitOptions {
  signal: AbortSignal;
  /** upper bound; the wait itself is driven by DOM mutations, not by this timer */
  timeoutMs: number;
  /** human-readable name for the timeout error, e.g. "the Run button to be enabled" */
  what: string;
  /** what to observe; defaults to the whole document */
  root?: Node;
}

/**
 * Wait until `probe` returns a truthy value, re-checking on every DOM mutation under `root`
 * (MutationObserver) rather than on a timer: hidden tabs throttle timers to once a minute, but
 * mutation callbacks still run as microtasks. Resolves with the probe's value.
 */
export function waitFor<T>(probe: () => T | null | undefined | false, options: WaitOptions): Promise<T> {
  const { signal, timeoutMs, what } = options;
  const root = options.root ?? document;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const first = safeProbe(probe);
    if (first) return resolve(first);

    const observer = new MutationObserver(() => {
      const value = safeProbe(probe);
      if (value) finish(() => resolve(value));
    });
    const onAbort = (): void => finish(() => reject(abortReason(signal)));
    const timer = setTimeout(() => finish(() => reject(new TimeoutError(what, timeoutMs))), timeoutMs);
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    }
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function safeProbe<T>(probe: () => T | null | undefined | false): T | null {
  try {
    return probe() || null;
  } catch {
    return null;
  }
}

/** Call `onChange` (at most once per mutation batch) whenever the DOM under `root` changes. */
export function observeDom(onChange: () => void, signal: AbortSignal, root: Node = document): void {
  if (signal.aborted) return;
  const observer = new MutationObserver(() => onChange());
  observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
