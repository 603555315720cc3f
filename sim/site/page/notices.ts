// The page's dialogs and error surfaces: the blocking consent dialog (dialog scenario), the
// "Discard and continue" confirmation, first-visit overlays (variant), and how a failed run shows
// (callout in the turn + toast).

import type { TurnView } from './chat.ts';
import { openDialog } from './dialogs.ts';
import { h, icon, report } from './dom.ts';
import type { OverlayManager } from './overlay.ts';
import { readPrefs } from './prefs.ts';
import type { StreamEnd } from './rpc.ts';
import { showToast } from './toast.ts';

const QUOTA_MESSAGE = 'Failed to generate content, user has exceeded quota. Please try again later.';
const INTERNAL_ERROR = 'An internal error has occurred.';
const RATE_LIMIT_MESSAGE = "You've reached your rate limit. Please try again later.";
const TOO_LARGE_MESSAGE = 'Request is too large. Please try smaller requests.';

/** Set by the welcome's "Got it"; drivers pre-set it in their own tabs (docs/aistudio-page.md#overlays). */
const WELCOME_FLAG = 'warmWelcomeDisplayed';

/** First visit: a welcome that blocks the page until "Got it" (Escape does not close it). */
export function showWelcome(overlays: OverlayManager): void {
  if (localStorage.getItem(WELCOME_FLAG) === 'true' || readPrefs()[WELCOME_FLAG] === true) return;
  openDialog(overlays, {
    title: 'Welcome to Google AI Studio',
    className: 'warm-welcome-dialog',
    body: [h('p', {}, 'Build with the latest Gemini models.')],
    actions: [
      {
        label: 'Got it',
        primary: true,
        onClick: () => {
          localStorage.setItem(WELCOME_FLAG, 'true');
          report('welcome-dismissed');
        },
      },
    ],
    closeOnEscape: false,
  });
}

/** After an answer: "Which response do you prefer?", answered only by its Skip button. */
export function showPreferenceVote(overlays: OverlayManager): void {
  openDialog(overlays, {
    title: 'Which response do you prefer?',
    className: 'preference-vote-dialog',
    body: [],
    actions: [
      {
        label: 'Skip',
        attrs: { 'data-test-id': 'skip-button', 'aria-label': 'Skip preference vote' },
        onClick: () => report('vote-skipped'),
      },
    ],
    closeOnEscape: false,
  });
}

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

/** The real bundle refuses an over-long prompt itself: no request, a callout in the chat and a toast. */
export function refuseTooLarge(session: HTMLElement, toasts: HTMLElement): HTMLElement {
  const callout = h(
    'ms-callout',
    { class: 'error-callout' },
    icon('error'),
    h('div', { class: 'message' }, TOO_LARGE_MESSAGE),
  );
  session.append(callout);
  showToast(toasts, 'error', TOO_LARGE_MESSAGE);
  report('request-too-large');
  return callout;
}

export function confirmDiscard(overlays: OverlayManager, onConfirm: () => void): void {
  openDialog(overlays, {
    title: 'Discard unsaved changes?',
    body: [h('p', {}, 'Starting a new chat discards the current conversation.')],
    actions: [{ label: 'Cancel' }, { label: 'Discard and continue', primary: true, onClick: onConfirm }],
  });
}

export function showRunEnd(turn: TurnView, toasts: HTMLElement, end: StreamEnd, rateLimitText = false): void {
  if (end.kind === 'http-error') {
    const quota = end.status === 429 || /quota|exhausted/i.test(end.message);
    const quotaText = rateLimitText ? RATE_LIMIT_MESSAGE : QUOTA_MESSAGE;
    turn.showError(quota ? quotaText : `Failed to generate content: ${end.message}`);
    showToast(toasts, 'error', quota ? quotaText : `Failed to generate content (${end.status}).`);
  } else if (end.kind === 'network-error') {
    turn.showError(INTERNAL_ERROR);
    showToast(toasts, 'error', INTERNAL_ERROR);
  }
}
