// System instructions, two ways. Today's page: a collapsible ms-system-instructions card at the top
// of the chat (its open state is the isSystemInstructionsOpen preference) holding a plain textarea
// labelled "System instructions". The 2026 variant (docs/aistudio-page.md): a card in the run-settings panel,
// `button[data-test-system-instructions-card]`, opens a mat-dialog with the textarea, closed by
// `button[data-test-close-button]`; the dialog is modal, so a run waits until it is closed.
// Either way the value follows `input` events, like the prompt box.

import { openDialog } from './dialogs.ts';
import { h, icon } from './dom.ts';
import type { OverlayManager } from './overlay.ts';
import { readPrefs, writePrefs } from './prefs.ts';

export class SystemInstructions {
  /** The inline card (today's page); null in the dialog variant. */
  readonly root: HTMLElement | null = null;
  private text = '';
  private readonly previews = new Set<HTMLElement>();

  constructor(
    private readonly onChange: (text: string) => void,
    private readonly dialogOverlays: OverlayManager | null,
  ) {
    if (dialogOverlays) return;
    const open = readPrefs().isSystemInstructionsOpen === true;
    const textarea = h('textarea', {
      class: 'system-instructions-textarea',
      'aria-label': 'System instructions',
      placeholder: 'Optional tone and style instructions for the model',
      rows: '3',
    });
    const preview = h('span', { class: 'preview' });
    this.previews.add(preview);
    const header = h(
      'button',
      {
        class: 'system-instructions-header',
        type: 'button',
        'aria-label': 'System instructions',
        'aria-expanded': String(open),
      },
      icon('settings'),
      h('span', { class: 'title' }, 'System instructions'),
      preview,
    );
    const content = h('div', { class: 'system-instructions-content' }, textarea);
    content.hidden = !open;
    this.root = h(
      'ms-system-instructions',
      { class: `system-instructions${open ? '' : ' collapsed'}` },
      header,
      content,
    );
    header.addEventListener('click', () => {
      const now = content.hidden;
      content.hidden = !now;
      header.setAttribute('aria-expanded', String(now));
      this.root?.classList.toggle('collapsed', !now);
      writePrefs({ isSystemInstructionsOpen: now });
      if (now) textarea.focus();
    });
    textarea.addEventListener('input', () => this.update(textarea.value));
    this.field = textarea;
  }

  private field: HTMLTextAreaElement | null = null;

  /** A fresh card for the run-settings panel (dialog variant; null otherwise). */
  card(): HTMLElement | null {
    const overlays = this.dialogOverlays;
    if (!overlays) return null;
    const preview = h('span', { class: 'preview' }, this.previewOf(this.text));
    this.previews.add(preview);
    const card = h(
      'button',
      {
        class: 'system-instructions-card',
        type: 'button',
        'data-test-system-instructions-card': '',
        'aria-label': 'System instructions',
      },
      icon('settings'),
      h('span', { class: 'title' }, 'System instructions'),
      preview,
    );
    card.addEventListener('click', () => {
      const textarea = h('textarea', {
        class: 'system-instructions-textarea',
        'aria-label': 'System instructions',
        placeholder: 'Optional tone and style instructions for the model',
        rows: '8',
      });
      textarea.value = this.text;
      textarea.addEventListener('input', () => this.update(textarea.value));
      openDialog(overlays, {
        title: 'System instructions',
        className: 'system-instructions-dialog',
        body: [textarea],
        actions: [{ label: 'Close', attrs: { 'data-test-close-button': '', 'aria-label': 'Close' } }],
        onClose: () => {
          this.field = null;
        },
      });
      this.field = textarea;
      textarea.focus();
    });
    return h('div', { class: 'system-instructions-card-row' }, card);
  }

  set(text: string): void {
    if (this.field) this.field.value = text;
    this.update(text);
  }

  private update(text: string): void {
    this.text = text;
    for (const p of this.previews) {
      if (p.isConnected) p.textContent = this.previewOf(text);
      else this.previews.delete(p);
    }
    this.onChange(text);
  }

  private previewOf(text: string): string {
    return text.split('\n')[0]?.slice(0, 60) ?? '';
  }
}
