import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, isEnabled } from '../dom.ts';
import { find } from '../find.ts';

/** The page is generating: "Stop generating" is shown (the Run button doubles as Stop). */
export function isGenerating(): boolean {
  return find('stopGenerating') !== null;
}

/**
 * Stop a running generation: click the Stop control, then wait (bounded) until the page shows
 * it is idle again. Safe to call when nothing runs. Returns whether a click happened.
 */
export async function stopRun(signal: AbortSignal, timeoutMs = 5_000): Promise<boolean> {
  const stop = find('stopGenerating');
  if (!stop || !isEnabled(stop)) return false;
  click(stop);
  // Still running after the wait: the click happened all the same; the caller's checks decide.
  await waitFor(() => !isGenerating(), { signal, timeoutMs, what: 'generation to stop' }).catch(
    unlessAborted(signal, undefined),
  );
  return true;
}
