import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors.ts';
import { AnswerBuilder } from '../openai/answer.ts';
import { parseChatRequest } from '../openai/request.ts';
import { ChunkEncoder, completionBody, newCompletionId } from '../openai/response.ts';
import { translateChatRequest, type TranslatedRequest } from '../openai/translate.ts';
import type { JobHandle, JobSink, ProgressEvent } from '../pool/types.ts';
import type { HttpContext } from './context.ts';
import { readJsonBody } from './body.ts';
import { sendError, sendJson } from './respond.ts';
import { SseWriter } from './sse.ts';
import { WriteGuard } from './write-guard.ts';

/** POST /v1/chat/completions */
export async function handleChatCompletions(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req, ctx.config.maxBodyBytes);
  const request = parseChatRequest(body);
  const t = translateChatRequest(request, ctx.models, ctx.config.strictModels);
  const run = new ChatRun(ctx, res, t, request.model || 'default');
  run.start();
}

/** One request's response, stream or not: turns job events into OpenAI output and ends it once. */
class ChatRun {
  private readonly id = newCompletionId();
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly answer: AnswerBuilder;
  private readonly sse: SseWriter | null;
  private readonly guard: WriteGuard;
  private encoder: ChunkEncoder | null = null;
  private handle: JobHandle | null = null;
  private settled = false;
  private tabModel: string | null = null;
  private pageModel: string | null = null;
  private openTimer: unknown;
  private readonly startedAt: number;

  constructor(
    private readonly ctx: HttpContext,
    private readonly res: ServerResponse,
    private readonly t: TranslatedRequest,
    private readonly requestedModel: string,
  ) {
    this.answer = new AnswerBuilder(t.stop, t.promptText, !t.stream);
    const { maxUnsentBytes, writeTimeoutMs } = ctx.config;
    this.guard = new WriteGuard(res, ctx.timers, { maxUnsentBytes, writeTimeoutMs }, (unsent) => this.clientTooSlow(unsent), (on) => this.handle?.throttle(on));
    this.sse = t.stream ? new SseWriter(res, ctx.timers, ctx.config.heartbeatMs, this.guard) : null;
    this.startedAt = ctx.timers.now();
    res.setHeader('x-request-id', this.id);
  }

  start(): void {
    const sink: JobSink = {
      onDispatch: (tab) => {
        this.tabModel = tab.model;
      },
      onEvent: (event) => this.onEvent(event),
      onEnd: (end) => {
        if (this.settled) return;
        if (end.ok) return this.complete(this.answer.finishReason(end.finishReason));
        this.settle(`${end.error.status} ${end.error.code ?? end.error.type}`);
        if (this.sse?.isOpen) this.sse.fail(end.error);
        else sendError(this.res, end.error);
      },
    };
    // A client that left while its body was read must not cost a run.
    if (!this.res.socket || this.res.socket.destroyed) return;
    // Throws 503/429 before anything is written when no tab exists or the queue is full.
    this.handle = this.ctx.pool.submit(this.t.job, sink);
    this.res.on('close', () => {
      if (this.settled) return;
      this.settle('client disconnected');
      this.handle?.cancel('client disconnected');
    });
    // Errors in the first heartbeat interval still get a real HTTP status; after it, the stream
    // opens so keep-alive comments can hold the client's connection while AI Studio thinks.
    if (this.sse) this.openTimer = this.ctx.timers.setTimeout(() => this.begin(), this.ctx.config.heartbeatMs);
  }

  private onEvent(event: ProgressEvent): void {
    if (this.settled) return;
    switch (event.kind) {
      case 'started':
        if (event.model) this.pageModel = event.model.replace(/^models\//, '');
        return;
      case 'text': {
        const out = this.answer.text(event.text);
        if (out.length > 0 && this.sse) this.sse.data(this.begin().content(out));
        if (this.answer.stopped) {
          this.complete('stop');
          this.handle?.complete('stop sequence reached');
        }
        return this.checkHeldSize();
      }
      case 'thought':
        this.answer.thought(event.text);
        if (this.sse) this.sse.data(this.begin().reasoning(event.text));
        return this.checkHeldSize();
      case 'tool_call': {
        const call = this.answer.toolCall(event.name, event.arguments);
        if (this.sse) this.sse.data(this.begin().toolCall(this.answer.toolCalls.length - 1, call));
        return this.checkHeldSize();
      }
      case 'usage':
        this.answer.usageReported(event);
        return;
    }
  }

  /** A non-stream answer is held until it is complete: beyond maxAnswerChars it ends as if cut by max_tokens. */
  private checkHeldSize(): void {
    if (this.sse || this.settled || this.answer.size <= this.ctx.config.maxAnswerChars) return;
    this.ctx.config.logger.warn('answer too long to hold for a non-stream response: ending it with finish_reason "length"', { id: this.id, chars: this.answer.size });
    this.complete('length');
    this.handle?.complete(`the answer exceeded ${this.ctx.config.maxAnswerChars} characters`);
  }

  /** The client stopped reading and maxUnsentBytes are waiting: stop the run rather than hold more. */
  private clientTooSlow(unsent: number): void {
    if (this.settled) return;
    this.ctx.config.logger.warn('client is not reading the stream: cancelling its job', { id: this.id, unsentBytes: unsent });
    this.settle('client not reading');
    this.handle?.cancel('the client is not reading the answer');
    this.sse?.fail(new ApiError(500, `the client did not read the answer: ${unsent} bytes were waiting, so the run was cancelled`, 'server_error', 'client_too_slow'));
  }

  /** The model named in responses: what the page says it ran, else what we asked for, else the tab's. */
  private model(): string {
    return this.pageModel ?? this.t.model ?? this.tabModel ?? this.requestedModel;
  }

  /** Opens the SSE stream with the role chunk (once). */
  private begin(): ChunkEncoder {
    if (!this.encoder) {
      this.ctx.timers.clearTimeout(this.openTimer);
      this.encoder = new ChunkEncoder(this.id, this.created, this.model());
      this.sse?.data(this.encoder.role());
    }
    return this.encoder;
  }

  private complete(finishReason: ReturnType<AnswerBuilder['finishReason']>): void {
    if (this.settled) return;
    const rest = this.answer.flush();
    this.settle(`200 ${finishReason}`);
    if (this.sse) {
      const encoder = this.begin();
      if (rest.length > 0) this.sse.data(encoder.content(rest));
      this.sse.data(encoder.finish(finishReason));
      if (this.t.includeUsage) this.sse.data(encoder.usage(this.answer.usage()));
      this.sse.done();
      return;
    }
    const { content, reasoning, toolCalls } = this.answer;
    sendJson(this.res, 200, completionBody({ id: this.id, created: this.created, model: this.model(), content, reasoning, toolCalls, finishReason, usage: this.answer.usage() }));
    this.guard.ended();
  }

  private settle(outcome: string): void {
    this.settled = true;
    this.ctx.timers.clearTimeout(this.openTimer);
    this.ctx.config.logger.info('chat completion', {
      id: this.id,
      model: this.model(),
      stream: this.t.stream,
      outcome,
      ms: this.ctx.timers.now() - this.startedAt,
    });
  }
}
