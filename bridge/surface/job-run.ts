import type { ServerResponse } from 'node:http';
import type { FinishReason } from '../../protocol/job.ts';
import type { HttpContext } from '../http/context.ts';
import { AnswerBuilder } from '../openai/answer.ts';
import type { JobHandle } from '../pool/types.ts';
import type { RunOutput, SurfaceJob } from './types.ts';

/**
 * One request's job on the shared pool, for the Anthropic, Gemini and Ollama surfaces: the same
 * stop-sequence enforcement, cancellation on client disconnect and exactly-once ending as chat
 * completions, with the wire format left to the surface's RunOutput.
 */
export class JobRun {
  private readonly answer: AnswerBuilder;
  private raw = '';
  private handle: JobHandle | null = null;
  private settled = false;
  private opened = false;
  private tabModel: string | null = null;
  private pageModel: string | null = null;
  private openTimer: unknown;
  private readonly startedAt: number;

  constructor(
    private readonly ctx: HttpContext,
    private readonly res: ServerResponse,
    private readonly t: SurfaceJob,
    private readonly out: RunOutput,
    private readonly opts: { surface: string; stream: boolean; openEarly: boolean },
  ) {
    this.answer = new AnswerBuilder(t.stop, t.promptText);
    this.startedAt = ctx.timers.now();
  }

  /** The model named in responses: what the page ran, else what we asked for, else the tab's. */
  model(): string {
    return this.pageModel ?? this.t.model ?? this.tabModel ?? this.t.requestedModel;
  }

  start(): void {
    if (!this.res.socket || this.res.socket.destroyed) return;
    this.handle = this.ctx.pool.submit(this.t.job, {
      onDispatch: (tab) => {
        this.tabModel = tab.model;
      },
      onEvent: (event) => {
        if (this.settled) return;
        if (event.kind === 'started' && event.model) this.pageModel = event.model.replace(/^models\//, '');
        else if (event.kind === 'usage') this.answer.usageReported(event);
        else if (event.kind === 'thought') {
          this.answer.thought(event.text);
          if (this.out.thought) {
            this.begin();
            this.out.thought(event.text);
          }
        } else if (event.kind === 'tool_call') {
          const call = this.answer.toolCall(event.name, event.arguments);
          if (this.out.toolCall) {
            this.begin();
            this.out.toolCall(call);
          }
        } else if (event.kind === 'text') this.onText(event.text);
      },
      onEnd: (end) => {
        if (this.settled) return;
        if (end.ok) return this.complete(this.answer.finishReason(end.finishReason));
        this.settle(`${end.error.status} ${end.error.code ?? end.error.type}`);
        this.out.fail(end.error, this.opened);
      },
    });
    this.res.on('close', () => {
      if (this.settled) return;
      this.settle('client disconnected');
      this.handle?.cancel('client disconnected');
    });
    // As on chat completions: early errors keep a real HTTP status; then the stream opens so
    // heartbeats hold the client's connection while the page thinks.
    if (this.opts.stream && this.opts.openEarly)
      this.openTimer = this.ctx.timers.setTimeout(() => this.begin(), this.ctx.config.heartbeatMs);
  }

  private onText(text: string): void {
    this.raw += text;
    const out = this.answer.text(text);
    if (out.length > 0 && this.out.text) {
      this.begin();
      this.out.text(out);
    }
    if (this.answer.stopped) {
      this.complete('stop');
      this.handle?.complete('stop sequence reached');
    }
  }

  private begin(): void {
    if (this.opened || !this.opts.stream) return;
    this.opened = true;
    this.ctx.timers.clearTimeout(this.openTimer);
    this.out.open?.();
  }

  private complete(finishReason: FinishReason): void {
    if (this.settled) return;
    const rest = this.answer.flush();
    if (rest.length > 0 && this.out.text) {
      this.begin();
      this.out.text(rest);
    }
    this.begin();
    this.settle(`200 ${finishReason}`);
    const { content, reasoning, toolCalls } = this.answer;
    const stopSequence = this.answer.stopped
      ? (this.t.stop.find((s) => this.raw.startsWith(s, content.length)) ?? null)
      : null;
    this.out.complete({
      content,
      reasoning,
      toolCalls,
      finishReason,
      stopSequence,
      usage: this.answer.usage(),
      model: this.model(),
    });
  }

  private settle(outcome: string): void {
    this.settled = true;
    this.ctx.timers.clearTimeout(this.openTimer);
    this.ctx.config.logger.info(`${this.opts.surface} request`, {
      model: this.model(),
      stream: this.opts.stream,
      outcome,
      ms: this.ctx.timers.now() - this.startedAt,
    });
  }
}
