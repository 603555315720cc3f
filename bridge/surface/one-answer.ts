import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../errors.ts';
import type { HttpContext } from '../http/context.ts';
import { JsonReply, wantsJsonKeepAlive, type ErrorRenderer } from '../http/json-reply.ts';
import { JobRun, type Choice, type RunInfo, type RunOutput } from '../http/run.ts';
import { StreamWriter, type StreamFormat } from '../http/stream-writer.ts';
import type { ToolCallOut } from '../openai/response.ts';
import type { RunResult, SurfaceJob } from './types.ts';

/**
 * A surface's stream framing. Each call returns the bytes to write ('' or null = nothing), so the
 * StreamWriter stays the one place that writes. With a heartbeat the stream opens after one quiet
 * interval (early errors keep a real HTTP status, then heartbeats hold the connection); without
 * one (NDJSON has no comments) it opens with the first output.
 */
export interface StreamWire {
  format: StreamFormat;
  /** written once when the stream opens (Anthropic's message_start) */
  open?(model: string): string;
  text(model: string, text: string): string | null;
  thought(model: string, text: string): string | null;
  toolCall(model: string, call: ToolCallOut): string | null;
  /** the closing bytes */
  last(result: RunResult): string;
  /** an error after the stream opened, in the surface's in-band shape; ends the stream */
  error(err: ApiError): string;
}

/** How a single-answer surface (Anthropic, Gemini, Ollama) writes one request's answer. */
export interface AnswerWire {
  errors: ErrorRenderer;
  /** the non-stream body */
  body(result: RunResult): unknown;
  /** null = not streamed */
  stream: StreamWire | null;
}

/** Runs a surface's one job on the shared JobRun driver (stop sequences, tool_choice, disconnect → cancel, one log line). */
export function runOneAnswer(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  t: SurfaceJob,
  info: { label: string; id: string },
  wire: AnswerWire,
): void {
  const plan = {
    jobs: [t.job],
    stop: t.stop,
    promptText: t.promptText,
    model: t.model,
    requestedModel: t.requestedModel,
    toolChoice: t.toolChoice,
    label: info.label,
    id: info.id,
    stream: wire.stream !== null,
  };
  const keepAlive = wantsJsonKeepAlive(req, ctx.config.jsonKeepAlive);
  new JobRun(ctx, res, plan, (run) => new OneAnswerOutput(ctx, res, run, wire, keepAlive)).start();
}

/** One answer's choice and the run's totals, as the surfaces' encoders read them. */
export const resultOf = (choice: Choice, info: RunInfo): RunResult => ({
  content: choice.answer.content,
  reasoning: choice.answer.reasoning,
  toolCalls: choice.answer.toolCalls,
  finishReason: choice.finish ?? 'stop',
  stopSequence: choice.answer.stopSequence,
  usage: info.usage,
  model: info.model,
});

class OneAnswerOutput implements RunOutput {
  private readonly writer: StreamWriter | null;
  private readonly reply: JsonReply;
  private opened = false;

  constructor(
    ctx: HttpContext,
    private readonly res: ServerResponse,
    private readonly run: JobRun,
    private readonly wire: AnswerWire,
    keepAlive: boolean,
  ) {
    const { timers, config } = ctx;
    this.writer = wire.stream ? new StreamWriter(res, timers, config.heartbeatMs, wire.stream.format) : null;
    this.reply = new JsonReply(res, timers, config.heartbeatMs, keepAlive, wire.errors);
  }

  text(_c: Choice, text: string): void {
    this.write(this.wire.stream?.text(this.run.model, text));
  }

  thought(_c: Choice, text: string): void {
    this.write(this.wire.stream?.thought(this.run.model, text));
  }

  toolCall(_c: Choice, call: ToolCallOut): void {
    this.write(this.wire.stream?.toolCall(this.run.model, call));
  }

  idle(): void {
    if (!this.wire.stream) this.reply.idle();
    else if (this.wire.stream.format.heartbeat !== null) this.begin();
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    const result = resultOf(choices[0] as Choice, info);
    if (!this.wire.stream || !this.writer) return this.reply.send(this.wire.body(result));
    this.begin();
    this.writer.end(this.wire.stream.last(result));
  }

  fail(error: ApiError): void {
    if (!this.wire.stream || !this.writer) this.reply.error(error);
    else if (this.opened) this.writer.end(this.wire.stream.error(error));
    else this.wire.errors.send(this.res, error);
  }

  private begin(): void {
    if (this.opened || !this.writer) return;
    this.opened = true;
    this.writer.open();
    const preamble = this.wire.stream?.open?.(this.run.model);
    if (preamble) this.writer.write(preamble);
  }

  private write(bytes: string | null | undefined): void {
    if (!bytes || !this.writer) return;
    this.begin();
    this.writer.write(bytes);
  }
}
