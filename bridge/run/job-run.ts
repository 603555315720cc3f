import { bareModelId } from '../../protocol/model-id.ts';
import type { ServerResponse } from 'node:http';
import type { FinishReason } from '../../protocol/job.ts';
import { ApiError } from '../errors.ts';
import { AnswerBuilder } from '../conversation/answer.ts';
import { toolChoiceViolation } from '../conversation/tool-choice.ts';
import { combineUsage } from '../conversation/usage.ts';
import type { JobHandle, ProgressEvent } from '../pool/types.ts';
import type { Choice, RunOutput, RunPlan } from './types.ts';
import type { HttpContext } from './context.ts';
import { WriteGuard } from './write-guard.ts';
import { AnswerExtras, isExtraEvent, type ExtraEvent } from './extras.ts';
import { ImageAssembler } from './image-pieces.ts';
import { codeText } from './code-text.ts';
import { schemaViolation, structuredOutputHeader } from './json-answer.ts';
import { TOKEN_COUNT_HEADER } from './token-count.ts';

export type { Choice, RunInfo, RunOutput, RunPlan } from './types.ts';
export { planFor } from './types.ts';

/**
 * Runs a plan's jobs on the one pool and turns their events into calls on a surface's output.
 * Owns what every surface shares: stop sequences, tool_choice enforcement, client disconnect →
 * cancel, the idle timer, the model name to report and one log line per request. And the bounds
 * on what one client can make the bridge hold: a non-stream answer (held for its JSON body) ends
 * with finish "length" past maxAnswerChars; a client that does not read first pauses its job's
 * link (`throttle`), then past maxUnsentBytes has its job cancelled (`guard`, which every
 * surface's writer reports to).
 */
export class JobRun {
  readonly choices: Choice[];
  private readonly handles: JobHandle[] = [];
  /** per choice: the image whose pieces are arriving (run/image-pieces.ts) */
  private readonly images: ImageAssembler[] = [];
  private settled = false;
  private tabModel: string | null = null;
  private pageModel: string | null = null;
  /** `continued` or `rebuilt; <reason>` (header x-bridge-conversation) */
  private conversation: string | null = null;
  private idleTimer: unknown;
  /** the request's entry in the dashboard's request log */
  private logId: string | null = null;
  private readonly startedAt: number;
  /** tool_choice required/named: text waits until the answer is known to contain the call */
  private readonly holdText: boolean;
  private readonly output: RunOutput;
  /** the response's write bounds; surfaces hand it to their StreamWriter / Reply */
  readonly guard: WriteGuard;

  constructor(
    private readonly ctx: HttpContext,
    /** the response; its `req` carries the `x-aistudio-account` pin */
    private readonly res: ServerResponse,
    private readonly plan: RunPlan,
    /** the surface's writer; it may read the run's model and choices (and `guard`) */
    makeOutput: (run: JobRun) => RunOutput,
  ) {
    this.holdText = plan.toolChoice.mode === 'required' || plan.toolChoice.mode === 'function';
    // A streamed answer is sent as it comes: only its token estimate is kept, unless held for tool_choice.
    const keepText = !plan.stream || this.holdText || plan.json !== undefined;
    this.choices = plan.jobs.map((_, index) => ({
      index,
      answer: new AnswerBuilder(plan.stop, plan.promptText, keepText),
      extras: new AnswerExtras(
        !plan.stream,
        plan.jobs[index]?.settings.googleSearch === true || plan.jobs[index]?.settings.urlContext === true,
      ),
      finish: null,
    }));
    const { maxUnsentBytes, writeTimeoutMs } = ctx.config;
    this.guard = new WriteGuard(
      res,
      ctx.timers,
      { maxUnsentBytes, writeTimeoutMs },
      (unsent) => this.clientTooSlow(unsent),
      (on) => {
        for (const h of this.handles) h.throttle(on);
      },
    );
    this.startedAt = ctx.timers.now();
    this.output = makeOutput(this);
  }

  /** The model named in responses: what the page says it ran, else what we asked for, else the tab's. */
  get model(): string {
    return this.pageModel ?? this.plan.model ?? this.tabModel ?? this.plan.requestedModel;
  }

  /** Throws 503/429 (before anything is written) when no tab exists or the queue is full. */
  start(): void {
    // A client that left while its body was read must not cost a run.
    if (!this.res.socket || this.res.socket.destroyed) return;
    const pinned = this.res.req?.headers['x-aistudio-account'];
    const account = (Array.isArray(pinned) ? pinned[0] : pinned)?.trim() || null;
    const { id: requestId, label: surface, stream } = this.plan;
    this.logId =
      this.ctx.requests?.start({ requestId, surface, model: this.model, stream, account }, () => {
        for (const h of this.handles) h.cancel('cancelled in the dashboard');
      }) ?? null;
    try {
      this.plan.jobs.forEach((job, i) => {
        const choice = this.choices[i] as Choice;
        this.handles.push(
          this.ctx.pool.submit(
            job,
            {
              onDispatch: (tab) => {
                this.tabModel ??= tab.model;
                this.ctx.requests?.dispatched(this.logId, tab.key);
              },
              onConversation: (outcome) => this.onConversation(i, outcome),
              onEvent: (event) => this.onEvent(choice, event),
              onEnd: (end) =>
                end.ok
                  ? this.finishChoice(choice, end.finishReason)
                  : this.failAll(end.error, `${end.error.status} ${end.error.code ?? end.error.type}`, end.cancelled),
            },
            { account, ...(this.plan.conversation ? { conversation: this.plan.conversation } : {}) },
          ),
        );
      });
    } catch (err) {
      this.settled = true;
      this.logSettled('refused', 'failed', err instanceof ApiError ? err : undefined);
      for (const h of this.handles) h.cancel('another job of the request was refused');
      throw err;
    }
    this.res.on('close', () => {
      if (this.settled) return;
      this.settle(
        'client disconnected',
        'cancelled',
        undefined,
        combineUsage(this.choices.map((c) => c.answer.usage())),
      );
      for (const h of this.handles) h.cancel('client disconnected');
    });
    this.idleTimer = this.ctx.timers.setTimeout(() => {
      if (!this.settled) this.output.idle();
    }, this.ctx.config.heartbeatMs);
  }

  /** The first answer's outcome names the response; set while the headers are still unsent. */
  private onConversation(index: number, outcome: string): void {
    if (index !== 0) return;
    this.conversation = outcome;
    if (!this.res.headersSent) this.res.setHeader('x-bridge-conversation', outcome);
  }

  private onEvent(choice: Choice, event: ProgressEvent): void {
    if (this.settled || choice.finish) return;
    if (event.kind === 'image' || event.kind === 'image_piece' || this.images[choice.index]?.pending) {
      let image: ExtraEvent | null = null;
      try {
        const assembler = (this.images[choice.index] ??= new ImageAssembler());
        if (event.kind === 'image' || event.kind === 'image_piece') image = assembler.add(event);
        else assembler.interrupted(`a "${event.kind}" event`);
      } catch (err) {
        this.ctx.config.logger.warn('dropped a generated image the extension sent out of order', {
          id: this.plan.id,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (image) this.onExtra(choice, image);
      if (event.kind === 'image' || event.kind === 'image_piece') return;
    }
    switch (event.kind) {
      case 'started':
        if (event.model) this.pageModel ??= bareModelId(event.model);
        if (this.plan.json && !this.res.headersSent)
          this.res.setHeader('x-bridge-structured-output', structuredOutputHeader(event.structuredOutput));
        return;
      case 'text':
        choice.extras.map.fromPage(event.text);
        return this.onText(choice, event.text);
      case 'thought':
        choice.answer.thought(event.text);
        this.ctx.requests?.streamed(this.logId, event.text);
        this.output.thought(choice, event.text);
        return this.checkHeldSize(choice);
      case 'tool_call':
        this.output.toolCall(choice, choice.answer.toolCall(event.name, event.arguments));
        return this.checkHeldSize(choice);
      case 'usage':
        choice.answer.usageReported(event);
        return;
      default:
        if (isExtraEvent(event)) this.onExtra(choice, event);
    }
  }

  private onExtra(choice: Choice, event: ExtraEvent): void {
    const dropped = choice.extras.imagesDropped;
    choice.extras.add(event);
    if (choice.extras.imagesDropped > dropped)
      this.ctx.config.logger.warn('dropped a generated image: the answer holds as many image bytes as it may', {
        id: this.plan.id,
      });
    if ((event.kind === 'code' || event.kind === 'code_result') && !this.plan.nativeCode) {
      // A JSON answer stays JSON: the code the model ran on the way is not part of it.
      if (this.plan.json) return;
      // Surfaces without code parts get it as Markdown, in its place among the answer's text.
      const text = codeText(event, choice.extras.map.lastDelivered);
      choice.extras.map.insert(text.length);
      return this.onText(choice, text);
    }
    this.output.extra?.(choice, event);
  }

  private onText(choice: Choice, text: string): void {
    const out = choice.answer.text(text);
    choice.extras.map.delivered(out);
    this.ctx.requests?.streamed(this.logId, out);
    if (out.length > 0 && !this.holdText) this.output.text(choice, out);
    if (choice.answer.stopped) {
      this.handles[choice.index]?.complete('stop sequence reached');
      this.finishChoice(choice, 'stop');
    }
    this.checkHeldSize(choice);
  }

  /** A non-stream answer is held until it is complete: beyond maxAnswerChars it ends as if cut by max_tokens. */
  private checkHeldSize(choice: Choice): void {
    const limit = this.ctx.config.maxAnswerChars;
    // A stream holds its text only to check it against a JSON schema; that is bounded the same way.
    const held = !this.plan.stream || this.plan.json !== undefined;
    if (!held || this.settled || choice.finish || choice.answer.size <= limit) return;
    this.ctx.config.logger.warn(
      'answer too long to hold (non-stream, or JSON to check): ending it with finish reason "length"',
      { id: this.plan.id, chars: choice.answer.size },
    );
    // Finish first: completing the handle ends the job at once, as a plain 'stop'.
    this.finishChoice(choice, 'length');
    this.handles[choice.index]?.complete(`the answer exceeded ${limit} characters`);
  }

  /** The client stopped reading and maxUnsentBytes are waiting: stop the run rather than hold more. */
  private clientTooSlow(unsent: number): void {
    if (this.settled) return;
    this.ctx.config.logger.warn('client is not reading the answer: cancelling its job', {
      id: this.plan.id,
      unsentBytes: unsent,
    });
    this.settle('client not reading', 'failed');
    for (const h of this.handles) h.cancel('the client is not reading the answer');
    this.output.fail(
      new ApiError(
        500,
        `the client did not read the answer: ${unsent} bytes were waiting, so the run was cancelled`,
        'server_error',
        'client_too_slow',
      ),
    );
  }

  private finishChoice(choice: Choice, fromPage: FinishReason | undefined): void {
    if (this.settled || choice.finish) return;
    const rest = choice.answer.flush();
    choice.extras.map.delivered(rest);
    choice.finish = choice.answer.finishReason(fromPage);
    const refused = toolChoiceViolation(this.plan.toolChoice, choice.answer.toolCalls);
    if (refused) return this.failAll(refused, `502 ${refused.code}`);
    if (this.holdText && choice.answer.content.length > 0) this.output.text(choice, choice.answer.content);
    else if (rest.length > 0) this.output.text(choice, rest);
    // After the text: a stream has sent it as it came, and ends with the surface's error event.
    const invalid = this.plan.json ? schemaViolation(this.plan.json, choice) : null;
    if (invalid) return this.failAll(invalid, `502 ${invalid.code}`);
    if (this.choices.every((c) => c.finish)) {
      const usage = combineUsage(this.choices.map((c) => c.answer.usage()));
      // Non-stream only: a stream's headers left before the page reported its usage.
      if (!this.plan.stream && !this.res.headersSent)
        this.res.setHeader(
          TOKEN_COUNT_HEADER,
          this.choices.every((c) => c.answer.usageFromPage) ? 'page' : 'estimate; the page reported no usage',
        );
      this.settle(`200 ${this.choices.map((c) => c.finish).join(',')}`, 'completed', undefined, usage);
      this.output.complete(this.choices, { model: this.model, usage });
    }
  }

  private failAll(error: ApiError, outcome: string, cancelled = false): void {
    if (this.settled) return;
    // What was sent and streamed before the failure still counts (estimated when the page said nothing).
    const usage = combineUsage(this.choices.map((c) => c.answer.usage()));
    this.settle(outcome, cancelled ? 'cancelled' : 'failed', error, usage);
    for (const h of this.handles) h.cancel('another answer of the request failed');
    this.output.fail(error);
  }

  private settle(
    outcome: string,
    status: 'completed' | 'failed' | 'cancelled',
    error?: ApiError,
    usage?: { prompt_tokens: number; completion_tokens: number },
  ): void {
    this.settled = true;
    this.ctx.timers.clearTimeout(this.idleTimer);
    this.logSettled(outcome, status, error, usage);
    this.ctx.config.logger.info(this.plan.label, {
      id: this.plan.id,
      model: this.model,
      stream: this.plan.stream,
      n: this.plan.jobs.length,
      outcome,
      ms: this.ctx.timers.now() - this.startedAt,
      ...(this.conversation ? { conversation: this.conversation } : {}),
    });
  }

  private logSettled(
    outcome: string,
    status: 'completed' | 'failed' | 'cancelled',
    error?: ApiError,
    usage?: { prompt_tokens: number; completion_tokens: number },
  ): void {
    // A page failure's step trace (the pool recorded it before ending the job), for the dashboard.
    const trace = status === 'failed' ? this.ctx.pool.failures.of(this.handles.map((h) => h.id)) : undefined;
    this.ctx.requests?.settle(this.logId, {
      outcome,
      status,
      model: this.model,
      ...(usage ? { tokens: { in: usage.prompt_tokens, out: usage.completion_tokens } } : {}),
      ...(error ? { error: { code: String(error.code ?? error.type), message: error.message } } : {}),
      ...(trace ? { steps: trace.steps, ...(trace.step ? { step: trace.step } : {}) } : {}),
    });
  }
}
