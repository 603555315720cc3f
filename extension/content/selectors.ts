import type { SelectorKey } from '../../protocol/selector-overrides.ts';
/**
 * Every AI Studio selector, in one place (refined-github style). What each handle is and where
 * it was seen: docs/aistudio-page.md (an older driver's selectors as of 2026-04 and the 2026
 * handles public drivers recorded, observed 2026-01…2026-08); fallbacks are tried in order and the first that matches wins
 * (visible matches preferred). Structure first (element names, data-test-*, iconname), then
 * aria-labels and text, each label in English and Simplified Chinese (the page is localised). `expect` is how
 * many elements the page normally has, checked by the health report; `required` elements must
 * resolve for any job, so their absence is reported in PageHealth.missing.
 *
 * Playwright-only syntax (`:has-text`) is not CSS: text conditions live in `text`.
 */

type Expect = 'one' | 'some' | 'optional';

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
      'ms-prompt-box textarea[aria-label="输入提示"]',
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
      'button[aria-label="运行"][type="submit"]',
    ],
    expect: 'one',
    required: true,
  },
  /** visible only while generating: the Run button relabelled, or ms-stop-button in its place (2026) */
  stopGenerating: {
    css: [
      'ms-stop-button button',
      'ms-run-button button:has(.stoppable-spinner)',
      'button[aria-label="Stop generating"]',
      'button[aria-label="停止生成"]',
      'ms-run-button button[aria-label*="Stop" i]',
    ],
    expect: 'optional',
  },

  // ── chat reset and model (#new-chat, #urls-and-storage) ────────────────────────────────────────
  newChatButton: {
    css: [
      'button[data-test-clear="outside"]',
      'button[iconname="add"]',
      'button[aria-label="New chat"]',
      'button[aria-label="新建聊天"]',
    ],
    expect: 'one',
  },
  dialog: {
    css: ['mat-dialog-container', '.mat-mdc-dialog-container', '.mat-mdc-dialog-inner-container'],
    expect: 'optional',
  },
  discardConfirm: {
    css: [
      '.mat-mdc-dialog-container button.ms-button-primary',
      'mat-dialog-container button',
      '.cdk-overlay-container button',
    ],
    expect: 'optional',
    text: /discard and continue|舍弃并继续/i,
  },
  /** lives in the run-settings panel, which narrow layouts leave out of the DOM (2026-07): not required */
  modelName: { css: ['[data-test-id="model-name"]'], expect: 'optional' },
  /** element name unconfirmed (ours); ensureRunSettingsOpen also accepts the controls inside it */
  runSettingsPanel: { css: ['ms-run-settings'], expect: 'optional' },
  runSettingsToggle: {
    css: [
      'button.runsettings-toggle-button',
      'button[aria-label="Toggle run settings panel"]',
      'button[aria-label="切换运行设置面板"]',
    ],
    expect: 'optional',
  },
  temporaryChatToggle: {
    css: [
      'ms-incognito-mode-toggle > button',
      'button[data-test-incognito-toggle]',
      'button[aria-label="Temporary chat toggle"]',
      'button[aria-label="Toggle temporary chat"]',
      'button[aria-label="切换临时聊天"]',
    ],
    expect: 'optional',
  },
  moreActions: {
    css: [
      'button[iconname="more_vert"][aria-haspopup="menu"]',
      'button[aria-label="View more actions"]',
      'button[aria-label="查看更多操作"]',
    ],
    expect: 'optional',
  },
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
      'mat-dialog-container.system-instructions-dialog textarea',
      'textarea[aria-label="System instructions"]',
      'textarea[aria-label="系统指令"]',
      'textarea[aria-label*="system instructions" i]',
      '[data-test-system-instructions] textarea',
      '.system-instructions textarea',
    ],
    expect: 'optional',
  },
  systemInstructionsOpener: {
    css: [
      'button[data-test-system-instructions-card]',
      '[data-test-system-instructions-card]',
      'ms-system-instructions button',
      'button[aria-label="System instructions"]',
      'button[aria-label*="system instructions" i]',
      'button[aria-label="系统指令"]',
    ],
    expect: 'optional',
  },
  /** the 2026 system-instructions dialog's close button (2026-08) */
  systemInstructionsClose: {
    css: [
      'mat-dialog-container button[data-test-close-button]',
      'button[data-test-close-button]',
      'mat-dialog-container button[aria-label="Close"]',
      'mat-dialog-container button[aria-label="关闭"]',
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

  // ── run settings (docs/aistudio-page.md#run-settings) ────────────────────────────────────────────────────────────────────
  // since 2026-02 temperature/top-P may be `input[inputmode=decimal]` with no type and no max
  temperatureInput: {
    css: [
      'div[data-test-id="temperatureSliderContainer"] input[inputmode="decimal"]',
      'div[data-test-id="temperatureSliderContainer"] input:not([type="range"])',
      'ms-slider input[type="number"][max="2"]',
      'ms-slider input.slider-number-input[aria-valuemax="2"]',
      'input.slider-number-input[aria-valuemax="2"]',
    ],
    expect: 'one',
  },
  topPInput: {
    css: [
      'div[data-test-id="topPSliderContainer"] input:not([type="range"])',
      'ms-slider input[type="number"][max="1"]',
      'ms-slider input.slider-number-input[aria-valuemax="1"]',
      'input.slider-number-input[aria-valuemax="1"]',
    ],
    expect: 'one',
  },
  maxTokensInput: {
    css: [
      'input[aria-label="Maximum output tokens"]',
      'input[aria-label="最大输出令牌数"]',
      'input[aria-label*="output tokens" i]',
    ],
    expect: 'one',
  },
  /** the run settings' prompt token count, "1,234 / 1,048,576" (CodeWebChat waits for it before Run; 2026) */
  tokenCount: {
    css: ['span.token-count-value'],
    expect: 'optional',
  },
  stopTokenInput: {
    css: [
      'ms-stop-sequence-input input#chip-input',
      'ms-stop-sequence-input input',
      'input[aria-label="Add stop token"]',
      'input[aria-label="Add stop sequence"]',
      'input[aria-label="添加停止序列"]',
      'input[aria-label="添加停止标记"]',
      'input[aria-label*="stop" i][aria-label*="token" i]',
    ],
    expect: 'one',
  },
  /** labelled "Remove <text>" / "移除 <text>" */
  stopChipRemove: {
    css: [
      'ms-stop-sequence-input mat-chip-row button',
      'mat-chip-set mat-chip-row button[aria-label*="Remove"]',
      'mat-chip button.remove-button[aria-label*="Remove"]',
      'mat-chip-row button[aria-label^="Remove"]',
      'mat-chip-row button[aria-label^="移除"]',
      'mat-chip button.remove-button',
    ],
    expect: 'optional',
  },
  toolsExpander: {
    css: ['button[aria-label="Expand or collapse tools"]', 'button[aria-label="展开或收起工具"]'],
    expect: 'optional',
  },
  /**
   * A collapsed section of the run-settings panel (or any group): found by structure, an element
   * that says it is collapsed (`aria-expanded="false"`) and is not a menu or list trigger. A page
   * may keep a section's controls out of the DOM until it is expanded (seen in the simulator's
   * collapsed-sections layout, modelled on Angular Material expansion panels).
   */
  collapsedSection: {
    css: [
      'mat-expansion-panel-header[aria-expanded="false"]',
      '.mat-expansion-panel-header[aria-expanded="false"]',
      'button[aria-expanded="false"]:not([aria-haspopup]):not([role="combobox"])',
      '[role="button"][aria-expanded="false"]:not([aria-haspopup])',
    ],
    expect: 'optional',
    notInside: 'ms-chat-turn',
  },
  /** fallback when a section says nothing about its state: its header named like one (en/zh) */
  collapsedSectionByLabel: {
    css: ['button:not([aria-expanded="true"])', '[role="button"]:not([aria-expanded="true"])', 'h3', 'mat-panel-title'],
    expect: 'optional',
    text: /^(advanced settings|advanced|more settings|tools|高级设置|高级|更多设置|工具)$/i,
    label: /^(expand or collapse|expand|show more|展开)/i,
    notInside: 'ms-chat-turn',
  },
  searchToggle: {
    css: [
      'div[data-test-id="searchAsAToolTooltip"] mat-slide-toggle button',
      'div[data-test-id="searchAsAToolTooltip"] button[role="switch"]',
    ],
    expect: 'optional',
  },
  urlContextToggle: {
    css: [
      'div[data-test-id="browseAsAToolTooltip"] button[role="switch"]',
      'ms-browse-as-a-tool mat-slide-toggle button[role="switch"]',
      'button[aria-label="Browse the url context"]',
      'button[aria-label="浏览网址上下文"]',
    ],
    expect: 'optional',
  },
  // ── beyond text (2026-12; no public handle known: the simulated page's, docs/aistudio-page.md#run-settings) ──
  codeExecutionToggle: {
    css: [
      'div[data-test-id="codeExecutionTooltip"] button[role="switch"]',
      'button[role="switch"][aria-label="Code execution"]',
      'button[role="switch"][aria-label="代码执行"]',
    ],
    expect: 'optional',
  },
  imageAspectRatioSelect: {
    css: [
      'mat-select[aria-label="Aspect ratio"]',
      '[role="combobox"][aria-label="Aspect ratio"]',
      '[role="combobox"][aria-label="宽高比"]',
    ],
    expect: 'optional',
  },
  imageSizeSelect: {
    css: [
      'mat-select[aria-label="Output resolution"]',
      '[role="combobox"][aria-label="Output resolution"]',
      '[role="combobox"][aria-label="输出分辨率"]',
    ],
    expect: 'optional',
  },
  selectOption: { css: ['[role="listbox"] mat-option', '[role="listbox"] [role="option"]'], expect: 'optional' },

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
      'button.edit-function-declarations-button[aria-label="修改函数声明"]',
      'button.edit-function-declarations-button',
    ],
    expect: 'optional',
  },
  declarationsDialog: {
    css: ['mat-dialog-container', '.mat-mdc-dialog-container'],
    expect: 'optional',
    text: /function declarations|函数声明/i,
  },
  codeEditorTab: {
    css: [
      'mat-dialog-container ms-tab-group button[role="tab"]',
      '.mat-mdc-dialog-container ms-tab-group button[role="tab"]',
    ],
    expect: 'optional',
    text: /^(code editor|代码编辑器)$/i,
  },
  declarationsTextarea: {
    css: [
      'mat-dialog-container ms-text-editor textarea',
      '.mat-mdc-dialog-container ms-text-editor textarea',
      'mat-dialog-container textarea[placeholder*="Tab"]',
      '.mat-mdc-dialog-container textarea[placeholder*="Tab"]',
    ],
    expect: 'optional',
  },
  saveDeclarations: {
    css: [
      'mat-dialog-container button',
      'button[aria-label="Save the current function declarations"]',
      'button[aria-label="保存当前函数声明"]',
    ],
    expect: 'optional',
    text: /^(save|保存)$/i,
    label: /^(save the current function declarations|保存当前函数声明)$/i,
  },
  closeDialog: {
    css: [
      'mat-dialog-container button.close-button',
      'mat-dialog-container button[aria-label="Close"]',
      'mat-dialog-container button[aria-label="close"]',
      'mat-dialog-container button[aria-label="关闭"]',
    ],
    expect: 'optional',
  },
  // Structured output (2026-12; no public handle known: the simulated page's, docs/aistudio-page.md#run-settings)
  structuredOutputToggle: {
    css: [
      '[data-test-id="structuredOutputTooltip"] mat-slide-toggle button[role="switch"]',
      '[data-test-id="structuredOutputTooltip"] button[role="switch"]',
      'mat-slide-toggle.structured-output-toggle button[role="switch"]',
    ],
    expect: 'optional',
  },
  editSchemaButton: {
    css: [
      '[data-test-id="structuredOutputTooltip"] button.edit-schema-button',
      'button[aria-label="Edit structured output schema"]',
      'button[aria-label="修改结构化输出架构"]',
    ],
    expect: 'optional',
  },
  schemaDialog: {
    css: ['mat-dialog-container', '.mat-mdc-dialog-container'],
    expect: 'optional',
    text: /structured output|结构化输出/i,
  },
  schemaTextarea: {
    css: ['mat-dialog-container ms-text-editor textarea', '.mat-mdc-dialog-container ms-text-editor textarea'],
    expect: 'optional',
  },
  saveSchema: {
    css: ['mat-dialog-container button', 'button[aria-label="Save the schema"]', 'button[aria-label="保存架构"]'],
    expect: 'optional',
    text: /^(save|保存)$/i,
    label: /^(save the schema|保存架构)$/i,
  },

  // ── thinking (#thinking-controls) ──────────────────────────────────────────────────────────────
  thinkingModeToggle: {
    css: [
      'mat-slide-toggle[data-test-toggle="enable-thinking"] button[role="switch"].mdc-switch',
      '[data-test-toggle="enable-thinking"] button[role="switch"].mdc-switch',
      'button[role="switch"][aria-label="Toggle thinking mode"]',
      'button[role="switch"][aria-label="切换思考模式"]',
    ],
    expect: 'optional',
  },
  thinkingBudgetToggle: {
    css: [
      'mat-slide-toggle[data-test-toggle="manual-budget"] button[role="switch"].mdc-switch',
      '[data-test-toggle="manual-budget"] button[role="switch"].mdc-switch',
      'button[role="switch"][aria-label="Toggle thinking budget between auto and manual"]',
      'button[role="switch"][aria-label="在自动和手动之间切换思考预算"]',
    ],
    expect: 'optional',
  },
  // 2026-05: the budget input may have no type
  thinkingBudgetInput: {
    css: [
      '[data-test-id="user-setting-budget-animation-wrapper"] input[type="number"]',
      '[data-test-id="user-setting-budget-animation-wrapper"] input:not([type="range"])',
    ],
    expect: 'optional',
  },
  thinkingLevelSelect: {
    css: [
      'ms-thinking-level-setting mat-select',
      '[role="combobox"][aria-label="Thinking Level"]',
      'mat-select[aria-label="Thinking Level"]',
      '[role="combobox"][aria-label="Thinking level"]',
      'mat-select[aria-label="Thinking level"]',
      '[role="combobox"][aria-label="思考等级"]',
    ],
    expect: 'optional',
  },
  thinkingLevelOption: {
    css: [
      'div[role="listbox"] mat-option',
      '[role="listbox"][aria-label="Thinking Level"] [role="option"]',
      '[role="listbox"][aria-label="Thinking level"] [role="option"]',
      '[role="listbox"][aria-label="思考等级"] [role="option"]',
      '[role="listbox"] [role="option"]',
    ],
    expect: 'optional',
  },

  // ── attachments (#attachments; the label became "Upload a file" in 2026-04) ────────────────────
  uploadButton: {
    css: [
      'button[data-test="selectMediaMenu"]',
      'button[data-test-id="add-media-button"]',
      'button[aria-label^="Insert assets"]',
      'button[aria-label^="Insert images"]',
      'button[aria-label^="插入"]',
    ],
    expect: 'optional',
  },
  uploadMenuItem: {
    css: [
      'button.upload-file-menu-item',
      "div[role='menu'] button[role='menuitem']",
      '.cdk-overlay-container [role="menuitem"]',
    ],
    expect: 'optional',
    text: /^(upload (a )?files?|上传文件)$/i,
    label: /^(upload (a )?files?|上传文件)$/i,
  },
  fileInput: { css: ['input[data-test-upload-file-input]', 'input[type="file"]'], expect: 'optional' },
  /** a file attached to the prompt being written (2026: ms-media-chip in .multi-media-row; older: a guess) */
  attachmentChip: {
    css: [
      'ms-prompt-box .multi-media-row ms-media-chip',
      'ms-prompt-box ms-media-chip',
      'ms-prompt-box ms-prompt-chunk',
      'ms-prompt-input-wrapper ms-prompt-chunk',
      'ms-prompt-box ms-file-chunk',
    ],
    expect: 'optional',
  },

  // ── overlays and errors (#overlays, #errors-and-quota) ─────────────────────────────────────────
  backdrop: { css: ['div.cdk-overlay-backdrop.cdk-overlay-backdrop-showing'], expect: 'optional' },
  tooltip: {
    css: [
      '.mdc-tooltip',
      '.mat-mdc-tooltip',
      '.mdc-tooltip__surface',
      '.mat-mdc-tooltip-surface',
      '.mat-tooltip-panel',
      '[role="tooltip"]',
    ],
    expect: 'optional',
  },
  surveyIframe: { css: ['iframe[id*="google-hats-survey"]', 'iframe[src*="google_hats"]'], expect: 'optional' },
  /** first-visit overlays and consent dialogs: the button that answers them (2026-07) */
  consentButton: {
    css: [
      'button[data-test-id="skip-button"]',
      '.cdk-overlay-container button[aria-label*="copyright" i]',
      '.cdk-overlay-container button[aria-label*="acknowledge" i]',
      '.cdk-overlay-container button[aria-label*="版权"]',
      '.cdk-overlay-container button',
    ],
    expect: 'optional',
    text: /^(agree|i agree|allow|continue|ok|confirm|yes|got it|acknowledge|dismiss|not now|skip|同意|我同意|允许|继续|确定|确认|好|知道了|我知道了|关闭|以后再说|跳过)$/i,
    label: /copyright|acknowledge|^agree|^skip preference vote$|确认版权|^同意|^跳过偏好投票$/i,
  },
  quotaCallout: {
    css: ['ms-callout.error-callout .message', 'ms-callout.warning-callout'],
    expect: 'optional',
    text: /exceeded quota|out of free generations|quota|rate limit|超出配额|配额|速率限制/i,
  },
  /** the page refused the prompt itself (its bundle limit, 83,886,080 characters) */
  tooLargeCallout: {
    css: ['ms-callout.error-callout .message', 'ms-error-message'],
    expect: 'optional',
    text: /request is too large|请求过大/i,
  },
  errorCallout: { css: ['ms-callout.error-callout .message'], expect: 'optional' },
  /** Google's account button in the top bar (docs/aistudio-page.md#signed-in-account) */
  accountButton: {
    css: [
      'a[href*="accounts.google.com/SignOutOptions"]',
      '[aria-label^="Google Account:" i]',
      '[aria-label^="Google 账号"]',
    ],
    expect: 'optional',
  },
  errorToast: {
    css: [
      'div.toast.error span.content-text',
      'div.toast.warning span.content-text',
      'div.toast.error',
      'div.toast.warning',
    ],
    expect: 'optional',
  },
} as const satisfies Record<SelectorKey, SelectorSpec>;

export type SelectorName = keyof typeof SELECTORS;
