import type { TapFeed } from '../tap-channel.ts';
import { setFieldValue, textOf } from '../dom.ts';
import { JobError } from '../errors.ts';
import { find } from '../find.ts';
import { observeDom } from '../../lib/dom-wait.ts';

/** How long a count job waits for the page's count: the page debounces (~0.4 s in the sim) and then asks its server. */
const COUNT_WAIT_MS = 10_000;
/** A counter that changed before the tap reported: how long the network value may still win. */
const NETWORK_GRACE_MS = 1_000;

export interface TokenCount {
  tokens: number;
  /** the page's own CountTokens answer (the tap), or its run-settings counter (the DOM) */
  from: 'network' | 'counter';
}

/** "1,234 / 1,048,576" → 1234 (the part before the slash, digits only). */
export function parseCounter(text: string): number | null {
  const digits = (text.split('/')[0] ?? '').replace(/\D/g, '');
  return digits === '' ? null : Number(digits);
}

const counterText = (): string | null => {
  const el = find('tokenCount');
  return el ? textOf(el) : null;
};

/**
 * Start watching before the prompt is typed (aistudio-2026-facts.md "Token counts"): the page
 * counts a prompt itself while it is edited, with its own CountTokens call (read by the tap) and
 * shows the result in its run settings. `read` prefers the network value of a request sent after
 * `typed()` (an older one, even one sent while the prompt was being typed, counts another text),
 * and takes the counter only when it changed and the tap stayed silent (no tap, or a page whose
 * call the tap cannot see).
 */
export function watchTokenCount(tap: TapFeed, signal: AbortSignal, now: () => number = Date.now) {
  const before = counterText();
  let typedAt = Number.POSITIVE_INFINITY;
  let network: number | null = null;
  let wake = (): void => undefined;
  tap.subscribe((r) => {
    if (r.t !== 'count' || r.sentAt < typedAt) return;
    network = r.tokens;
    wake();
  }, signal);
  return {
    /** call once the prompt is typed: only counts asked for after this moment are the prompt's */
    typed(): void {
      typedAt = now();
    },
    read(timeoutMs = COUNT_WAIT_MS): Promise<TokenCount> {
      return new Promise<TokenCount>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
        const ctl = new AbortController();
        const stop = (): void => {
          ctl.abort();
          clearTimeout(limit);
          clearTimeout(grace);
        };
        let grace: ReturnType<typeof setTimeout> | undefined;
        const fromCounter = (): void => {
          const tokens = parseCounter(counterText() ?? '');
          if (tokens === null) return;
          stop();
          resolve({ tokens, from: 'counter' });
        };
        const check = (): void => {
          if (network !== null) {
            stop();
            return resolve({ tokens: network, from: 'network' });
          }
          const text = counterText();
          if (text === null || text === before || grace !== undefined) return;
          if (!tap.connected) return fromCounter();
          grace = setTimeout(fromCounter, NETWORK_GRACE_MS);
        };
        const limit = setTimeout(() => {
          stop();
          reject(new JobError('timeout', `the page showed no token count within ${timeoutMs} ms`));
        }, timeoutMs);
        signal.addEventListener(
          'abort',
          () => {
            stop();
            reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
          },
          { once: true, signal: ctl.signal },
        );
        wake = check;
        observeDom(check, ctl.signal);
        check();
      });
    },
  };
}

/** Leave the prompt box empty again (the page then counts the empty prompt, as it does for a person). */
export function clearPrompt(): void {
  const area = find('promptTextarea');
  if (area instanceof HTMLTextAreaElement && area.value !== '') setFieldValue(area, '', { blur: false });
  find('promptAutosize')?.setAttribute('data-value', '');
}
