import type { ServerResponse } from 'node:http';
import type { ApiError } from '../../errors.ts';
import { sendJson } from '../../run/respond.ts';
import { parsedArguments, type ToolCallOut } from '../../conversation/tool-calls.ts';
import type { RunResult } from '../../run/result.ts';
import type { Base64Data } from '../../run/base64-data.ts';
import { jsonPieces, type Pieces } from '../../run/json-pieces.ts';

/** Ollama's errors are a bare string: `{"error":"…"}` (naming the field), with the HTTP status. */
export function ollamaErrorBody(err: ApiError): { error: string } {
  return { error: err.param && !err.message.includes(err.param) ? `${err.param}: ${err.message}` : err.message };
}

export function sendOllamaError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, ollamaErrorBody(err), { ...err.headers });
}

export const ollamaErrorLine = (err: ApiError): string => `${JSON.stringify({ error: err.message })}\n`;

const toolCallOut = (call: ToolCallOut): Record<string, unknown> => ({
  function: { name: call.function.name, arguments: parsedArguments(call) },
});

/**
 * Objects of /api/chat (`message`) and /api/generate (`response`): one per delta when streaming
 * (NDJSON), the last with `done: true`, the stop reason and Ollama's counters (durations in ns).
 */
export class OllamaEncoder {
  constructor(
    private readonly kind: 'chat' | 'generate',
    private readonly now: () => number,
    private readonly startedAt: number,
  ) {}

  delta(model: string, out: { content?: string; thinking?: string; toolCall?: ToolCallOut }): string {
    const body = this.body(out.content ?? '', out.thinking, out.toolCall ? [out.toolCall] : []);
    return `${JSON.stringify({ ...this.head(model), ...body, done: false })}\n`;
  }

  /** A generated image as its own delta, written from the bytes it is held as (run/json-pieces.ts). */
  image(model: string, data: Base64Data): Pieces {
    const body = this.body('', undefined, [], [data]);
    return [...jsonPieces({ ...this.head(model), ...body, done: false }), '\n'];
  }

  /** Streamed: the closing object carries no text (it went in the deltas); whole: it carries everything. */
  final(r: RunResult, whole: boolean): Record<string, unknown> {
    const images = whole ? (r.extras?.images.map((i) => i.data) ?? []) : [];
    const body = whole
      ? this.body(r.content, r.reasoning || undefined, r.toolCalls, images)
      : this.body('', undefined, []);
    const ns = Math.max(1, this.now() - this.startedAt) * 1_000_000;
    return {
      ...this.head(r.model),
      ...body,
      done: true,
      done_reason: r.finishReason === 'length' ? 'length' : 'stop',
      ...(this.kind === 'generate' ? { context: [] } : {}),
      total_duration: ns,
      load_duration: 0,
      prompt_eval_count: r.usage.prompt_tokens,
      prompt_eval_duration: 0,
      eval_count: r.usage.completion_tokens,
      eval_duration: ns,
    };
  }

  /** A request with nothing to run (no prompt / no messages) just "loads" the model, as Ollama does. */
  loaded(model: string): Record<string, unknown> {
    return { ...this.head(model), ...this.body('', undefined, []), done: true, done_reason: 'load' };
  }

  private head(model: string): Record<string, unknown> {
    return { model, created_at: new Date(this.now()).toISOString() };
  }

  /** `images`: generated images as base64, Ollama's own field for images (message.images / images). */
  private body(
    content: string,
    thinking: string | undefined,
    calls: ToolCallOut[],
    images: Base64Data[] = [],
  ): Record<string, unknown> {
    const pics = images.length > 0 ? { images } : {};
    if (this.kind === 'generate') return { response: content, ...(thinking ? { thinking } : {}), ...pics };
    const message = {
      role: 'assistant',
      content,
      ...(thinking ? { thinking } : {}),
      ...(calls.length > 0 ? { tool_calls: calls.map(toolCallOut) } : {}),
      ...pics,
    };
    return { message };
  }
}
