// Snack-bar style toasts (div.toast.error > span.content-text), bottom of the window.

import { h, icon } from './dom.ts';

const TOAST_MS = 10_000;

export function showToast(container: HTMLElement, kind: 'error' | 'warning', message: string): void {
  const close = h('button', { class: 'ms-button-icon', type: 'button', 'aria-label': 'Dismiss' }, icon('close'));
  const toast = h(
    'div',
    { class: `toast ${kind}`, role: 'alert' },
    h('span', { class: 'content-text' }, message),
    close,
  );
  close.addEventListener('click', () => toast.remove());
  container.append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}
