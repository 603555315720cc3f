import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, isEnabled } from '../dom.ts';
import { waitRunEnded } from '../run-state.ts';
import { find } from '../find.ts';
import type { TapFeed } from '../tap-channel.ts';

/**
 * The page is generating. The tap is asked first: a GenerateContent request of the page is open.
 * Without a connected tap the UI decides ("Stop generating" shown).
 */
export function isGenerating(tap?: TapFeed): boolean {
  if (tap?.connected && tap.running) return true;
  return find('stopGenerating') !== null;
}

/** What stopRun saw: nothing ran, the run ended, or it was still running when the wait ran out. */
export type StopOutcome = 'idle' | 'stopped' | 'still-running';

/** How long a stopped run may take to end its request before the caller leaves the chat instead. */
const STOP_CONFIRM_MS = 2_000;

/**
 * Stop a running generation and confirm it ended. The control is "Stop generating" when the page
 * shows one; while the tap says a request is open and no Stop is shown, it is the Run button (it
 * doubles as Stop on several layouts, some of which show nothing but a spinner on it). The end is
 * confirmed from the tap (its request closed) when the tap is connected, else from the UI. Safe
 * to call when nothing runs.
 */
export async function stopRun(signal: AbortSignal, tap?: TapFeed, timeoutMs = STOP_CONFIRM_MS): Promise<StopOutcome> {
  const byTap = tap?.connected === true;
  const running = byTap ? tap.running : find('stopGenerating') !== null;
  if (!running) return 'idle';
  const stop = find('stopGenerating') ?? (byTap ? find('runButton') : null);
  if (stop && isEnabled(stop)) click(stop);
  if (byTap) return (await waitRunEnded(tap, signal, timeoutMs)) ? 'stopped' : 'still-running';
  const ended = await waitFor(() => !isGenerating(), { signal, timeoutMs, what: 'generation to stop' }).catch(
    unlessAborted(signal, false),
  );
  return ended ? 'stopped' : 'still-running';
}
