import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../errors.ts';
import type { HttpContext } from './context.ts';
import { wantsJsonKeepAlive, type ErrorRenderer } from './json-reply.ts';
import { Reply } from './reply.ts';
import { JobRun, planFor, type Choice, type RunInfo, type RunOutput } from './job-run.ts';
import { StreamWriter, type StreamFormat } from './stream-writer.ts';
import type { ToolCallOut } from '../conversation/tool-calls.ts';
import type { RunResult } from './result.ts';
import type { Translated } from '../conversation/translate.ts';
import type { ExtraEvent } from './extras.ts';
import type { Pieces } from './json-pieces.ts';

/**
 * A surface's stream framing. Each call returns the bytes to write ('' or null = nothing), so the
 * StreamWriter stays the one place that writes. With a heartbeat the stream opens after one quiet
 * interval (early errors keep a real HTTP status, then heartbeats hold the connection); without
 * one (NDJSON has no comments) it opens with the first output.
 */
interface StreamWire {
  format: StreamFormat;
  /** written once when the stream opens (Anthropic's message_start) */
  open?(model: string): string;
  text(model: string, text: string): string | null;
  thought(model: string, text: string): string | null;
  toolCall(model: string, call: ToolCallOut): string | null;
  /** an image, code, code result or sources as they come (surfaces that stream them); an image as pieces (run/json-pieces.ts) */
  extra?(model: string, event: ExtraEvent): string | Pieces | null;
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
  /** code and its result as the surface's own parts (Gemini), not as text */
  nativeCode?: boolean;
}

/** Runs a surface's one job on the shared JobRun driver (stop sequences, tool_choice, disconnect → cancel, one log line). */
export function runOneAnswer(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  t: Translated,
  info: { label: string; id: string },
  wire: AnswerWire,
): void {
  const plan = planFor(t, { ...info, stream: wire.stream !== null, nativeCode: wire.nativeCode === true });
  const keepAlive = wantsJsonKeepAlive(req, ctx.config.jsonKeepAlive);
  new JobRun(ctx, res, plan, (run) => new OneAnswerOutput(ctx, res, run, wire, keepAlive)).start();
}

/** One answer's choice and the run's totals, as the surfaces' encoders read them. */
const resultOf = (choice: Choice, info: RunInfo): RunResult => ({
  content: choice.answer.content,
  reasoning: choice.answer.reasoning,
  toolCalls: choice.answer.toolCalls,
  finishReason: choice.finish ?? 'stop',
  stopSequence: choice.answer.stopSequence,
  usage: info.usage,
  model: info.model,
  extras: choice.extras,
});

class OneAnswerOutput implements RunOutput {
  private readonly reply: Reply<StreamWriter>;
  private opened = false;

  constructor(
    ctx: HttpContext,
    res: ServerResponse,
    private readonly run: JobRun,
    private readonly wire: AnswerWire,
    keepAlive: boolean,
  ) {
    const format = wire.stream?.format;
    const writer = format ? new StreamWriter(res, ctx.timers, ctx.config.heartbeatMs, format, run.guard) : null;
    this.reply = new Reply(ctx, res, writer, keepAlive, wire.errors, run.guard);
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

  extra(_c: Choice, event: ExtraEvent): void {
    this.write(this.wire.stream?.extra?.(this.run.model, event));
  }

  idle(): void {
    // Without a heartbeat to hold the connection, opening early would only cost the real status.
    this.reply.idle((writer) => {
      if (this.wire.stream?.format.heartbeat !== null) this.begin(writer);
    });
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    const result = resultOf(choices[0] as Choice, info);
    const writer = this.reply.stream;
    if (!this.wire.stream || !writer) return this.reply.json.send(this.wire.body(result));
    this.begin(writer);
    writer.end(this.wire.stream.last(result));
  }

  fail(error: ApiError): void {
    this.reply.fail(error, (writer) => writer.end(this.wire.stream?.error(error)));
  }

  private begin(writer: StreamWriter): void {
    if (this.opened) return;
    this.opened = true;
    writer.open();
    const preamble = this.wire.stream?.open?.(this.run.model);
    if (preamble) writer.write(preamble);
  }

  private write(bytes: string | Pieces | null | undefined): void {
    const writer = this.reply.stream;
    if (!bytes || !writer) return;
    this.begin(writer);
    if (typeof bytes === 'string') writer.write(bytes);
    else writer.writeAll(bytes);
  }
}
