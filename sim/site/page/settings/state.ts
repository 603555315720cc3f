// The run settings as the panel shows them, and how they turn into the request at Run time.

import { levelOptions, type SimModel } from '../../wire/models.ts';
import type {
  FunctionDeclaration,
  GenerateRequest,
  ThinkingLevel,
  ThinkingSettings,
  Tools,
} from '../../wire/request.ts';
import type { JsonValue } from '../../wire/typed-args.ts';

export interface RunSettingsState {
  temperature: number;
  topP: number;
  maxOutputTokens: number;
  stopSequences: string[];
  /** Flash-type "Toggle thinking mode". */
  thinkingOn: boolean;
  /** "Toggle thinking budget between auto and manual". */
  manualBudget: boolean;
  budget: number;
  /** Thinking Level select value as displayed ("High"). */
  level: string;
  googleSearch: boolean;
  urlContext: boolean;
  functionCalling: boolean;
  declarations: FunctionDeclaration[];
  systemInstruction: string;
  codeExecution: boolean;
  structuredOutput: boolean;
  /** The schema saved in the Structured output editor (null: none). */
  schema: { [key: string]: JsonValue } | null;
  /** Image models: the Aspect ratio and Output resolution selects. */
  aspectRatio: string;
  imageSize: string;
}

export function defaultSettings(m: SimModel): RunSettingsState {
  return {
    temperature: 1,
    topP: m.defaultTopP,
    maxOutputTokens: m.outputTokenLimit,
    stopSequences: [],
    thinkingOn: m.thinkingOnByDefault,
    manualBudget: false,
    budget: 8192,
    level: levelOptions(m).at(-1) ?? '',
    googleSearch: false,
    urlContext: false,
    functionCalling: false,
    declarations: [],
    systemInstruction: '',
    codeExecution: false,
    structuredOutput: false,
    schema: null,
    aspectRatio: '1:1',
    imageSize: m.image?.sizes[0] ?? '',
  };
}

export function thinkingFor(m: SimModel, s: RunSettingsState): ThinkingSettings | null {
  switch (m.thinking) {
    case 'level-pro':
    case 'level-flash':
      return { includeThoughts: true, budget: null, level: s.level.toLowerCase() as ThinkingLevel };
    case 'budget-toggle':
      if (!s.thinkingOn) return { includeThoughts: false, budget: 0, level: null };
      return { includeThoughts: true, budget: s.manualBudget ? s.budget : null, level: null };
    case 'budget-always':
      return { includeThoughts: true, budget: s.manualBudget ? s.budget : null, level: null };
    default:
      return null;
  }
}

export function toolsFor(m: SimModel, s: RunSettingsState): Tools {
  return {
    googleSearch: m.googleSearch && s.googleSearch && !s.functionCalling,
    urlContext: m.urlContext && s.urlContext,
    functionDeclarations: m.functionCalling && s.functionCalling && s.declarations.length ? s.declarations : null,
    codeExecution: m.codeExecution && s.codeExecution,
  };
}

/** Structured output and image settings as the request carries them. */
export function outputFor(
  m: SimModel,
  s: RunSettingsState,
): Pick<GenerateRequest, 'responseMimeType' | 'responseSchema' | 'responseModalities' | 'imageConfig'> {
  const structured = m.structuredOutput && s.structuredOutput;
  return {
    responseMimeType: structured ? 'application/json' : null,
    responseSchema: structured ? s.schema : null,
    responseModalities: m.image ? ['IMAGE', 'TEXT'] : null,
    imageConfig: m.image
      ? {
          aspectRatio: m.image.aspectRatios.length ? s.aspectRatio : null,
          imageSize: m.image.sizes.length ? s.imageSize : null,
        }
      : null,
  };
}
