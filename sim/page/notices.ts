// The page's dialogs and error surfaces: the blocking consent dialog (dialog scenario), the
// "Discard and continue" confirmation, and how a failed run shows (callout in the turn + toast).

import type { TurnView } from './chat.ts';
import { openDialog } from './dialogs.ts';
import { h, report } from './dom.ts';
import type { OverlayManager } from './overlay.ts';
import type { StreamEnd } from './rpc.ts';
import { showToast } from './toast.ts';

export const QUOTA_MESSAGE = 'Failed to generate content, user has exceeded quota. Please try again later.';
export const INTERNAL_ERROR = 'An internal error has occurred.';

/** A dialog behind a dark backdrop that intercepts clicks until it is answered or Escaped. */
export function openConsentDialog(overlays: OverlayManager): void {
  openDialog(overlays, {
    title: 'Before you continue',
    className: 'consent-dialog',
    body: [h('p', {}, 'AI Studio has updated its terms. Review them to keep using the app.')],
    actions: [{ label: 'Agree', primary: true, attrs: { 'aria-label': 'Agree to the updated terms' } }],
    onClose: () => report('dialog-dismissed'),
  });
}

export function confirmDiscard(overlays: OverlayManager, onConfirm: () => void): void {
  openDialog(overlays, {
    title: 'Discard unsaved changes?',
    body: [h('p', {}, 'Starting a new chat discards the current conversation.')],
    actions: [{ label: 'Cancel' }, { label: 'Discard and continue', primary: true, onClick: onConfirm }],
  });
}

export function showRunEnd(turn: TurnView, toasts: HTMLElement, end: StreamEnd): void {
  if (end.kind === 'http-error') {
    const quota = end.status === 429 || /quota|exhausted/i.test(end.message);
    turn.showError(quota ? QUOTA_MESSAGE : `Failed to generate content: ${end.message}`);
    showToast(toasts, 'error', quota ? QUOTA_MESSAGE : `Failed to generate content (${end.status}).`);
  } else if (end.kind === 'network-error') {
    turn.showError(INTERNAL_ERROR);
    showToast(toasts, 'error', INTERNAL_ERROR);
  }
}
