import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, isEnabled } from '../dom.ts';
import { find, findAll } from '../find.ts';
import type { TapFeed } from '../tap-channel.ts';
import { isGenerating, stopRun } from './stop-run.ts';

/** How long a click on New chat (and its discard dialog) may take to clear the chat. */
const CLEAR_MS = 5_000;

/**
 * Start from an empty chat. "New chat" is disabled on an empty /prompts/new_chat (expected),
 * so an empty page is left alone: that keeps the no-change dispatch path fast. Otherwise
 * click it, confirm "Discard and continue" when the dialog shows, and wait for the turns to go.
 * The caller navigates to /prompts/new_chat ('navigate'), as other 2026 drivers do, when there is
 * no usable button, when a run of the page cannot be stopped, or when the click did not clear the
 * chat in time (a page whose New chat does nothing during a run, 2026-12).
 */
export async function openNewChat(
  signal: AbortSignal,
  tap?: TapFeed,
): Promise<'already-empty' | 'cleared' | 'navigate'> {
  if (findAll('chatTurn').length === 0) return 'already-empty';
  // A run still going (e.g. the previous job's page kept generating) keeps New chat from working.
  if (isGenerating(tap) && (await stopRun(signal, tap)) === 'still-running') return 'navigate';
  const button = find('newChatButton');
  // Turns present but no usable New chat button: navigating is the reliable reset.
  if (!button || !isEnabled(button)) return 'navigate';
  click(button);
  const outcome = await waitFor(
    () => (findAll('chatTurn').length === 0 ? 'empty' : find('discardConfirm') ? 'confirm' : null),
    { signal, timeoutMs: CLEAR_MS, what: 'the chat ("chatTurn") to clear or the discard dialog ("discardConfirm")' },
  ).catch(unlessAborted(signal, null));
  if (outcome === null) return 'navigate';
  if (outcome === 'confirm') {
    const confirm = find('discardConfirm');
    if (confirm) click(confirm);
    const cleared = await waitFor(() => findAll('chatTurn').length === 0, {
      signal,
      timeoutMs: CLEAR_MS,
      what: 'the chat ("chatTurn") to clear',
    }).catch(unlessAborted(signal, false));
    if (!cleared) return 'navigate';
  }
  return 'cleared';
}
