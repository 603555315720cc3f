import type { FunctionDeclaration, RunSettings, ThinkingSetting } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import { checkStopSequences } from '../pool/admission.ts';
import type { ChatCompletionRequest } from './messages.ts';

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

export function runSettings(req: ChatCompletionRequest, stops: string[], googleSearch: boolean): RunSettings {
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
  if (googleSearch) settings.googleSearch = true;
  return settings;
}

/** OpenAI function tools → AI Studio function declarations; built-in search tools → the Grounding toggle. */
export function functionTools(req: ChatCompletionRequest): {
  declarations: FunctionDeclaration[];
  googleSearch: boolean;
} {
  if (req.tool_choice === 'none') return { declarations: [], googleSearch: false };
  const declarations: FunctionDeclaration[] = [];
  let googleSearch = false;
  for (const tool of req.tools ?? []) {
    if (tool.function && (tool.type === undefined || tool.type === 'function')) {
      const { name, description, parameters } = tool.function;
      declarations.push({ name, ...(description ? { description } : {}), ...(parameters ? { parameters } : {}) });
    } else if (
      tool.type === 'google_search' ||
      tool.type === 'web_search' ||
      tool.type === 'web_search_preview' ||
      'google_search' in tool ||
      'google_search_retrieval' in tool
    ) {
      googleSearch = true;
    }
  }
  for (const fn of req.functions ?? []) {
    declarations.push({
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      ...(fn.parameters ? { parameters: fn.parameters } : {}),
    });
  }
  return { declarations, googleSearch };
}
