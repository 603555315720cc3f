// Chat turns as the real page renders them: ms-chat-turn > .chat-turn-container.user|model, the
// answer in ms-cmark-node.cmark-node, thoughts in ms-thought-chunk, native calls in
// ms-function-call-chunk, and an actions bar (Edit / Stop editing, Open options → Copy markdown).

import type { Attachment, FunctionCall } from '../wire/request.ts';
import { h, icon } from './dom.ts';
import { tr } from './i18n.ts';
import { renderMarkdown } from './markdown.ts';
import { openMenu, type OverlayManager } from './overlay.ts';
import { mediaElement, sourcesElement, type MediaPart } from './turn-extras.ts';

export interface TurnData {
  role: 'user' | 'model';
  text: string;
  thoughts: string;
  calls: FunctionCall[];
  attachments: Attachment[];
  fileNames: string[];
}

function expansionPanel(title: HTMLElement[], body: HTMLElement, expanded: boolean): HTMLElement {
  const header = h(
    'mat-expansion-panel-header',
    { class: 'mat-expansion-panel-header', role: 'button', 'aria-expanded': String(expanded), tabindex: '0' },
    h('span', { class: 'mat-content' }, h('mat-panel-title', { class: 'mat-expansion-panel-header-title' }, ...title)),
    icon('expand_more'),
  );
  const content = h(
    'div',
    { class: 'mat-expansion-panel-content', role: 'region' },
    h('div', { class: 'mat-expansion-panel-body' }, body),
  );
  const panel = h(
    'mat-expansion-panel',
    { class: `mat-expansion-panel${expanded ? ' mat-expanded' : ''}` },
    header,
    content,
  );
  content.hidden = !expanded;
  header.addEventListener('click', () => {
    const open = !panel.classList.contains('mat-expanded');
    panel.classList.toggle('mat-expanded', open);
    header.setAttribute('aria-expanded', String(open));
    content.hidden = !open;
  });
  return panel;
}

export class TurnView {
  readonly el: HTMLElement;
  private readonly content: HTMLElement;
  private readonly actions: HTMLElement;
  private textNode: HTMLElement | null = null;
  private thoughtNode: HTMLElement | null = null;
  private readonly callKeys = new Set<string>();
  private editing: HTMLTextAreaElement | null = null;

  constructor(
    readonly data: TurnData,
    private readonly overlays: OverlayManager,
    onDelete: (t: TurnView) => void,
  ) {
    this.content = h('div', { class: 'turn-content' });
    const edit = h(
      'button',
      { class: 'toggle-edit-button ms-button-icon', type: 'button', 'aria-label': 'Edit' },
      icon('edit'),
    );
    edit.addEventListener('click', () => this.toggleEdit(edit));
    const options = h(
      'button',
      { class: 'ms-button-icon', type: 'button', 'aria-label': 'Open options', 'aria-haspopup': 'menu' },
      icon('more_vert'),
    );
    options.addEventListener('click', () =>
      openMenu(this.overlays, options, [
        { label: 'Delete', onClick: () => onDelete(this) },
        { label: 'Branch from here', disabled: true },
        { label: 'Copy text', onClick: () => void navigator.clipboard?.writeText(this.textNode?.innerText ?? '') },
        { label: 'Copy markdown', onClick: () => void navigator.clipboard?.writeText(this.data.text) },
      ]),
    );
    this.actions = h(
      'div',
      { class: 'actions-container' },
      h('div', { class: 'actions' }, edit, h('ms-chat-turn-options', {}, h('div', {}, options))),
    );
    const role = h('div', { class: 'author-label' }, data.role === 'user' ? 'User' : 'Model');
    this.el = h(
      'ms-chat-turn',
      { id: `turn-${Math.random().toString(36).slice(2, 10)}` },
      h('div', { class: `chat-turn-container ${data.role} render` }, role, this.actions, this.content),
    );
    if (data.fileNames.length) {
      this.content.append(
        h('div', { class: 'file-chunks' }, ...data.fileNames.map((n) => h('ms-file-chunk', { class: 'file-chip' }, n))),
      );
    }
    if (data.text) this.setText(data.text);
  }

  setBusy(busy: boolean): void {
    this.actions.hidden = busy;
    this.el.querySelector('.chat-turn-container')?.classList.toggle('is-streaming', busy);
  }

  private setText(text: string): void {
    if (!this.textNode) {
      this.textNode = h('ms-cmark-node', { class: 'cmark-node v3-font-body' });
      this.content.append(h('ms-prompt-chunk', {}, h('ms-text-chunk', {}, this.textNode)));
    }
    this.textNode.innerHTML = renderMarkdown(text);
  }

  appendText(t: string): void {
    this.data.text += t;
    this.setText(this.data.text);
  }

  appendThought(t: string): void {
    this.data.thoughts += t;
    if (!this.thoughtNode) {
      this.thoughtNode = h('ms-cmark-node', { class: 'cmark-node' });
      const chunk = h(
        'ms-thought-chunk',
        {},
        expansionPanel([icon('lightbulb'), h('span', { class: 'header' }, 'Thoughts')], this.thoughtNode, false),
      );
      this.content.prepend(h('ms-prompt-chunk', {}, chunk));
    }
    this.thoughtNode.innerHTML = renderMarkdown(this.data.thoughts);
  }

  addCall(c: FunctionCall): void {
    // The wire repeats a call across records; the page shows each call once.
    const key = `${c.name}\u0000${JSON.stringify(c.args)}`;
    if (this.callKeys.has(key)) return;
    this.callKeys.add(key);
    this.data.calls.push(c);
    const code = h('pre', {}, h('code', { class: 'language-json' }, JSON.stringify(c.args, null, 2)));
    const block = h(
      'ms-code-block',
      { icon: 'function' },
      expansionPanel([icon('function'), h('span', {}, c.name)], code, true),
    );
    this.content.append(h('ms-prompt-chunk', {}, h('ms-function-call-chunk', {}, block)));
  }

  /** Images, code and code results, in stream order (draft images are not shown). */
  addMedia(p: MediaPart): void {
    const el = mediaElement(p);
    if (el) this.content.append(h('ms-prompt-chunk', {}, el));
  }

  setSources(raw: unknown): void {
    this.content.querySelector('ms-grounding-sources')?.remove();
    const el = sourcesElement(raw);
    if (el) this.content.append(el);
  }

  showError(message: string): void {
    this.content.append(
      h('ms-callout', { class: 'error-callout' }, icon('error'), h('div', { class: 'message' }, message)),
    );
  }

  private toggleEdit(button: HTMLElement): void {
    if (this.editing) {
      this.data.text = this.editing.value;
      this.editing.closest('ms-autosize-textarea')?.remove();
      this.editing = null;
      this.textNode?.parentElement?.parentElement?.removeAttribute('hidden');
      this.setText(this.data.text);
      button.setAttribute('aria-label', tr('Edit'));
      return;
    }
    const textarea = h('textarea', { class: 'edit-textarea', rows: '4' });
    textarea.value = this.data.text;
    const wrapper = h('ms-autosize-textarea', { 'data-value': this.data.text }, textarea);
    textarea.addEventListener('input', () => wrapper.setAttribute('data-value', textarea.value));
    this.textNode?.parentElement?.parentElement?.setAttribute('hidden', '');
    this.content.append(wrapper);
    this.editing = textarea;
    button.setAttribute('aria-label', tr('Stop editing'));
    textarea.focus();
  }
}
