import { randomBytes } from 'node:crypto';
import { parsedArguments, type ToolCallOut } from '../../conversation/tool-calls.ts';
import type { RunResult } from '../../run/result.ts';
import { searchBlocks, textCitations } from './web-search.ts';

export const newMessageId = (): string => `msg_${randomBytes(12).toString('base64url')}`;
/** Anthropic's tool ids start with toolu_; the client sends them back in tool_result. */
const toolUseId = (call: ToolCallOut): string => `toolu_${call.id.replace(/^call_/, '')}`;

function stopReason(r: RunResult): string {
  if (r.stopSequence !== null) return 'stop_sequence';
  switch (r.finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

const usageOf = (r: RunResult) => ({ input_tokens: r.usage.prompt_tokens, output_tokens: r.usage.completion_tokens });

/** The non-streamed Message: thinking, then text, then tool_use blocks, in the order the page produced them. */
export function messageBody(id: string, r: RunResult): Record<string, unknown> {
  const content: unknown[] = [];
  if (r.reasoning) content.push({ type: 'thinking', thinking: r.reasoning, signature: '' });
  content.push(...searchBlocks(r.extras));
  const cited = textCitations(r.extras);
  if (r.content || r.toolCalls.length === 0)
    content.push({ type: 'text', text: r.content, ...(cited.length ? { citations: cited } : {}) });
  for (const call of r.toolCalls)
    content.push({
      type: 'tool_use',
      id: toolUseId(call),
      name: call.function.name,
      input: parsedArguments(call),
    });
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: stopReason(r),
    stop_sequence: r.stopSequence,
    usage: usageOf(r),
  };
}

const event = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

export const PING = event('ping', {});

/**
 * The streamed Message: `message_start`, then content blocks with consecutive indices (a block
 * opens when the kind of output changes: thinking → text → tool_use), `message_delta` with the
 * stop reason and usage, `message_stop`. Claude Code needs the `event:` lines.
 */
export class MessageStreamEncoder {
  private index = -1;
  private openKind: 'thinking' | 'text' | 'tool_use' | 'block' | null = null;

  constructor(private readonly id: string) {}

  start(model: string, inputTokens: number): string {
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 0 },
    };
    return event('message_start', { message });
  }

  thinking(text: string): string {
    return (
      this.ensure('thinking', { type: 'thinking', thinking: '', signature: '' }) +
      this.delta({ type: 'thinking_delta', thinking: text })
    );
  }

  text(text: string): string {
    return this.ensure('text', { type: 'text', text: '' }) + this.delta({ type: 'text_delta', text });
  }

  /** A tool call arrives whole from the page: its own block, the input as one input_json_delta. */
  toolUse(call: ToolCallOut): string {
    const block = { type: 'tool_use', id: toolUseId(call), name: call.function.name, input: {} };
    return (
      this.close() +
      this.begin('tool_use', block) +
      this.delta({ type: 'input_json_delta', partial_json: call.function.arguments }) +
      this.close()
    );
  }

  finish(r: RunResult): string {
    // A message always has at least one block, even when the answer was empty.
    const first = this.index < 0 ? this.ensure('text', { type: 'text', text: '' }) : '';
    // Sources come with the page's last frame: citations on the text block, then the search's blocks.
    const cited = this.openKind === 'text' ? textCitations(r.extras) : [];
    const citing = cited.map((citation) => this.delta({ type: 'citations_delta', citation })).join('');
    const search = searchBlocks(r.extras)
      .map((block) => {
        if (block.type !== 'server_tool_use') return this.close() + this.begin('block', block) + this.close();
        const open = this.close() + this.begin('tool_use', { ...block, input: {} });
        return (
          open + this.delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }) + this.close()
        );
      })
      .join('');
    const end = event('message_delta', {
      delta: { stop_reason: stopReason(r), stop_sequence: r.stopSequence },
      usage: usageOf(r),
    });
    return first + citing + this.close() + search + end + event('message_stop', {});
  }

  private ensure(kind: 'thinking' | 'text', block: Record<string, unknown>): string {
    return this.openKind === kind ? '' : this.close() + this.begin(kind, block);
  }

  private begin(kind: 'thinking' | 'text' | 'tool_use' | 'block', block: Record<string, unknown>): string {
    this.index += 1;
    this.openKind = kind;
    return event('content_block_start', { index: this.index, content_block: block });
  }

  private delta(delta: Record<string, unknown>): string {
    return event('content_block_delta', { index: this.index, delta });
  }

  private close(): string {
    if (this.openKind === null) return '';
    this.openKind = null;
    return event('content_block_stop', { index: this.index });
  }
}
