import type { FunctionDeclaration, RunSettings, ThinkingSetting } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import { checkStopSequences } from '../pool/admission.ts';
import type { ChatCompletionRequest } from './messages.ts';
import { switchSettings, type SwitchAsks, type SwitchName } from './tool-switches.ts';

/** Every surface's stop sequences (`param` names its field): limits in pool/admission.ts (count and length, 400 beyond), deduplicated, empty ones dropped. */
export function stopSequences(stop: string | readonly string[] | null | undefined, param = 'stop'): string[] {
  return checkStopSequences(stop, param);
}

/**
 * OpenAI's effort levels → AI Studio's thinking control. `reasoning_effort` (OpenAI) and
 * `reasoning: {effort | max_tokens | enabled}` (OpenRouter style, Open WebUI) are both accepted.
 */
function thinkingSetting(req: ChatCompletionRequest): ThinkingSetting | undefined {
  const r = req.reasoning;
  if (r?.enabled === false) return { mode: 'off' };
  if (r?.max_tokens && r.max_tokens > 0) return { mode: 'budget', budget: r.max_tokens };
  const effort = (req.reasoning_effort ?? r?.effort ?? '').toLowerCase();
  switch (effort) {
    case '':
      return r?.enabled === true ? { mode: 'auto' } : undefined;
    case 'none':
    case 'off':
      return { mode: 'off' };
    case 'minimal':
    case 'low':
    case 'medium':
    case 'high':
      return { mode: 'level', level: effort };
    case 'xhigh':
    case 'max':
      return { mode: 'level', level: 'high' };
    case 'auto':
      return { mode: 'auto' };
    default:
      throw new BadRequestError(
        `unsupported reasoning effort "${effort}" (use none, minimal, low, medium or high)`,
        req.reasoning_effort ? 'reasoning_effort' : 'reasoning.effort',
        'invalid_value',
      );
  }
}

const positive = (n: number | null | undefined): number | undefined => (typeof n === 'number' && n > 0 ? n : undefined);

export function runSettings(req: ChatCompletionRequest, stops: string[], switches: SwitchAsks): RunSettings {
  const settings: RunSettings = {
    // Always sent (possibly empty): the page keeps chips between chats and a request without
    // `stop` must not inherit the previous request's.
    stopSequences: stops,
  };
  if (typeof req.temperature === 'number') settings.temperature = req.temperature;
  if (typeof req.top_p === 'number') settings.topP = req.top_p;
  const max = positive(req.max_output_tokens) ?? positive(req.max_completion_tokens) ?? positive(req.max_tokens);
  if (max !== undefined) settings.maxOutputTokens = max;
  const thinking = thinkingSetting(req);
  if (thinking) settings.thinking = thinking;
  return { ...settings, ...switchSettings(switches) };
}

/** Tool types that turn on a page switch instead of declaring a function (`google_search` as Gemini's OpenAI endpoint takes it). */
const SWITCH_TOOLS: Record<string, SwitchName> = {
  web_search: 'googleSearch',
  web_search_preview: 'googleSearch',
  web_search_preview_2025_03_11: 'googleSearch',
  google_search: 'googleSearch',
  google_search_retrieval: 'googleSearch',
  url_context: 'urlContext',
  code_interpreter: 'codeExecution',
  code_execution: 'codeExecution',
};

/**
 * OpenAI function tools → AI Studio function declarations; built-in tools (web search, code
 * interpreter) and `web_search_options` → the page's switches, by the field that asked.
 */
export function functionTools(req: ChatCompletionRequest): {
  declarations: FunctionDeclaration[];
  switches: SwitchAsks;
} {
  const switches: SwitchAsks = {};
  if (req.web_search_options) switches.googleSearch = 'web_search_options';
  if (req.tool_choice === 'none') return { declarations: [], switches };
  const declarations: FunctionDeclaration[] = [];
  for (const [i, tool] of (req.tools ?? []).entries()) {
    const builtin =
      SWITCH_TOOLS[tool.type ?? ''] ??
      Object.keys(tool)
        .map((k) => SWITCH_TOOLS[k])
        .find((n) => n !== undefined);
    if (tool.function && (tool.type === undefined || tool.type === 'function')) {
      const { name, description, parameters } = tool.function;
      declarations.push({ name, ...(description ? { description } : {}), ...(parameters ? { parameters } : {}) });
    } else if (builtin) switches[builtin] ??= `tools[${i}]`;
  }
  for (const fn of req.functions ?? []) {
    declarations.push({
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      ...(fn.parameters ? { parameters: fn.parameters } : {}),
    });
  }
  return { declarations, switches };
}
