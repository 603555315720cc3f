import { BadRequestError } from '../../errors.ts';
import type { ChatMessage, ContentPart } from '../../conversation/messages.ts';
import type { InputItem, InputPart } from './request.ts';
import type { ResponseStore } from './store.ts';

/** Input items → chat messages: consecutive function calls join one assistant turn; results become tool messages. */
export function inputMessages(
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
