import { BadRequestError } from '../../errors.ts';
import type { ChatMessage, ContentPart } from '../../conversation/messages.ts';
import type { AnthropicMessage, Block, InnerBlock } from './request.ts';

/**
 * Anthropic turns → OpenAI-shaped messages for the shared history folding: tool_use blocks
 * become tool calls, tool_result blocks tool turns (named after their call), images and
 * documents data-URL parts, so they are uploaded as attachments.
 */
export function toChatMessages(messages: readonly AnthropicMessage[]): ChatMessage[] {
  const toolNames = new Map<string, string>();
  const out: ChatMessage[] = [];
  messages.forEach((m, i) => {
    if (typeof m.content === 'string') {
      out.push({ role: m.role, content: m.content });
      return;
    }
    if (m.role === 'assistant') {
      const text = m.content
        .filter((b) => b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string);
      const calls = m.content.filter((b) => b.type === 'tool_use');
      calls.forEach((b, j) => {
        if (!b.id || !b.name)
          throw new BadRequestError(
            `messages[${i}].content[${j}]: a tool_use block needs id and name`,
            `messages[${i}].content`,
            'invalid_value',
          );
        toolNames.set(b.id, b.name);
      });
      const tool_calls = calls.map((b) => ({
        id: b.id as string,
        type: 'function',
        function: { name: b.name as string, arguments: JSON.stringify(b.input ?? {}) },
      }));
      out.push({ role: 'assistant', content: text.join('\n'), ...(tool_calls.length > 0 ? { tool_calls } : {}) });
      return;
    }
    // A user turn: tool results become tool turns (they answer the previous calls), the rest one user turn.
    const parts: ContentPart[] = [];
    m.content.forEach((b, j) => {
      const at = `messages[${i}].content[${j}]`;
      if (b.type === 'tool_result') {
        if (!b.tool_use_id)
          throw new BadRequestError(`${at}.tool_use_id: Field required`, `${at}.tool_use_id`, 'invalid_value');
        const content =
          typeof b.content === 'string'
            ? b.content
            : (b.content ?? [])
                .map((c, k) => toPart(c, `${at}.content[${k}]`))
                .filter((p): p is ContentPart => p !== null);
        const flagged = b.is_error
          ? typeof content === 'string'
            ? `Error: ${content}`
            : [{ type: 'text', text: 'Error:' }, ...content]
          : content;
        out.push({
          role: 'tool',
          tool_call_id: b.tool_use_id,
          name: toolNames.get(b.tool_use_id) ?? null,
          content: flagged,
        });
      } else {
        const part = toPart(b, at);
        if (part) parts.push(part);
      }
    });
    if (parts.length > 0) out.push({ role: 'user', content: parts });
  });
  return out;
}

/** text / image / document blocks → OpenAI content parts (base64 data becomes a data: URL, so it is attached). */
function toPart(b: Block | InnerBlock, at: string): ContentPart | null {
  switch (b.type) {
    case 'text':
      if (typeof b.text !== 'string')
        throw new BadRequestError(`${at}.text: Field required`, `${at}.text`, 'invalid_value');
      return { type: 'text', text: b.text };
    case 'image':
    case 'document': {
      const s = b.source;
      if (!s) throw new BadRequestError(`${at}.source: Field required`, `${at}.source`, 'invalid_value');
      if (s.type === 'text' && typeof s.data === 'string') return { type: 'text', text: s.data };
      if (s.type === 'url' && s.url)
        return b.type === 'image'
          ? { type: 'image_url', image_url: { url: s.url } }
          : { type: 'text', text: `[document at ${s.url}]` };
      if (s.type !== 'base64' || !s.data)
        throw new BadRequestError(
          `${at}.source: expected {type: "base64", media_type, data}`,
          `${at}.source`,
          'invalid_value',
        );
      const url = `data:${s.media_type ?? (b.type === 'image' ? 'image/png' : 'application/pdf')};base64,${s.data}`;
      return b.type === 'image'
        ? { type: 'image_url', image_url: { url } }
        : { type: 'file', file: { file_data: url } };
    }
    default:
      // thinking blocks sent back, server-tool results, …: nothing the page can use
      return typeof b.text === 'string' ? { type: 'text', text: b.text } : null;
  }
}
