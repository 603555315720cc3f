import type { JobRequest } from '../../protocol/job.ts';
import type { ConversationShape } from '../pool/kept-chats.ts';
import { turnHash, valueHash, type TurnRole } from '../pool/turn-hash.ts';
import { AttachmentSink, contentToText } from './content.ts';
import type { ChatMessage } from './messages.ts';
import { isSystemRole } from './prompt.ts';

/**
 * A conversation by content, for continuing it in the chat a worker tab kept (pool/kept-chats.ts).
 * Each non-system message becomes a hash of its normalised content (turn-hash.ts): user turns as
 * the tab would type them (their files by their bytes), assistant turns as the page produced
 * them (text and function calls), tool results by their text. Ids the client sent are not part
 * of it.
 */
export function conversationShape(messages: readonly ChatMessage[], job: JobRequest): ConversationShape {
  const turns = messages.filter((m) => !isSystemRole(m.role));
  const rendered = turns.map((m, i) => {
    const files = new AttachmentSink();
    const text = contentToText(m.content, files, `messages[${i}].content`);
    const role: TurnRole = m.role === 'assistant' ? 'assistant' : m.role === 'user' ? 'user' : 'tool';
    const calls = [
      ...(m.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: c.function.arguments ?? '{}' })),
      ...(m.function_call ? [{ name: m.function_call.name, arguments: m.function_call.arguments ?? '{}' }] : []),
    ];
    return { role, text, files: files.items, calls };
  });
  return {
    model: job.model,
    system: valueHash(job.systemInstruction),
    tools: valueHash(job.tools ?? []),
    turns: rendered.map((t) =>
      turnHash({ role: t.role, text: t.text, calls: t.calls, files: t.files.map((f) => f.data) }),
    ),
    roles: rendered.map((t) => t.role),
    sizes: rendered.map((t) => t.text.length + t.files.reduce((n, f) => n + f.data.length, 0)),
    tail(from) {
      const fresh = new AttachmentSink();
      const texts = turns.slice(from).map((m, i) => contentToText(m.content, fresh, `messages[${from + i}].content`));
      const prompt = texts.filter((t) => t.trim().length > 0).join('\n\n');
      if (prompt.trim().length === 0 && fresh.items.length === 0) return null;
      // As for a fresh chat: the page needs some text to enable Run when only files were sent.
      return { prompt: prompt.trim().length > 0 ? prompt : 'Describe the attached file.', attachments: fresh.items };
    },
  };
}
