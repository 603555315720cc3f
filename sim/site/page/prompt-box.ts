// The prompt box: ms-prompt-box > ms-prompt-input-wrapper with the "Enter a prompt" textarea
// (whose model value follows `input` events only, like the Angular form), the Run button that
// becomes Stop while generating, and "Insert assets" → "Upload a file". Variants (docs/aistudio-page.md): the
// Run button is replaced by `ms-stop-button` during a run; upload through
// `button[data-test="selectMediaMenu"]` → `button.upload-file-menu-item` "Upload files", files shown
// as `.multi-media-row ms-media-chip`.

import type { Attachment } from '../wire/request.ts';
import { openDialog } from './dialogs.ts';
import { h, icon, report } from './dom.ts';
import { tr } from './i18n.ts';
import { openMenu, type OverlayManager } from './overlay.ts';
import { readPrefs, writePrefs } from './prefs.ts';

export interface PendingFile extends Attachment {
  name: string;
}

export interface PromptBoxEvents {
  onRun(): void;
  onStop(): void;
  onText(text: string): void;
}

export interface PromptBoxOptions {
  stopButton: boolean;
  uploadFiles: boolean;
  /** the Run button keeps "Run" while generating and only gains `.running` and a spinner */
  spinnerRun?: boolean;
}

function readFile(file: File): Promise<PendingFile> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () =>
      resolve({
        name: file.name,
        mimeType: file.type || 'application/octet-stream',
        data: String(r.result).split(',')[1] ?? '',
      });
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

export class PromptBox {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  /** The prompt as the page knows it: updated by `input` events, not by setting `.value`. */
  text = '';
  files: PendingFile[] = [];
  private generating = false;
  private readonly autosize: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly runHost: HTMLElement;
  private readonly stopHost: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly fileInput: HTMLInputElement;

  constructor(
    private readonly overlays: OverlayManager,
    private readonly events: PromptBoxEvents,
    private readonly options: PromptBoxOptions,
  ) {
    this.textarea = h('textarea', {
      class: 'textarea',
      'aria-label': 'Enter a prompt',
      placeholder: 'Start typing a prompt',
      rows: '1',
    });
    this.autosize = h('ms-autosize-textarea', { class: 'text-wrapper-inner', 'data-value': '' }, this.textarea);
    this.runButton = h('button', {
      class: 'mat-mdc-tooltip-trigger run-button ms-button-primary',
      type: 'submit',
      'aria-label': 'Run',
      disabled: true,
    });
    this.fileInput = this.newFileInput();
    this.chips = h('div', { class: options.uploadFiles ? 'prompt-chunks multi-media-row' : 'prompt-chunks' });
    const add = h(
      'button',
      {
        class: 'ms-button-icon add-media',
        type: 'button',
        'aria-label': 'Insert assets such as images, videos, files, or audio',
        ...(options.uploadFiles ? { 'data-test': 'selectMediaMenu' } : { 'data-test-id': 'add-media-button' }),
      },
      icon('add_circle'),
    );
    add.addEventListener('click', () => this.openUploadMenu(add));
    const stop = h(
      'button',
      { class: 'stop-button ms-button-primary', type: 'button', 'aria-label': 'Stop generating' },
      h('span', { class: 'stoppable-spinner' }),
      h('span', { class: 'label' }, 'Stop'),
    );
    stop.addEventListener('click', () => this.activate());
    this.runHost = h('ms-run-button', {}, this.runButton);
    this.stopHost = h('ms-stop-button', {}, stop);
    const form = h(
      'form',
      { class: 'prompt-form' },
      h(
        'div',
        { class: 'prompt-input-wrapper' },
        add,
        h('div', { class: 'text-wrapper' }, this.chips, this.autosize),
        this.runHost,
      ),
      this.fileInput,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.activate();
    });
    this.root = h(
      'ms-prompt-box',
      {},
      h('div', { class: 'prompt-box-container' }, h('ms-prompt-input-wrapper', {}, form)),
    );
    this.textarea.addEventListener('input', () => {
      this.text = this.textarea.value;
      this.autosize.setAttribute('data-value', this.text);
      this.refresh();
      events.onText(this.text);
    });
    this.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (!this.runButton.disabled) this.activate();
      }
    });
    this.refresh();
  }

  private activate(): void {
    if (this.generating) {
      report('stop-click');
      this.events.onStop();
    } else if (this.text.trim()) {
      this.events.onRun();
    }
  }

  /** Empties the box after a submit, as the real page does. */
  clear(): void {
    this.text = '';
    this.textarea.value = '';
    this.autosize.setAttribute('data-value', '');
    this.files = [];
    this.renderChips();
    this.refresh();
  }

  setGenerating(on: boolean): void {
    this.generating = on;
    this.refresh();
  }

  private refresh(): void {
    if (this.options.stopButton) {
      // ms-stop-button takes ms-run-button's place in the DOM while a run streams.
      const [out, inn] = this.generating ? [this.runHost, this.stopHost] : [this.stopHost, this.runHost];
      if (out.isConnected) out.replaceWith(inn);
    }
    const b = this.runButton;
    if (this.options.spinnerRun) {
      // Nothing but a class and a spinner says a run streams; the button stays enabled and stops it.
      b.disabled = !this.generating && !this.text.trim();
      b.classList.toggle('running', this.generating);
      b.replaceChildren(
        ...(this.generating ? [h('mat-progress-spinner', { class: 'run-spinner', role: 'progressbar' })] : []),
        h('span', { class: 'label' }, tr('Run')),
      );
      return;
    }
    // Today's page: the same button doubles as Stop.
    const stop = this.generating && !this.options.stopButton;
    b.disabled = !stop && !this.text.trim();
    b.setAttribute('aria-label', tr(stop ? 'Stop generating' : 'Run'));
    b.classList.toggle('stoppable', stop);
    b.replaceChildren(
      ...(stop
        ? [h('span', { class: 'stoppable-spinner' }), h('span', { class: 'label' }, 'Stop')]
        : [h('span', { class: 'label' }, 'Run'), h('span', { class: 'command-key' }, 'Ctrl ⏎')]),
    );
  }

  private newFileInput(attrs: Record<string, string> = {}): HTMLInputElement {
    const input = h('input', {
      type: 'file',
      multiple: true,
      class: 'hidden-file-input',
      hidden: true,
      tabindex: '-1',
      ...attrs,
    });
    input.addEventListener('change', () => {
      const list = [...(input.files ?? [])];
      input.value = '';
      if (list.length) void this.addFiles(list);
    });
    return input;
  }

  private openUploadMenu(anchor: HTMLElement): void {
    const upload = this.options.uploadFiles
      ? {
          label: 'Upload files',
          attrs: { class: 'mat-mdc-menu-item mat-focus-indicator upload-file-menu-item' },
          extra: [this.newFileInput({ 'data-test-upload-file-input': '' })],
          onClick: () => this.fileInput.click(),
        }
      : {
          label: 'Upload a file',
          ariaLabel: 'Upload a file',
          extra: [this.newFileInput()],
          onClick: () => this.fileInput.click(),
        };
    openMenu(this.overlays, anchor, [
      { label: 'Drive', disabled: true },
      upload,
      { label: 'Record audio', disabled: true },
      { label: 'Camera', disabled: true },
      { label: 'Sample media', disabled: true },
    ]);
  }

  private async addFiles(list: File[]): Promise<void> {
    const files = await Promise.all(list.map(readFile));
    const accept = (): void => {
      this.files.push(...files);
      report('upload', files.map((f) => f.name).join(','));
      this.renderChips();
    };
    if (readPrefs().fileCopyrightAcknowledged === true) return accept();
    openDialog(this.overlays, {
      title: 'Copyright acknowledgement',
      body: [h('p', {}, 'Make sure you have the rights to the content you upload.')],
      actions: [
        { label: 'Cancel' },
        {
          label: 'Continue',
          primary: true,
          attrs: { 'aria-label': 'Acknowledge copyright' },
          onClick: () => {
            writePrefs({ fileCopyrightAcknowledged: true });
            accept();
          },
        },
      ],
    });
  }

  private renderChips(): void {
    this.chips.replaceChildren(
      ...this.files.map((f, i) => {
        const remove = h(
          'button',
          { class: 'ms-button-icon', type: 'button', 'aria-label': `Remove ${f.name}` },
          icon('close'),
        );
        remove.addEventListener('click', () => {
          this.files.splice(i, 1);
          this.renderChips();
        });
        return h(
          this.options.uploadFiles ? 'ms-media-chip' : 'ms-prompt-chunk',
          { class: 'file-chip' },
          h('span', { class: 'file-name' }, f.name),
          remove,
        );
      }),
    );
  }
}
