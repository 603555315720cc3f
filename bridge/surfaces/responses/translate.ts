import { ApiError, BadRequestError } from '../../errors.ts';
import type { ModelRegistry } from '../../models/registry.ts';
import { parseChatRequest, type ChatCompletionRequest, type ChatMessage } from '../../conversation/messages.ts';
import { translateChatRequest, type Translated } from '../../conversation/translate.ts';
import { inputMessages } from './input.ts';
import type { CreateResponseRequest } from './request.ts';
import type { ResponseStore } from './store.ts';

export interface TranslatedResponseRequest {
  t: Translated;
  /** the conversation without instructions, for the store (this response's output is added later) */
  conversation: ChatMessage[];
}

/**
 * A Responses request → the chat-completions request it means, then the shared translation
 * (one history folding, one set of settings). Errors name the Responses fields.
 */
export function translateResponseRequest(
  req: CreateResponseRequest,
  store: ResponseStore,
  models: ModelRegistry,
  strictModels: boolean,
): TranslatedResponseRequest {
  const previous = req.previous_response_id ? store.get(req.previous_response_id) : null;
  if (req.previous_response_id && !previous) {
    throw new BadRequestError(
      `Previous response with id '${req.previous_response_id}' not found: the bridge keeps the last 200 stored responses for one hour (and none with store: false)`,
      'previous_response_id',
      'previous_response_not_found',
    );
  }
  const input = typeof req.input === 'string' ? [{ role: 'user' as const, content: req.input }] : (req.input ?? []);
  const conversation = [
    ...(previous?.conversation ?? []),
    ...inputMessages(input, store, previous?.conversation ?? []),
  ];
  if (conversation.length === 0)
    throw new BadRequestError(`Missing required parameter: 'input'`, 'input', 'missing_required_parameter');
  // `image_generation` is what an image model does anyway: the model choice asks for it.
  const asked = (req.tools ?? []).filter((tool) => tool.type !== 'image_generation');
  const tools = asked.map((tool, i) => {
    if (tool.type !== 'function') return { type: tool.type };
    if (!tool.name)
      throw new BadRequestError(
        `Missing required parameter: 'tools[${i}].name'`,
        `tools[${i}].name`,
        'missing_required_parameter',
      );
    return {
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.parameters ? { parameters: tool.parameters } : {}),
      },
    };
  });
  const format = req.text?.format;
  const chat: Record<string, unknown> = {
    model: req.model,
    messages: [...(req.instructions ? [{ role: 'system', content: req.instructions }] : []), ...conversation],
    stream: req.stream,
    temperature: req.temperature,
    top_p: req.top_p,
    max_output_tokens: req.max_output_tokens,
    tools,
    tool_choice: flatToolChoice(req.tool_choice),
    ...(req.reasoning?.effort ? { reasoning_effort: req.reasoning.effort } : {}),
    ...(format && format.type !== 'text'
      ? { response_format: { type: format.type, json_schema: { schema: format.schema } } }
      : {}),
  };
  try {
    return {
      t: translateChatRequest(parseChatRequest(chat) satisfies ChatCompletionRequest, models, strictModels),
      conversation,
    };
  } catch (err) {
    throw err instanceof ApiError && err.status === 400
      ? new BadRequestError(
          err.message
            .replaceAll('reasoning_effort', 'reasoning.effort')
            .replaceAll('response_format.json_schema.schema', 'text.format.schema')
            .replaceAll('response_format', 'text.format'),
          responsesParam(err.param),
          err.code,
        )
      : err;
  }
}

/** The chat translation's field names → the Responses request's. */
function responsesParam(param: string | null): string | null {
  if (param === null) return null;
  if (param.startsWith('messages')) return 'input';
  if (param === 'reasoning_effort') return 'reasoning.effort';
  if (param === 'response_format.json_schema.schema') return 'text.format.schema';
  if (param.startsWith('response_format')) return param.replace('response_format', 'text.format');
  return param;
}

/** `{type:"function", name}` (Responses) → `{type:"function", function:{name}}` (chat); strings pass. */
function flatToolChoice(choice: unknown): unknown {
  if (typeof choice !== 'object' || choice === null) return choice;
  const c = choice as { type?: unknown; name?: unknown };
  return c.type === 'function' && typeof c.name === 'string'
    ? { type: 'function', function: { name: c.name } }
    : choice;
}
