// The model catalogue of the simulated AI Studio and the ListModels wire body (docs/aistudio-wire.md#listmodels):
// `)]}'\n` + [[entry…]] with entry[0] "models/<id>", [3] display name, [4] description,
// [6] output token limit, [7] supported methods, [9] default top-p. Other slots are filler.

type ThinkingFamily = 'level-pro' | 'level-flash' | 'budget-always' | 'budget-toggle' | 'none';

export interface SimModel {
  id: string;
  displayName: string;
  description: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  defaultTopP: number;
  /** Which thinking controls the run-settings panel shows (docs/aistudio-page.md#thinking-controls). */
  thinking: ThinkingFamily;
  /** Default of the Flash "Toggle thinking mode" switch. */
  thinkingOnByDefault: boolean;
  googleSearch: boolean;
  urlContext: boolean;
  functionCalling: boolean;
  /** The "Code execution" switch in Tools. */
  codeExecution: boolean;
  /** The "Structured output" switch (with its schema editor) in Tools. */
  structuredOutput: boolean;
  /** Image models: answers are images; the panel offers these aspect ratios and output resolutions (none = no such setting). */
  image?: { aspectRatios: readonly string[]; sizes: readonly string[] };
}

/** Aspect ratio and output resolution codes as the page's wire numbers them (ListModels [75]/[76], image config). */
export const ASPECT_RATIO_CODES: readonly string[] = [
  '1:1',
  '9:16',
  '16:9',
  '3:4',
  '4:3',
  '3:2',
  '2:3',
  '5:4',
  '4:5',
  '21:9',
];
export const IMAGE_SIZE_CODES: readonly string[] = ['1K', '2K', '4K', '512'];
const IMAGE_ASPECT_RATIOS = ASPECT_RATIO_CODES;

/** Capability codes of ListModels [64] (chat 1, code execution 9, functions 10, Search 12, URL context 13, image 21, thinking 25, aspect ratio 47, output resolution 49). */
function capabilityCodes(m: SimModel): number[] {
  const codes = [1];
  if (m.codeExecution) codes.push(9);
  if (m.functionCalling) codes.push(10);
  if (m.googleSearch) codes.push(12);
  if (m.urlContext) codes.push(13);
  if (m.image) codes.push(21);
  if (m.thinking !== 'none') codes.push(25);
  if (m.image?.aspectRatios.length) codes.push(47);
  if (m.image?.sizes.length) codes.push(49);
  return codes;
}

const model = (m: Partial<SimModel> & Pick<SimModel, 'id' | 'displayName' | 'description' | 'thinking'>): SimModel => ({
  inputTokenLimit: 1_048_576,
  outputTokenLimit: 65_536,
  defaultTopP: 0.95,
  thinkingOnByDefault: true,
  googleSearch: true,
  urlContext: true,
  functionCalling: true,
  codeExecution: true,
  structuredOutput: true,
  ...m,
});

export const MODELS: readonly SimModel[] = [
  model({
    id: 'gemini-3-pro-preview',
    displayName: 'Gemini 3 Pro Preview',
    description: 'Our most intelligent model with SOTA reasoning and multimodal understanding.',
    thinking: 'level-pro',
  }),
  model({
    id: 'gemini-3-flash-preview',
    displayName: 'Gemini 3 Flash Preview',
    description: 'Frontier-class performance at a fraction of the cost.',
    thinking: 'level-flash',
  }),
  model({
    id: 'gemini-2.5-pro',
    displayName: 'Gemini 2.5 Pro',
    description: 'Our state-of-the-art thinking model for complex problems.',
    thinking: 'budget-always',
  }),
  model({
    id: 'gemini-2.5-flash',
    displayName: 'Gemini 2.5 Flash',
    description: 'Hybrid reasoning model with a 1M token context window and thinking budgets.',
    thinking: 'budget-toggle',
  }),
  model({
    id: 'gemini-2.5-flash-lite',
    displayName: 'Gemini 2.5 Flash-Lite',
    description: 'Our smallest and most cost effective model, built for at scale usage.',
    thinking: 'budget-toggle',
    thinkingOnByDefault: false,
  }),
  model({
    id: 'gemini-flash-latest',
    displayName: 'Gemini Flash Latest',
    description: 'Latest release of Gemini Flash.',
    thinking: 'budget-toggle',
  }),
  model({
    id: 'gemini-flash-lite-latest',
    displayName: 'Gemini Flash-Lite Latest',
    description: 'Latest release of Gemini Flash-Lite.',
    thinking: 'budget-toggle',
    thinkingOnByDefault: false,
  }),
  // No thinking controls and no Google Search toggle: drivers treat a missing toggle as "model without search".
  model({
    id: 'gemini-2.0-flash',
    displayName: 'Gemini 2.0 Flash',
    description: 'Our second generation workhorse model.',
    thinking: 'none',
    outputTokenLimit: 8192,
    googleSearch: false,
    urlContext: false,
  }),
  // Image models ("Nano Banana"): no thinking controls, no function calling, code execution or
  // structured output; 2.5 has an aspect ratio but no output resolution setting.
  model({
    id: 'gemini-2.5-flash-image',
    displayName: 'Nano Banana',
    description: 'State-of-the-art image generation and editing model.',
    thinking: 'none',
    outputTokenLimit: 32_768,
    googleSearch: false,
    urlContext: false,
    functionCalling: false,
    codeExecution: false,
    structuredOutput: false,
    image: { aspectRatios: IMAGE_ASPECT_RATIOS, sizes: [] },
  }),
  model({
    id: 'gemini-3-pro-image-preview',
    displayName: 'Nano Banana Pro',
    description: 'Our most capable image generation and editing model, with Google Search grounding.',
    thinking: 'none',
    outputTokenLimit: 32_768,
    urlContext: false,
    functionCalling: false,
    codeExecution: false,
    structuredOutput: false,
    image: { aspectRatios: IMAGE_ASPECT_RATIOS, sizes: ['1K', '2K', '4K'] },
  }),
];

export const DEFAULT_MODEL_ID = 'gemini-2.5-pro';

export function findModel(id: string): SimModel | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Maximum manual thinking budget per family (the older driver caps at 32768 Pro / 24576 Flash). */
export function maxThinkingBudget(m: SimModel): number {
  return m.thinking === 'budget-always' ? 32_768 : 24_576;
}

export function levelOptions(m: SimModel): string[] {
  if (m.thinking === 'level-pro') return ['Low', 'High'];
  if (m.thinking === 'level-flash') return ['Minimal', 'Low', 'Medium', 'High'];
  return [];
}

const XSSI_PREFIX = ")]}'\n";

/**
 * `default`: `)]}'\n` + entries with version "001". `2026` (docs/aistudio-wire.md#listmodels): no prefix, as a 2026
 * trace recorded it, and the version at [2] spelled like "3-flash-preview-12-2025".
 */
export function listModelsBody(models: readonly SimModel[] = MODELS, wire: 'default' | '2026' = 'default'): string {
  const entries = models.map((m) => [
    `models/${m.id}`,
    null,
    wire === '2026' ? `${m.id.replace(/^gemini-/, '')}-12-2025` : '001',
    m.displayName,
    m.description,
    m.inputTokenLimit,
    m.outputTokenLimit,
    ['generateContent', 'countTokens', 'createCachedContent'],
    1,
    m.defaultTopP,
    64,
    2,
    ...listModelsTail(m),
  ]);
  return (wire === '2026' ? '' : XSSI_PREFIX) + JSON.stringify([entries]);
}

/** Slots [12]–[76]: capability codes at [64], image aspect ratio codes at [75], output resolution codes at [76]. */
function listModelsTail(m: SimModel): unknown[] {
  const tail: unknown[] = new Array(65).fill(null);
  tail[64 - 12] = capabilityCodes(m);
  if (m.image) {
    tail[75 - 12] = m.image.aspectRatios.map((r) => ASPECT_RATIO_CODES.indexOf(r) + 1);
    tail[76 - 12] = m.image.sizes.map((r) => IMAGE_SIZE_CODES.indexOf(r) + 1);
  }
  return tail;
}

/** Reads the ListModels body the way the older driver does: `data[0]` is the array when its first item is a list. */
export function parseListModels(body: string): { id: string; displayName: string; outputTokenLimit: number }[] {
  const data: unknown = JSON.parse(body.startsWith(XSSI_PREFIX) ? body.slice(XSSI_PREFIX.length) : body);
  const list = Array.isArray(data) && Array.isArray(data[0]) && Array.isArray(data[0][0]) ? data[0] : data;
  if (!Array.isArray(list)) return [];
  return list.filter(Array.isArray).map((e: unknown[]) => ({
    id: String(e[0]).split('/').pop() ?? '',
    displayName: typeof e[3] === 'string' ? e[3] : String(e[0]),
    outputTokenLimit: typeof e[6] === 'number' ? e[6] : 8192,
  }));
}
