import type { JobRequest } from '../../protocol/job.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ModelRegistry } from '../models/registry.ts';
import { AttachmentSink, contentToText } from './content.ts';
import { buildPrompt, isSystemRole } from './prompt.ts';
import type { ChatCompletionRequest } from './request.ts';
import { functionTools, runSettings, stopSequences } from './settings.ts';
import { parseToolChoice, toolChoiceHint, type ToolChoice } from './tool-choice.ts';

export interface TranslatedRequest {
  job: JobRequest;
  /** the model id to report; null = whatever the tab runs (known at dispatch) */
  model: string | null;
  stream: boolean;
  includeUsage: boolean;
  /** enforced on the output by the bridge as well, in case the page misses one */
  stop: string[];
  /** for the usage estimate when the page reports none */
  promptText: string;
  /** what the answer must call (checked on the output) */
  toolChoice: ToolChoice;
}

/** A validated chat-completions request → what one worker tab is asked to do. */
export function translateChatRequest(req: ChatCompletionRequest, models: ModelRegistry, strictModels: boolean): TranslatedRequest {
  const model = resolveModel(req.model ?? '', models, strictModels);
  const files = new AttachmentSink();
  const systemParts = req.messages
    .map((m, i) => (isSystemRole(m.role) ? contentToText(m.content, files, `messages[${i}].content`).trim() : ''))
    .filter((s) => s.length > 0);
  const format = responseFormatHint(req);
  if (format) systemParts.push(format);
  const tools = functionTools(req);
  const toolChoice = parseToolChoice(req.tool_choice, tools.declarations.map((d) => d.name));
  const hint = toolChoiceHint(toolChoice);
  if (hint) systemParts.push(hint);
  // A named function is the only one the page is given, so the model cannot pick another.
  const declarations = toolChoice.mode === 'function' ? tools.declarations.filter((d) => d.name === toolChoice.name) : tools.declarations;
  const googleSearch = tools.googleSearch;

  const prompt = buildPrompt(req.messages, files);
  if (prompt.trim().length === 0 && files.items.length === 0) {
    throw new BadRequestError('the conversation has no user message with content', 'messages', 'invalid_value');
  }
  const stop = stopSequences(req.stop);
  const systemInstruction = systemParts.length > 0 ? systemParts.join('\n\n') : null;
  const job: JobRequest = {
    model,
    systemInstruction,
    // The page needs some text to enable Run when only files were sent.
    prompt: prompt.trim().length > 0 ? prompt : 'Describe the attached file.',
    settings: runSettings(req, stop, googleSearch),
    ...(declarations.length > 0 ? { tools: declarations } : {}),
    ...(files.items.length > 0 ? { attachments: files.items } : {}),
  };
  return {
    job,
    model,
    stream: req.stream === true,
    includeUsage: req.stream === true && req.stream_options?.include_usage === true,
    stop,
    promptText: `${systemInstruction ?? ''}\n${job.prompt}`,
    toolChoice,
  };
}

export function resolveModel(requested: string, models: ModelRegistry, strict: boolean): string | null {
  const resolution = models.resolve(requested);
  if (resolution.kind === 'current') return null;
  if (resolution.kind === 'model' && (!strict || resolution.via !== 'family')) return resolution.id;
  if (strict) throw new NotFoundError(`The model '${requested}' does not exist or you do not have access to it.`, 'model_not_found', 'model');
  return null;
}

/** JSON mode has no page control; asking in the system instructions is the closest equivalent. */
function responseFormatHint(req: ChatCompletionRequest): string | null {
  const format = req.response_format;
  if (!format || format.type === 'text') return null;
  const schema = format.json_schema?.schema;
  const base = 'Respond with a single valid JSON value only: no Markdown code fences, no text before or after it.';
  return schema ? `${base} It must conform to this JSON Schema:\n${JSON.stringify(schema)}` : base;
}
