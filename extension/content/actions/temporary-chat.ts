import { waitFor } from '../../lib/dom-wait.ts';
import { click, isChecked, pressEscape, textOf } from '../dom.ts';
import { find, findVisible } from '../find.ts';

/**
 * Keep bridge chats out of the user's history (docs/aistudio-page.md#temporary-chat): turn "Temporary chat" on when the
 * toggle exists, directly or inside the "View more actions" menu (variant added 2026-04; since
 * 2025 as `ms-incognito-mode-toggle > button`, active = `.ms-button-active`, observed 2026-07).
 * Best effort: a page without the toggle is fine.
 */
export async function ensureTemporaryChat(signal: AbortSignal): Promise<'on' | 'enabled' | 'unavailable'> {
  if (isTemporaryChatOn()) return 'on';
  let toggle = find('temporaryChatToggle');
  let openedMenu = false;
  if (!toggle) {
    const more = find('moreActions');
    if (!more) return 'unavailable';
    click(more);
    openedMenu = true;
    try {
      toggle = await waitFor(() => find('temporaryChatToggle'), {
        signal,
        timeoutMs: 2_000,
        what: 'the temporary chat toggle',
      });
    } catch (err) {
      if (signal.aborted) throw err;
      closeMenu(more);
      return 'unavailable';
    }
  }
  click(toggle);
  try {
    await waitFor(() => isTemporaryChatOn(), { signal, timeoutMs: 2_000, what: 'temporary chat to turn on' });
  } catch (err) {
    if (signal.aborted) throw err;
  } finally {
    const more = find('moreActions');
    if (openedMenu && more) closeMenu(more);
  }
  return isTemporaryChatOn() ? 'enabled' : 'unavailable';
}

function isTemporaryChatOn(): boolean {
  // The indicator is always in the DOM, shown only when on; the menu checkmark only exists when on.
  const indicator = findVisible('temporaryChatIndicator')[0];
  if (indicator && /temporary chat|临时聊天/i.test(textOf(indicator))) return true;
  if (find('temporaryChatCheckmark')) return true;
  const toggle = find('temporaryChatToggle');
  return toggle !== null && isChecked(toggle);
}

function closeMenu(trigger: HTMLElement): void {
  if (trigger.getAttribute('aria-expanded') === 'true') pressEscape();
}
