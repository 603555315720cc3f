import { z } from 'zod';

/**
 * Selector overrides: `<config dir>/selectors.json` maps a key of the content script's selectors
 * module (extension/content/selectors.ts, which a unit test keeps in step with this list) to CSS
 * selectors tried before the built-in fallbacks. The bridge validates the file at start and sends
 * the overrides to every extension that connects (`selectors`); the content scripts apply them
 * live. The fix for a page change then takes a file edit and a bridge restart, not a release.
 */
export const SELECTOR_KEYS = [
  'promptTextarea',
  'promptAutosize',
  'runButton',
  'runSettingsPanel',
  'runSettingsToggle',
  'systemInstructionsClose',
  'stopGenerating',
  'newChatButton',
  'dialog',
  'discardConfirm',
  'modelName',
  'temporaryChatToggle',
  'moreActions',
  'temporaryChatIndicator',
  'temporaryChatCheckmark',
  'systemInstructionsTextarea',
  'systemInstructionsOpener',
  'chatTurn',
  'modelTurn',
  'answerNode',
  'editButton',
  'turnEditor',
  'temperatureInput',
  'topPInput',
  'maxTokensInput',
  'tokenCount',
  'stopTokenInput',
  'stopChipRemove',
  'toolsExpander',
  'collapsedSection',
  'collapsedSectionByLabel',
  'searchToggle',
  'urlContextToggle',
  'codeExecutionToggle',
  'imageAspectRatioSelect',
  'imageSizeSelect',
  'selectOption',
  'functionCallingToggle',
  'editDeclarationsButton',
  'declarationsDialog',
  'codeEditorTab',
  'declarationsTextarea',
  'saveDeclarations',
  'closeDialog',
  'structuredOutputToggle',
  'editSchemaButton',
  'schemaDialog',
  'schemaTextarea',
  'saveSchema',
  'thinkingModeToggle',
  'thinkingBudgetToggle',
  'thinkingBudgetInput',
  'thinkingLevelSelect',
  'thinkingLevelOption',
  'uploadButton',
  'uploadMenuItem',
  'fileInput',
  'attachmentChip',
  'backdrop',
  'tooltip',
  'surveyIframe',
  'consentButton',
  'quotaCallout',
  'tooLargeCallout',
  'accountButton',
  'errorCallout',
  'errorToast',
] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];

const Css = z.string().trim().min(1, 'an empty selector').max(500, 'a selector longer than 500 characters');

/** On the wire: key → selectors (already validated by the bridge; the extension skips keys it does not know). */
export const SelectorOverrides = z.record(z.string(), z.array(Css).min(1).max(20));
export type SelectorOverrides = z.infer<typeof SelectorOverrides>;

/** The file: one selector or a list per key; unknown keys are refused, naming them. */
export const SelectorOverridesFile = z
  .record(z.string(), z.union([Css, z.array(Css).min(1).max(20)]))
  .superRefine((value, ctx) => {
    const unknown = Object.keys(value).filter((key) => !(SELECTOR_KEYS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: unknown.slice(0, 1),
        message: `unknown selector key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known keys: ${SELECTOR_KEYS.join(', ')})`,
      });
    }
  })
  .transform((value): SelectorOverrides =>
    Object.fromEntries(Object.entries(value).map(([key, css]) => [key, typeof css === 'string' ? [css] : css])),
  );

/** One selector key as the content script counted it on its page (doctor --page). */
const SelectorCount = z.object({
  name: z.string(),
  count: z.number().int().nonnegative(),
  visible: z.number().int().nonnegative(),
  expect: z.string(),
  ok: z.boolean(),
  overridden: z.boolean(),
});

const Tally = z.object({ name: z.string(), count: z.number().int().positive() });

/**
 * What a worker tab's page looks like structurally, for a bug report: every selector key with its
 * count, and an outline of custom elements, `data-test-*` attributes and aria-labels. Never text
 * the person wrote or the model answered.
 */
export const PageReport = z.object({
  url: z.string(),
  selectors: z.array(SelectorCount),
  customElements: z.array(Tally),
  dataTestAttributes: z.array(Tally),
  ariaLabels: z.array(Tally),
  /**
   * `doctor --page --save`: the anonymised DOM skeleton (extension/content/page-skeleton.ts), only
   * when asked for; added without a version bump (an older extension sends none)
   */
  skeleton: z.string().max(2_000_000).optional(),
});
export type PageReport = z.infer<typeof PageReport>;

/** A tab's answer to `page.report.request`: its report, or why there is none. */
export const TabPageReport = z.object({
  tabId: z.string(),
  report: PageReport.nullable(),
  error: z.string().nullable(),
});
export type TabPageReport = z.infer<typeof TabPageReport>;
