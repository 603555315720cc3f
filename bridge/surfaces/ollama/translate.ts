import type { FunctionDeclaration, RunSettings } from '../../../protocol/job.ts';
import type { ChatMessage, ContentPart } from '../../conversation/messages.ts';
import { stopSequences } from '../../conversation/settings.ts';
import { jsonAsk, type JsonAsk } from '../../conversation/structured-output.ts';
import { BadRequestError } from '../../errors.ts';
import type { JobParts } from '../build-job.ts';
import type { SwitchAsks } from '../../conversation/tool-switches.ts';
import type { ChatRequest, GenerateRequest, OllamaMessage } from './request.ts';

/** Ollama names carry a tag (`gemini-2.5-flash:latest`); AI Studio ids do not. */
export const bareModel = (name: string): string => name.replace(/:[^/:]*$/, '');

/** Ollama images are bare base64: the first bytes tell the type. */
function imageMime(base64: string): string {
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  if (base64.startsWith('UklGR')) return 'image/webp';
  return 'image/png';
}

const imageParts = (images: readonly string[] | null | undefined): ContentPart[] =>
  (images ?? []).map((data) => ({ type: 'image_url', image_url: { url: `data:${imageMime(data)};base64,${data}` } }));

/** Ollama's `format`: "json" (JSON mode) or a JSON Schema, held by the page's Structured output. */
function formatAsk(format: ChatRequest['format']): JsonAsk | undefined {
  if (format === undefined || format === '') return undefined;
  if (typeof format !== 'string') return jsonAsk(format, 'format');
  if (format !== 'json') throw new BadRequestError(`format: use "json" or a JSON Schema, not "${format}"`, 'format');
  return jsonAsk(null, 'format');
}

function settingsOf(req: ChatRequest | GenerateRequest): { settings: RunSettings; json?: JsonAsk } {
  const settings: RunSettings = {};
  const o = req.options ?? {};
  if (o.temperature !== undefined) settings.temperature = o.temperature;
  if (o.top_p !== undefined) settings.topP = o.top_p;
  if (o.num_predict !== undefined && o.num_predict > 0) settings.maxOutputTokens = o.num_predict;
  if (req.think === true) settings.thinking = { mode: 'auto' };
  else if (req.think === false) settings.thinking = { mode: 'off' };
  else if (typeof req.think === 'string') settings.thinking = { mode: 'level', level: req.think };
  const json = formatAsk(req.format);
  return json ? { settings, json } : { settings };
}

const stopsOf = (req: ChatRequest | GenerateRequest): string[] => {
  const stop = req.options?.stop;
  return stopSequences(stop, 'options.stop');
};

export function chatToJobParts(req: ChatRequest): JobParts {
  const system: string[] = [];
  const messages: ChatMessage[] = [];
  for (const m of req.messages ?? []) {
    if (m.role === 'system') system.push(m.content ?? '');
    else messages.push(toChatMessage(m));
  }
  const { settings, json } = settingsOf(req);
  const { tools, switches } = ollamaTools(req.tools ?? []);
  return {
    requestedModel: bareModel(req.model),
    messages,
    system,
    settings,
    stop: stopsOf(req),
    tools,
    toolChoice: { mode: 'auto' },
    conversationField: 'messages',
    switches,
    ...(json ? { json } : {}),
  };
}

export function generateToJobParts(req: GenerateRequest): JobParts {
  const system = req.system ? [req.system] : [];
  const { settings, json } = settingsOf(req);
  const content: ContentPart[] = [{ type: 'text', text: req.prompt ?? '' }, ...imageParts(req.images)];
  return {
    requestedModel: bareModel(req.model),
    messages: [{ role: 'user', content }],
    system,
    settings,
    stop: stopsOf(req),
    tools: [],
    toolChoice: { mode: 'auto' },
    conversationField: 'prompt',
    ...(json ? { json } : {}),
  };
}

function toChatMessage(m: OllamaMessage): ChatMessage {
  if (m.role === 'tool') return { role: 'tool', name: m.tool_name ?? null, content: m.content ?? '' };
  if (m.role === 'assistant') {
    const tool_calls = (m.tool_calls ?? []).map((c) => ({
      type: 'function',
      function: {
        name: c.function.name,
        arguments:
          typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments ?? {}),
      },
    }));
    return { role: 'assistant', content: m.content ?? '', ...(tool_calls.length > 0 ? { tool_calls } : {}) };
  }
  const images = imageParts(m.images);
  return {
    role: 'user',
    content: images.length > 0 ? [{ type: 'text', text: m.content ?? '' }, ...images] : (m.content ?? ''),
  };
}

/**
 * Ollama's web tools (ollama-python's `web_search` / `web_fetch`, which the client would run
 * itself) are what the page does on its own: a tool of that type or function name turns on
 * Grounding with Google Search / URL context instead of being declared; the rest are functions.
 */
function ollamaTools(list: NonNullable<ChatRequest['tools']>): { tools: FunctionDeclaration[]; switches: SwitchAsks } {
  const tools: FunctionDeclaration[] = [];
  const switches: SwitchAsks = {};
  for (const [i, t] of list.entries()) {
    const name = t.function?.name ?? t.type;
    if (name === 'web_search') switches.googleSearch = `tools[${i}]`;
    else if (name === 'web_fetch') switches.urlContext = `tools[${i}]`;
    else if (t.function)
      tools.push({
        name: t.function.name,
        ...(t.function.description ? { description: t.function.description } : {}),
        ...(t.function.parameters ? { parameters: t.function.parameters } : {}),
      });
    else throw new BadRequestError(`tools[${i}].function: Field required`, `tools[${i}].function`, 'invalid_value');
  }
  return { tools, switches };
}
