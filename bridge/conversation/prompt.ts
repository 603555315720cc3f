import type { AttachmentSink } from './content.ts';
import { contentToText } from './content.ts';
import type { ChatMessage } from './messages.ts';

/**
 * Conversation → the one prompt typed into a fresh AI Studio chat.
 *
 * AI Studio runs one prompt per job, so earlier turns are folded into it. The format is chosen so
 * Gemini answers the last message instead of continuing a transcript:
 *
 * - A single user message is sent as is: no preamble, no labels (the common case, and the one
 *   where echoed labels would hurt most).
 * - Otherwise earlier turns go inside a `<conversation_history>` block, each turn in a
 *   `<turn role="user|assistant|tool">` tag. Gemini treats XML-like tags as structure and rarely
 *   repeats them, whereas "User:"/"Assistant:" prefixes invite the model to write the next
 *   label itself (which is why other proxies had to add "User:" as a stop sequence).
 * - The final user message comes last, after the block and outside any tag, introduced by one
 *   plain sentence, so the model's attention ends on the question itself.
 * - Tool results answering the assistant's last function calls are the "final message" when the
 *   conversation ends with them.
 *
 * System and developer messages never appear here: they go to AI Studio's System instructions.
 *
 * Example (system + 3 turns):
 *
 *   <conversation_history>
 *   <turn role="user">
 *   What is 2+2?
 *   </turn>
 *   <turn role="assistant">
 *   4
 *   </turn>
 *   </conversation_history>
 *
 *   Above is our conversation so far. Reply to my next message below; write only your reply,
 *   without tags or role labels.
 *
 *   And times 3?
 */
export const HISTORY_PREAMBLE =
  'Above is our conversation so far. Reply to my next message below; write only your reply, without tags or role labels.';
export const TOOL_RESULT_PREAMBLE =
  'Above is our conversation so far. Below are the results of the function calls you just made; use them to continue. Write only your reply, without tags or role labels.';
export const CONTINUE_PREAMBLE =
  'Above is our conversation so far. Continue your last reply exactly where it stopped, without repeating it and without tags or role labels.';

export function isSystemRole(role: ChatMessage['role']): boolean {
  return role === 'system' || role === 'developer';
}

export function buildPrompt(messages: readonly ChatMessage[], files: AttachmentSink): string {
  const indexed = messages.map((m, i) => ({ m, i })).filter(({ m }) => !isSystemRole(m.role));
  if (indexed.length === 0) return '';
  const last = indexed[indexed.length - 1] as { m: ChatMessage; i: number };

  // Trailing tool results form the final message together.
  let tailStart = indexed.length - 1;
  if (isToolResult(last.m))
    while (tailStart > 0 && isToolResult((indexed[tailStart - 1] as { m: ChatMessage }).m)) tailStart--;
  const history = indexed.slice(0, tailStart);
  const tail = indexed.slice(tailStart);

  if (last.m.role === 'assistant') {
    return `${historyBlock(indexed, files)}\n\n${CONTINUE_PREAMBLE}`;
  }
  // History first: files are attached in the order the conversation mentions them.
  const before = history.length > 0 ? `${historyBlock(history, files)}\n\n` : '';
  const finalText = isToolResult(last.m)
    ? tail.map(({ m, i }) => renderTurn(m, i, files)).join('\n')
    : contentToText(last.m.content, files, `messages[${last.i}].content`);
  if (history.length === 0 && !isToolResult(last.m)) return finalText;
  return `${before}${isToolResult(last.m) ? TOOL_RESULT_PREAMBLE : HISTORY_PREAMBLE}\n\n${finalText}`;
}

function isToolResult(m: ChatMessage): boolean {
  return m.role === 'tool' || m.role === 'function';
}

function historyBlock(turns: ReadonlyArray<{ m: ChatMessage; i: number }>, files: AttachmentSink): string {
  return `<conversation_history>\n${turns.map(({ m, i }) => renderTurn(m, i, files)).join('\n')}\n</conversation_history>`;
}

function renderTurn(m: ChatMessage, i: number, files: AttachmentSink): string {
  const text = contentToText(m.content, files, `messages[${i}].content`);
  if (isToolResult(m)) {
    const attrs = [
      m.name ? ` name="${attr(m.name)}"` : '',
      m.tool_call_id ? ` call_id="${attr(m.tool_call_id)}"` : '',
    ].join('');
    return `<function_result${attrs}>\n${text}\n</function_result>`;
  }
  const calls = [
    ...(m.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, args: c.function.arguments })),
    ...(m.function_call ? [{ id: undefined, name: m.function_call.name, args: m.function_call.arguments }] : []),
  ];
  const callText = calls.map(
    (c) =>
      `<function_call name="${attr(c.name)}"${c.id ? ` call_id="${attr(c.id)}"` : ''}>${c.args ?? '{}'}</function_call>`,
  );
  const body = [text, ...callText].filter((s) => s.length > 0).join('\n');
  const role = m.role === 'assistant' ? 'assistant' : 'user';
  return `<turn role="${role}">\n${body}\n</turn>`;
}

const attr = (s: string): string => s.replace(/["<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
