import { randomBytes } from 'node:crypto';
import type { FinishReason } from '../../protocol/job.ts';
import type { Usage } from './usage.ts';

export interface ToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export const newCompletionId = (): string => `chatcmpl-${randomBytes(12).toString('base64url')}`;
export const newToolCallId = (): string => `call_${randomBytes(12).toString('base64url')}`;

export interface CompletionParts {
  id: string;
  created: number;
  model: string;
  content: string;
  reasoning: string;
  toolCalls: ToolCallOut[];
  finishReason: FinishReason;
  usage: Usage;
}

/** `chat.completion`, with every key the official schema requires (logprobs, refusal: null). */
export function completionBody(p: CompletionParts): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: p.content.length > 0 || p.toolCalls.length === 0 ? p.content : null,
    refusal: null,
  };
  if (p.reasoning) message.reasoning_content = p.reasoning;
  if (p.toolCalls.length > 0) message.tool_calls = p.toolCalls;
  return {
    id: p.id,
    object: 'chat.completion',
    created: p.created,
    model: p.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: p.finishReason }],
    usage: p.usage,
  };
}

/**
 * Serialises `chat.completion.chunk` objects. Content deltas are the hot path, so the constant
 * part of the JSON is built once per stream and only the text is stringified per chunk.
 */
export class ChunkEncoder {
  private readonly head: string;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly model: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
  }

  role(): string {
    return `${this.head}{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`;
  }

  content(text: string): string {
    return `${this.head}{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}`;
  }

  reasoning(text: string): string {
    return `${this.head}{"reasoning_content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}`;
  }

  /** One tool call in one fragment: the first fragment of an index carries id, type and name. */
  toolCall(index: number, call: ToolCallOut): string {
    const delta = { tool_calls: [{ index, id: call.id, type: 'function', function: call.function }] };
    return `${this.head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":null}]}`;
  }

  finish(reason: FinishReason): string {
    return `${this.head}{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}}]}`;
  }

  /** The include_usage chunk: empty choices, totals in usage. */
  usage(usage: Usage): string {
    return JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage });
  }
}
