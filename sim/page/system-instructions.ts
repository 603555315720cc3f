// System instructions: a collapsible ms-system-instructions card at the top of the chat (its open
// state is the isSystemInstructionsOpen preference), holding a plain textarea labelled
// "System instructions". Its value follows `input` events, like the prompt box.

import { h, icon } from './dom.ts';
import { readPrefs, writePrefs } from './prefs.ts';

export class SystemInstructions {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly preview: HTMLElement;

  constructor(private readonly onChange: (text: string) => void) {
    const open = readPrefs().isSystemInstructionsOpen === true;
    this.textarea = h('textarea', { class: 'system-instructions-textarea', 'aria-label': 'System instructions', placeholder: 'Optional tone and style instructions for the model', rows: '3' });
    this.preview = h('span', { class: 'preview' });
    const header = h('button', { class: 'system-instructions-header', type: 'button', 'aria-label': 'System instructions', 'aria-expanded': String(open) },
      icon('settings'), h('span', { class: 'title' }, 'System instructions'), this.preview);
    const content = h('div', { class: 'system-instructions-content' }, this.textarea);
    content.hidden = !open;
    this.root = h('ms-system-instructions', { class: `system-instructions${open ? '' : ' collapsed'}` }, header, content);
    header.addEventListener('click', () => {
      const now = content.hidden;
      content.hidden = !now;
      header.setAttribute('aria-expanded', String(now));
      this.root.classList.toggle('collapsed', !now);
      writePrefs({ isSystemInstructionsOpen: now });
      if (now) this.textarea.focus();
    });
    this.textarea.addEventListener('input', () => this.set(this.textarea.value, false));
  }

  set(text: string, writeField = true): void {
    if (writeField) this.textarea.value = text;
    this.preview.textContent = text.split('\n')[0]?.slice(0, 60) ?? '';
    this.onChange(text);
  }
}
