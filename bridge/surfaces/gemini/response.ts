import { randomBytes } from 'node:crypto';
import type { FinishReason } from '../../../protocol/job.ts';
import { parsedArguments, type ToolCallOut } from '../../conversation/tool-calls.ts';
import type { RunResult } from '../../run/result.ts';
import { jsonPieces, type Pieces } from '../../run/json-pieces.ts';
import { extraParts, groundingMetadata } from './extras.ts';

export const newResponseId = (): string => randomBytes(12).toString('base64url');

const FINISH: Record<FinishReason, string> = {
  stop: 'STOP',
  tool_calls: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
};

export function functionCallPart(call: ToolCallOut): Record<string, unknown> {
  return { functionCall: { name: call.function.name, args: parsedArguments(call) } };
}

/** Gemini counts thoughts apart from the answer; the shared usage has them inside completion_tokens. */
function usageMetadata(r: RunResult): Record<string, number> {
  const thoughts = r.usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    promptTokenCount: r.usage.prompt_tokens,
    candidatesTokenCount: r.usage.completion_tokens - thoughts,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    totalTokenCount: r.usage.total_tokens,
  };
}

/**
 * GenerateContentResponse objects. Streamed: one chunk per delta (a text, thought or
 * functionCall part), the last one with finishReason and usageMetadata; not streamed: one with
 * every part. Thought parts only when the request asked for them (thinkingConfig.includeThoughts),
 * as Gemini does.
 */
export class ResponseEncoder {
  constructor(
    private readonly id: string,
    private readonly includeThoughts: boolean,
  ) {}

  chunk(model: string, part: Record<string, unknown>): string | null {
    if (part.thought === true && !this.includeThoughts) return null;
    return JSON.stringify(this.response(model, [part]));
  }

  /** A chunk that may hold an image: the image's bytes are written as held (run/json-pieces.ts). */
  chunkPieces(model: string, part: Record<string, unknown>): Pieces {
    return jsonPieces(this.response(model, [part]));
  }

  last(r: RunResult): string {
    return JSON.stringify({
      ...this.response(r.model, [{ text: '' }], FINISH[r.finishReason], groundingMetadata(r.extras?.grounding)),
      usageMetadata: usageMetadata(r),
    });
  }

  whole(r: RunResult): Record<string, unknown> {
    const parts: unknown[] = [];
    const extra = extraParts(r.extras);
    if (r.reasoning && this.includeThoughts) parts.push({ text: r.reasoning, thought: true });
    parts.push(...extra.before);
    if (r.content || (r.toolCalls.length === 0 && extra.after.length === 0)) parts.push({ text: r.content });
    parts.push(...r.toolCalls.map(functionCallPart), ...extra.after);
    const grounding = groundingMetadata(r.extras?.grounding);
    return { ...this.response(r.model, parts, FINISH[r.finishReason], grounding), usageMetadata: usageMetadata(r) };
  }

  private response(
    model: string,
    parts: unknown[],
    finishReason?: string,
    grounding?: unknown,
  ): Record<string, unknown> {
    const candidate = {
      content: { role: 'model', parts },
      ...(finishReason ? { finishReason } : {}),
      ...(grounding ? { groundingMetadata: grounding } : {}),
      index: 0,
    };
    return { candidates: [candidate], modelVersion: model, responseId: this.id };
  }
}
