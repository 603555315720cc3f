import { ApiError, BadRequestError } from '../errors.ts';
import type { ModelRegistry } from '../models/registry.ts';
import { parseChatRequest, type ChatCompletionRequest, type ChatMessage, type ContentPart } from '../openai/request.ts';
import { translateChatRequest, type TranslatedRequest } from '../openai/translate.ts';
import type { CreateResponseRequest, InputItem, InputPart } from './request.ts';
import type { ResponseStore } from './store.ts';

export interface TranslatedResponseRequest {
  t: TranslatedRequest;
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
  const tools = (req.tools ?? []).map((tool, i) => {
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
          err.message.replaceAll('reasoning_effort', 'reasoning.effort'),
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
  if (param === 'response_format') return 'text.format';
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

/** Input items → chat messages: consecutive function calls join one assistant turn; results become tool messages. */
function inputMessages(
  items: readonly InputItem[],
  store: ResponseStore,
  earlier: readonly ChatMessage[],
): ChatMessage[] {
  const out: ChatMessage[] = [];
  const callNames = new Map<string, string>();
  for (const m of earlier) for (const c of m.tool_calls ?? []) if (c.id) callNames.set(c.id, c.function.name);
  items.forEach((raw, i) => {
    const item = raw.type === 'item_reference' ? referenced(raw, i, store) : raw;
    const at = `input[${i}]`;
    const type = item.type ?? (item.role ? 'message' : undefined);
    switch (type) {
      case 'message':
        if (!item.role)
          throw new BadRequestError(
            `Missing required parameter: '${at}.role'`,
            `${at}.role`,
            'missing_required_parameter',
          );
        if (item.content === undefined)
          throw new BadRequestError(
            `Missing required parameter: '${at}.content'`,
            `${at}.content`,
            'missing_required_parameter',
          );
        out.push({
          role: item.role,
          content: typeof item.content === 'string' ? item.content : item.content.map(chatPart),
        });
        return;
      case 'function_call': {
        if (!item.call_id || !item.name)
          throw new BadRequestError(
            `a function_call item needs 'call_id' and 'name'`,
            `${at}.${item.call_id ? 'name' : 'call_id'}`,
            'missing_required_parameter',
          );
        callNames.set(item.call_id, item.name);
        const call = {
          id: item.call_id,
          type: 'function',
          function: { name: item.name, arguments: item.arguments ?? '{}' },
        };
        const last = out[out.length - 1];
        if (last?.role === 'assistant') last.tool_calls = [...(last.tool_calls ?? []), call];
        else out.push({ role: 'assistant', content: null, tool_calls: [call] });
        return;
      }
      case 'function_call_output':
        if (!item.call_id || item.output === undefined)
          throw new BadRequestError(
            `a function_call_output item needs 'call_id' and 'output'`,
            `${at}.${item.call_id ? 'output' : 'call_id'}`,
            'missing_required_parameter',
          );
        out.push({
          role: 'tool',
          tool_call_id: item.call_id,
          name: callNames.get(item.call_id) ?? null,
          content: typeof item.output === 'string' ? item.output : item.output.map(chatPart),
        });
        return;
      default:
        // reasoning items (thoughts are not replayed: AI Studio cannot take them) and tool types the bridge has no use for.
        return;
    }
  });
  return out;
}

function referenced(item: InputItem, i: number, store: ResponseStore): InputItem {
  const found = item.id ? store.item(item.id) : null;
  if (!found)
    throw new BadRequestError(
      `Item with id '${item.id ?? ''}' not found: the bridge keeps stored responses for one hour`,
      `input[${i}].id`,
      'invalid_value',
    );
  return found as InputItem;
}

/** Responses content parts → chat content parts (contentToText renders both the same way). */
function chatPart(part: InputPart): ContentPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', ...(part.text !== undefined ? { text: part.text } : {}) };
    case 'input_image':
      return part.image_url
        ? { type: 'image_url', image_url: { url: part.image_url } }
        : { type: 'file', file: { ...(part.file_id ? { file_id: part.file_id } : {}) } };
    case 'input_file':
      return {
        type: 'file',
        file: {
          ...(part.file_data ? { file_data: part.file_data } : {}),
          ...(part.file_id ? { file_id: part.file_id } : {}),
          ...(part.filename ? { filename: part.filename } : {}),
        },
      };
    default:
      return {
        type: part.type,
        ...(part.text !== undefined ? { text: part.text } : {}),
        ...(part.refusal !== undefined ? { refusal: part.refusal } : {}),
      };
  }
}
