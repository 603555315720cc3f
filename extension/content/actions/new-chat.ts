import { waitFor } from '../../lib/dom-wait.ts';
import { click, isEnabled } from '../dom.ts';
import { isGenerating, stopRun } from './stop-run.ts';
import { find, findAll } from '../find.ts';

/**
 * Start from an empty chat. "New chat" is disabled on an empty /prompts/new_chat (expected),
 * so an empty page is left alone: that keeps the no-change dispatch path fast. Otherwise
 * click it, confirm "Discard and continue" when the dialog shows, and wait for the turns to go.
 * With turns but no usable button, the caller navigates to /prompts/new_chat ('navigate'), as
 * other 2026 drivers do.
 */
export async function openNewChat(signal: AbortSignal): Promise<'already-empty' | 'cleared' | 'navigate'> {
  if (findAll('chatTurn').length === 0) return 'already-empty';
  // A run still going (e.g. the previous job's page kept generating) keeps New chat disabled.
  if (isGenerating()) await stopRun(signal);
  const button = find('newChatButton');
  // Turns present but no usable New chat button: navigating is the reliable reset.
  if (!button || !isEnabled(button)) return 'navigate';
  click(button);
  const outcome = await waitFor(
    () => (findAll('chatTurn').length === 0 ? 'empty' : find('discardConfirm') ? 'confirm' : null),
    {
      signal,
      timeoutMs: 5_000,
      what: 'the chat ("chatTurn") to clear or the discard dialog ("discardConfirm")',
    },
  );
  if (outcome === 'confirm') {
    const confirm = find('discardConfirm');
    if (confirm) click(confirm);
    await waitFor(() => findAll('chatTurn').length === 0, {
      signal,
      timeoutMs: 5_000,
      what: 'the chat ("chatTurn") to clear',
    });
  }
  return 'cleared';
}
