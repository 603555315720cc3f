/**
 * Every AI Studio selector, in one place (refined-github style). What each handle is and where
 * it was seen: docs/aistudio-page.md (2026 handles, then the older driver's as of 2026-04); fallbacks are
 * tried in order and the first that matches wins (visible matches preferred). `expect` is how
 * many elements the page normally has, checked by the health report; `required` elements must
 * resolve for any job, so their absence is reported in PageHealth.missing.
 *
 * Playwright-only syntax (`:has-text`) is not CSS: text conditions live in `text`.
 */

export type Expect = 'one' | 'some' | 'optional';

export interface SelectorSpec {
  readonly css: readonly string[];
  readonly expect: Expect;
  readonly required?: boolean;
  /** keep only elements whose whitespace-normalised text matches (or whose aria-label matches `label`) */
  readonly text?: RegExp;
  readonly label?: RegExp;
  /** drop elements inside these containers (e.g. the system-instructions editor) */
  readonly notInside?: string;
}

const SYSTEM_INSTRUCTIONS_SCOPE = 'ms-system-instructions, [data-test-system-instructions], .system-instructions';

export const SELECTORS = {
  // ── prompt, Run/Stop (docs/aistudio-page.md#prompt-and-run) ────────────────────────────────────
  promptTextarea: {
    css: [
      'ms-prompt-input-wrapper ms-autosize-textarea textarea',
      'ms-prompt-input-wrapper textarea[aria-label*="prompt" i]',
      'ms-prompt-input-wrapper textarea',
      'ms-prompt-box ms-autosize-textarea textarea',
      'ms-prompt-box textarea[aria-label="Enter a prompt"]',
      'ms-prompt-box textarea',
      'ms-chunk-input textarea',
      'ms-chunk-editor textarea',
      'ms-autosize-textarea textarea',
      'textarea.textarea',
    ],
    expect: 'one',
    required: true,
    notInside: SYSTEM_INSTRUCTIONS_SCOPE,
  },
  /** Angular's autosize mirror: keeps `data-value` in step with the textarea (see #prompt-and-run) */
  promptAutosize: {
    css: [
      'ms-prompt-input-wrapper .text-wrapper',
      'ms-prompt-input-wrapper ms-autosize-textarea',
      'ms-chunk-input .text-wrapper',
      'ms-prompt-box .text-wrapper',
      'ms-prompt-box ms-autosize-textarea',
      'ms-autosize-textarea',
    ],
    expect: 'optional',
    notInside: SYSTEM_INSTRUCTIONS_SCOPE,
  },
  /** the same button is Run when idle and Stop while generating */
  runButton: {
    css: [
      'ms-run-button button[type="submit"].ms-button-primary',
      'ms-run-button button[type="submit"]',
      'ms-prompt-input-wrapper ms-run-button button[aria-label="Run"]',
      'ms-prompt-input-wrapper button[aria-label="Run"][type="submit"]',
      'button[aria-label="Run"].run-button',
      'ms-run-button button[type="submit"].run-button',
      'ms-prompt-box ms-run-button button[aria-label="Run"]',
      'ms-prompt-box button[aria-label="Run"][type="submit"]',
      'ms-run-button button',
    ],
    expect: 'one',
    required: true,
  },
  /** visible only while generating */
  stopGenerating: { css: ['button[aria-label="Stop generating"]', 'ms-run-button button[aria-label*="Stop" i]'], expect: 'optional' },

  // ── chat reset and model (#new-chat, #urls-and-storage) ────────────────────────────────────────
  newChatButton: {
    css: ['button[data-test-clear="outside"][aria-label="New chat"]', 'button[aria-label="New chat"]'],
    expect: 'one',
  },
  dialog: { css: ['mat-dialog-container', '.mat-mdc-dialog-container', '.mat-mdc-dialog-inner-container'], expect: 'optional' },
  discardConfirm: {
    css: ['.mat-mdc-dialog-container button.ms-button-primary', 'mat-dialog-container button', '.cdk-overlay-container button'],
    expect: 'optional',
    text: /discard and continue/i,
  },
  modelName: { css: ['[data-test-id="model-name"]'], expect: 'one', required: true },
  temporaryChatToggle: {
    css: ['button[data-test-incognito-toggle]', 'button[aria-label="Temporary chat toggle"]', 'button[aria-label="Toggle temporary chat"]'],
    expect: 'optional',
  },
  moreActions: { css: ['button[aria-label="View more actions"]'], expect: 'optional' },
  temporaryChatIndicator: {
    css: ["ms-incognito-mode-indicator [data-test-id='main-text']", 'ms-incognito-mode-indicator .main-text'],
    expect: 'optional',
  },
  /** only rendered (in the "View more actions" menu) while temporary chat is on */
  temporaryChatCheckmark: { css: ['[data-test-incognito-checkmark]'], expect: 'optional' },

  // ── system instructions (#system-instructions: the older driver folds them into the prompt) ────
  systemInstructionsTextarea: {
    css: [
      'ms-system-instructions textarea',
      'textarea[aria-label="System instructions"]',
      'textarea[aria-label*="system instructions" i]',
      '[data-test-system-instructions] textarea',
      '.system-instructions textarea',
    ],
    expect: 'optional',
  },
  systemInstructionsOpener: {
    css: [
      'button[aria-label="System instructions"]',
      'button[aria-label*="system instructions" i]',
      '[data-test-system-instructions-card]',
      'ms-system-instructions button',
    ],
    expect: 'optional',
  },

  // ── conversation (#conversation-turns) ─────────────────────────────────────────────────────────
  chatTurn: { css: ['ms-chat-turn'], expect: 'optional' },
  modelTurn: { css: ['ms-chat-turn .chat-turn-container.model'], expect: 'optional' },
  answerNode: {
    css: ['ms-cmark-node.cmark-node', 'ms-text-chunk', '[data-testid*="response"]', '.chat-response'],
    expect: 'optional',
    notInside: 'ms-thought-chunk, ms-thought-accordion',
  },
  /** Edit / Stop editing on a turn (aria-label switches); its visibility also marks a finished turn */
  editButton: { css: ['.actions-container button.toggle-edit-button'], expect: 'optional' },
  /** the raw-Markdown editor a turn shows while being edited */
  turnEditor: { css: ['ms-autosize-textarea textarea', 'textarea'], expect: 'optional' },

  // ── run settings (#run-settings) ───────────────────────────────────────────────────────────────
  temperatureInput: {
    css: ['ms-slider input[type="number"][max="2"]', 'ms-slider input.slider-number-input[aria-valuemax="2"]', 'input.slider-number-input[aria-valuemax="2"]'],
    expect: 'one',
  },
  topPInput: {
    css: ['ms-slider input[type="number"][max="1"]', 'ms-slider input.slider-number-input[aria-valuemax="1"]', 'input.slider-number-input[aria-valuemax="1"]'],
    expect: 'one',
  },
  maxTokensInput: { css: ['input[aria-label="Maximum output tokens"]', 'input[aria-label*="output tokens" i]'], expect: 'one' },
  stopTokenInput: { css: ['input[aria-label="Add stop token"]', 'input[aria-label*="stop" i][aria-label*="token" i]'], expect: 'one' },
  stopChipRemove: { css: ['mat-chip button.remove-button[aria-label*="Remove"]', 'mat-chip-row button[aria-label^="Remove"]'], expect: 'optional' },
  toolsExpander: { css: ['button[aria-label="Expand or collapse tools"]'], expect: 'optional' },
  searchToggle: {
    css: ['div[data-test-id="searchAsAToolTooltip"] mat-slide-toggle button', 'div[data-test-id="searchAsAToolTooltip"] button[role="switch"]'],
    expect: 'optional',
  },
  urlContextToggle: { css: ['button[aria-label="Browse the url context"]'], expect: 'optional' },

  functionCallingToggle: {
    css: [
      '[data-test-id="functionCallingTooltip"] mat-slide-toggle button[role="switch"].mdc-switch',
      '[data-test-id="functionCallingTooltip"] .function-calling-toggle button[role="switch"]',
      '[data-test-id="functionCallingTooltip"] button.mdc-switch',
    ],
    expect: 'optional',
  },
  editDeclarationsButton: {
    css: [
      '[data-test-id="functionCallingTooltip"] .edit-function-declarations-button',
      'button.edit-function-declarations-button[aria-label="Edit function declarations"]',
      'button.edit-function-declarations-button',
    ],
    expect: 'optional',
  },
  declarationsDialog: {
    css: ['mat-dialog-container', '.mat-mdc-dialog-container'],
    expect: 'optional',
    text: /function declarations/i,
  },
  codeEditorTab: { css: ['mat-dialog-container ms-tab-group button[role="tab"]', '.mat-mdc-dialog-container ms-tab-group button[role="tab"]'], expect: 'optional', text: /^code editor$/i },
  declarationsTextarea: {
    css: ['mat-dialog-container ms-text-editor textarea', '.mat-mdc-dialog-container ms-text-editor textarea', 'mat-dialog-container textarea[placeholder*="Tab"]', '.mat-mdc-dialog-container textarea[placeholder*="Tab"]'],
    expect: 'optional',
  },
  saveDeclarations: { css: ['button[aria-label="Save the current function declarations"]', 'mat-dialog-container button'], expect: 'optional', text: /^save$/i, label: /^save the current function declarations$/i },
  closeDialog: { css: ['mat-dialog-container button[aria-label="Close"]', 'mat-dialog-container button.close-button'], expect: 'optional' },

  // ── thinking (#thinking-controls) ──────────────────────────────────────────────────────────────
  thinkingModeToggle: {
    css: [
      'button[role="switch"][aria-label="Toggle thinking mode"]',
      'mat-slide-toggle[data-test-toggle="enable-thinking"] button[role="switch"].mdc-switch',
      '[data-test-toggle="enable-thinking"] button[role="switch"].mdc-switch',
    ],
    expect: 'optional',
  },
  thinkingBudgetToggle: {
    css: [
      'button[role="switch"][aria-label="Toggle thinking budget between auto and manual"]',
      'mat-slide-toggle[data-test-toggle="manual-budget"] button[role="switch"].mdc-switch',
      '[data-test-toggle="manual-budget"] button[role="switch"].mdc-switch',
    ],
    expect: 'optional',
  },
  thinkingBudgetInput: { css: ['[data-test-id="user-setting-budget-animation-wrapper"] input[type="number"]'], expect: 'optional' },
  thinkingLevelSelect: {
    css: ['[role="combobox"][aria-label="Thinking Level"]', 'mat-select[aria-label="Thinking Level"]', '[role="combobox"][aria-label="Thinking level"]', 'mat-select[aria-label="Thinking level"]'],
    expect: 'optional',
  },
  thinkingLevelOption: { css: ['[role="listbox"][aria-label="Thinking Level"] [role="option"]', '[role="listbox"][aria-label="Thinking level"] [role="option"]', '[role="listbox"] [role="option"]'], expect: 'optional' },

  // ── attachments (#attachments; the label became "Upload a file" in 2026-04) ────────────────────
  uploadButton: {
    css: ['button[data-test-id="add-media-button"]', 'button[aria-label^="Insert assets"]', 'button[aria-label^="Insert images"]'],
    expect: 'optional',
  },
  uploadMenuItem: {
    css: ["div[role='menu'] button[role='menuitem']", '.cdk-overlay-container [role="menuitem"]'],
    expect: 'optional',
    text: /^upload (a )?file$/i,
    label: /^upload (a )?file$/i,
  },
  fileInput: { css: ['input[type="file"]'], expect: 'optional' },
  /** a file attached to the prompt being written (guess as of 2026-04; used to confirm uploads) */
  attachmentChip: { css: ['ms-prompt-box ms-prompt-chunk', 'ms-prompt-input-wrapper ms-prompt-chunk', 'ms-prompt-box ms-file-chunk'], expect: 'optional' },

  // ── overlays and errors (#overlays, #errors-and-quota) ─────────────────────────────────────────
  backdrop: { css: ['div.cdk-overlay-backdrop.cdk-overlay-backdrop-showing'], expect: 'optional' },
  tooltip: {
    css: ['.mdc-tooltip', '.mat-mdc-tooltip', '.mdc-tooltip__surface', '.mat-mdc-tooltip-surface', '.mat-tooltip-panel', '[role="tooltip"]'],
    expect: 'optional',
  },
  surveyIframe: { css: ['iframe[id*="google-hats-survey"]', 'iframe[src*="google_hats"]'], expect: 'optional' },
  consentButton: {
    css: ['.cdk-overlay-container button[aria-label*="copyright" i]', '.cdk-overlay-container button[aria-label*="acknowledge" i]', '.cdk-overlay-container button'],
    expect: 'optional',
    text: /^(agree|i agree|allow|continue|ok|confirm|yes|got it|acknowledge)$/i,
    label: /copyright|acknowledge|^agree/i,
  },
  quotaCallout: {
    css: ['ms-callout.error-callout .message', 'ms-callout.warning-callout'],
    expect: 'optional',
    text: /exceeded quota|out of free generations|quota/i,
  },
  errorCallout: { css: ['ms-callout.error-callout .message'], expect: 'optional' },
  /** Google's account button in the top bar (docs/aistudio-page.md#signed-in-account) */
  accountButton: { css: ['[aria-label^="Google Account:" i]', 'a[href*="accounts.google.com/SignOutOptions"]'], expect: 'optional' },
  errorToast: { css: ['div.toast.error span.content-text', 'div.toast.warning span.content-text', 'div.toast.error', 'div.toast.warning'], expect: 'optional' },
} as const satisfies Record<string, SelectorSpec>;

export type SelectorName = keyof typeof SELECTORS;

export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  if (el.getClientRects().length === 0) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

function candidates(name: SelectorName, root: ParentNode, css: string): HTMLElement[] {
  const spec: SelectorSpec = SELECTORS[name];
  let found: HTMLElement[];
  try {
    found = Array.from(root.querySelectorAll<HTMLElement>(css));
  } catch {
    return []; // a fallback the browser does not support must not break the others
  }
  return found.filter((el) => {
    if (spec.notInside && el.closest(spec.notInside)) return false;
    if (!spec.text && !spec.label) return true;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    return (spec.text?.test(text) ?? false) || (spec.label?.test(el.getAttribute('aria-label') ?? '') ?? false);
  });
}

/** The first element for `name`: visible matches of earlier fallbacks win, hidden ones last. */
export function find(name: SelectorName, root: ParentNode = document): HTMLElement | null {
  let hidden: HTMLElement | null = null;
  for (const css of SELECTORS[name].css) {
    for (const el of candidates(name, root, css)) {
      if (isVisible(el)) return el;
      hidden ??= el;
    }
  }
  return hidden;
}

/** All elements of the first fallback that matches anything. */
export function findAll(name: SelectorName, root: ParentNode = document): HTMLElement[] {
  for (const css of SELECTORS[name].css) {
    const found = candidates(name, root, css);
    if (found.length > 0) return found;
  }
  return [];
}

/** Elements of `name` not hidden (for counting and checks). */
export const findVisible = (name: SelectorName, root: ParentNode = document): HTMLElement[] => findAll(name, root).filter(isVisible);
