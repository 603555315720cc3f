import type { FunctionDeclaration, JobRequest, RunSettings } from '../../protocol/job.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ModelRegistry } from '../models/registry.ts';
import { AttachmentSink, contentToText } from './content.ts';
import { buildPrompt, isSystemRole } from './prompt.ts';
import { conversationShape } from './affinity.ts';
import type { ConversationShape } from '../pool/kept-chats.ts';
import type { ChatCompletionRequest, ChatMessage } from './messages.ts';
import { functionTools, runSettings, stopSequences } from './settings.ts';
import { parseToolChoice, toolChoiceHint, type ToolChoice } from './tool-choice.ts';
import { checkSwitches } from './tool-switches.ts';
import { jsonAsk, type JsonAsk } from './structured-output.ts';

/**
 * Every surface's request, translated: what one worker tab is asked to do, and what the bridge
 * checks on the answer. Chat completions, completions and Responses get it from
 * translateChatRequest; Anthropic, Gemini and Ollama from surfaces/build-job.ts; images build it
 * directly. A run plan (run/types.ts) is made from it.
 */
export interface Translated {
  job: JobRequest;
  /** the model id to report; null = whatever the tab runs (known at dispatch) */
  model: string | null;
  /** as the client named it ('default' when it named none), for logs and as the last resort in responses */
  requestedModel: string;
  /** the client asked for a stream (surfaces whose wire decides it themselves leave it false) */
  stream: boolean;
  includeUsage: boolean;
  /** enforced on the output by the bridge as well, in case the page misses one */
  stop: string[];
  /** for the usage estimate when the page reports none */
  promptText: string;
  /** what the answer must call (checked on the output) */
  toolChoice: ToolChoice;
  /** the conversation by content, to continue a tab's kept chat; absent: always a fresh chat */
  conversation?: ConversationShape;
  /** JSON asked for: the answer is checked against the client's schema (conversation/structured-output.ts) */
  json?: JsonAsk;
}

/** A validated chat-completions request → what one worker tab is asked to do. */
export function translateChatRequest(
  req: ChatCompletionRequest,
  models: ModelRegistry,
  strictModels: boolean,
): Translated {
  const model = resolveModel(req.model ?? '', models, strictModels);
  const files = new AttachmentSink();
  const systemParts = req.messages
    .map((m, i) => (isSystemRole(m.role) ? contentToText(m.content, files, `messages[${i}].content`).trim() : ''))
    .filter((s) => s.length > 0);
  const json = responseFormatAsk(req);
  if (json) systemParts.push(json.hint);
  const tools = functionTools(req);
  const toolChoice = parseToolChoice(
    req.tool_choice,
    tools.declarations.map((d) => d.name),
  );
  const hint = toolChoiceHint(toolChoice);
  if (hint) systemParts.push(hint);
  // A named function is the only one the page is given, so the model cannot pick another.
  const declarations =
    toolChoice.mode === 'function' ? tools.declarations.filter((d) => d.name === toolChoice.name) : tools.declarations;
  checkSwitches(models, model, tools.switches);

  const stop = stopSequences(req.stop);
  const { job, promptText, conversation } = assembleJob({
    model,
    system: systemParts,
    messages: req.messages,
    files,
    settings: { ...runSettings(req, stop, tools.switches), ...(json ? { structuredOutput: json.setting } : {}) },
    tools: declarations,
    empty: () => new BadRequestError('the conversation has no user message with content', 'messages', 'invalid_value'),
  });
  return {
    job,
    model,
    requestedModel: req.model || 'default',
    stream: req.stream === true,
    includeUsage: req.stream === true && req.stream_options?.include_usage === true,
    stop,
    promptText,
    toolChoice,
    conversation,
    ...(json ? { json } : {}),
  };
}

export interface JobInput {
  model: string | null;
  /** system texts in order; blank ones are dropped */
  system: readonly string[];
  messages: readonly ChatMessage[];
  /** the sink system contents already named their attachments in, if any */
  files: AttachmentSink;
  /** including the stop sequences, always sent (the page keeps chips between chats) */
  settings: RunSettings;
  tools: readonly FunctionDeclaration[];
  /** the surface's error for a conversation with nothing to answer */
  empty: () => Error;
}

/** Every surface's conversation (as OpenAI-shaped messages) → the job: one history folding, one attachment naming. */
export function assembleJob(input: JobInput): {
  job: JobRequest;
  promptText: string;
  conversation: ConversationShape;
} {
  const prompt = buildPrompt(input.messages, input.files);
  if (prompt.trim().length === 0 && input.files.items.length === 0) throw input.empty();
  const system = input.system.map((s) => s.trim()).filter((s) => s.length > 0);
  const systemInstruction = system.length > 0 ? system.join('\n\n') : null;
  const job: JobRequest = {
    model: input.model,
    systemInstruction,
    // The page needs some text to enable Run when only files were sent.
    prompt: prompt.trim().length > 0 ? prompt : 'Describe the attached file.',
    settings: input.settings,
    ...(input.tools.length > 0 ? { tools: [...input.tools] } : {}),
    ...(input.files.items.length > 0 ? { attachments: input.files.items } : {}),
  };
  return {
    job,
    promptText: `${systemInstruction ?? ''}\n${job.prompt}`,
    conversation: conversationShape(input.messages, job),
  };
}

export function resolveModel(requested: string, models: ModelRegistry, strict: boolean): string | null {
  const resolution = models.resolve(requested);
  if (resolution.kind === 'current') return null;
  if (resolution.kind === 'model' && (!strict || resolution.via !== 'family')) return resolution.id;
  if (strict)
    throw new NotFoundError(
      `The model '${requested}' does not exist or you do not have access to it.`,
      'model_not_found',
      'model',
    );
  return null;
}

/** `response_format`: `json_schema` → the page's Structured output with the schema, `json_object` → JSON mode. */
function responseFormatAsk(req: ChatCompletionRequest): JsonAsk | null {
  const format = req.response_format;
  if (!format || format.type === 'text') return null;
  if (format.type === 'json_object') return jsonAsk(null, 'response_format');
  if (format.type === 'json_schema')
    return jsonAsk(format.json_schema?.schema ?? null, 'response_format.json_schema.schema');
  throw new BadRequestError(
    `Invalid value for 'response_format.type': '${format.type}' (use text, json_object or json_schema).`,
    'response_format.type',
    'invalid_value',
  );
}
