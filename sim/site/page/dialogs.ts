// mat-dialog shapes: mat-dialog-container.mat-mdc-dialog-container > .mat-mdc-dialog-inner-container
// > .mat-mdc-dialog-surface, with a dark backdrop that blocks the page (Angular Material 17+ markup).

import { h, type Child } from './dom.ts';
import type { OverlayHandle, OverlayManager } from './overlay.ts';

interface DialogAction {
  label: string;
  primary?: boolean;
  attrs?: Record<string, string>;
  /** Return false to keep the dialog open. */
  onClick?: () => boolean | void;
}

export interface DialogOptions {
  title: string;
  body: Child[];
  actions: DialogAction[];
  closeOnEscape?: boolean;
  className?: string;
  onClose?: () => void;
}

export function openDialog(overlays: OverlayManager, opts: DialogOptions): OverlayHandle {
  const actions = h('mat-dialog-actions', { class: 'mat-mdc-dialog-actions mdc-dialog__actions' });
  const surface = h(
    'div',
    { class: 'mat-mdc-dialog-surface mdc-dialog__surface' },
    h('h2', { class: 'mat-mdc-dialog-title mdc-dialog__title' }, opts.title),
    h('mat-dialog-content', { class: 'mat-mdc-dialog-content mdc-dialog__content' }, ...opts.body),
    actions,
  );
  const container = h(
    'mat-dialog-container',
    {
      class: `mat-mdc-dialog-container mdc-dialog cdk-dialog-container mdc-dialog--open ${opts.className ?? ''}`,
      role: 'dialog',
      'aria-modal': 'true',
      tabindex: '-1',
    },
    h('div', { class: 'mat-mdc-dialog-inner-container mdc-dialog__container' }, surface),
  );
  const handle = overlays.open({
    content: container,
    backdrop: 'dark',
    closeOnBackdrop: false,
    closeOnEscape: opts.closeOnEscape ?? true,
    onClose: opts.onClose,
  });
  for (const a of opts.actions) {
    const button = h(
      'button',
      {
        class: `mdc-button mat-mdc-button ${a.primary ? 'ms-button-primary' : 'ms-button-borderless'}`,
        type: 'button',
        ...a.attrs,
      },
      a.label,
    );
    button.addEventListener('click', () => {
      if (a.onClick?.() !== false) handle.close();
    });
    actions.append(button);
  }
  return handle;
}
