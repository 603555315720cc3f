// Page variants: the 2026 page's differences (docs/aistudio-page.md), each
// switched on separately so a test can prove the driver copes with one difference at a time.
// No DOM here: the server parses variants from options, a cookie or a CLI flag.

export interface PageVariant {
  /** The run-settings panel (with the model name) is absent until its toggle is clicked (narrow/collapsed layouts). */
  narrow?: boolean;
  /** Every visible label and aria-label in Simplified Chinese. */
  lang?: 'en' | 'zh-CN';
  /** Temperature and top-P as `input[inputmode=decimal]` (no type=number, no max) in data-test-id containers. */
  decimalInputs?: boolean;
  /** Stop sequences in `ms-stop-sequence-input` (`input#chip-input`, chips in `mat-chip-set mat-chip-row`). */
  chipInput?: boolean;
  /** System instructions edited in a dialog opened from a card in the run-settings panel. */
  systemDialog?: boolean;
  /** During a run `ms-run-button` is replaced by `ms-stop-button`. */
  stopButton?: boolean;
  /** Upload through `button[data-test="selectMediaMenu"]` → `button.upload-file-menu-item` "Upload files". */
  uploadFiles?: boolean;
  /** Temporary chat only inside "View more actions", as `ms-incognito-mode-toggle > button`. */
  menuTemporary?: boolean;
  /** First-visit overlays: a welcome dialog ("Got it") and, after a run, a preference vote ("Skip"). */
  firstVisit?: boolean;
  /** A 429 shows "You've reached your rate limit. Please try again later." instead of the quota text. */
  rateLimitText?: boolean;
  /** Prompts longer than this are refused before any request with "Request is too large…" (real bundle: 83,886,080). */
  maxPromptChars?: number;
  /**
   * The Run button keeps its label "Run" while a run streams and stays enabled: it only gains the
   * class `running` and a `mat-progress-spinner`; a click on it stops the run. New chat stays
   * enabled during a run but does nothing until it ends (a redesign nobody described).
   */
  spinnerRun?: boolean;
  /**
   * Top-P, output length and stop sequences live in an "Advanced settings" section that starts
   * collapsed on every load (the stored `isAdvancedOpen` preference is ignored) and keeps its
   * controls out of the DOM until expanded; the tools section does the same with `areToolsOpen`.
   */
  collapsedSections?: boolean;
}

export const MAX_PROMPT_CHARS = 83_886_080;

/** Every structural 2026 difference at once (not narrow, not Chinese: those are layouts/languages). */
export const PAGE_2026: PageVariant = {
  decimalInputs: true,
  chipInput: true,
  systemDialog: true,
  stopButton: true,
  uploadFiles: true,
  menuTemporary: true,
  firstVisit: true,
  rateLimitText: true,
};

const FLAGS: Record<string, PageVariant> = {
  narrow: { narrow: true },
  zh: { lang: 'zh-CN' },
  'zh-CN': { lang: 'zh-CN' },
  decimal: { decimalInputs: true },
  chips: { chipInput: true },
  'system-dialog': { systemDialog: true },
  'stop-button': { stopButton: true },
  'upload-files': { uploadFiles: true },
  'menu-temporary': { menuTemporary: true },
  'first-visit': { firstVisit: true },
  'rate-limit': { rateLimitText: true },
  'spinner-run': { spinnerRun: true },
  collapsed: { collapsedSections: true },
  '2026': PAGE_2026,
};

export const VARIANT_WORDS = [...Object.keys(FLAGS), 'max-prompt=N'];

/** `"narrow,zh,max-prompt=100"` → a variant; unknown words are an error naming them. */
export function parseVariant(text: string): PageVariant {
  let v: PageVariant = {};
  for (const word of text.split(/[,\s]+/).filter(Boolean)) {
    const max = /^max-prompt=(\d+)$/.exec(word);
    const flag = FLAGS[word];
    if (max) v = { ...v, maxPromptChars: Number(max[1]) };
    else if (flag) v = { ...v, ...flag };
    else throw new Error(`unknown page variant "${word}" (known: ${VARIANT_WORDS.join(', ')})`);
  }
  return v;
}

/** The cookie a test or person may set to pick a variant per browser (`sim-page=narrow,zh`). */
export const VARIANT_COOKIE = 'sim-page';
