import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, type ApiError } from '../../errors.ts';
import { parseChatRequest } from '../../conversation/messages.ts';
import type { ToolCallOut } from '../../conversation/tool-calls.ts';
import { ChunkEncoder, completionBody, newCompletionId } from './response.ts';
import { translateChatRequest, type Translated } from '../../conversation/translate.ts';
import type { HttpContext } from '../../run/context.ts';
import { wantsJsonKeepAlive } from '../../run/json-reply.ts';
import { Reply } from '../../run/reply.ts';
import { JobRun, planFor, type Choice, type RunInfo, type RunOutput } from '../../run/job-run.ts';
import { SseWriter } from '../../run/sse.ts';
import type { ExtraEvent } from '../../run/extras.ts';
import { imageUrlPart } from '../../run/images.ts';
import { citations, urlCitation } from '../../run/citations.ts';

/** POST /v1/chat/completions */
export async function handleChatCompletions(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const request = parseChatRequest(body);
  const t = translateChatRequest(request, ctx.models, ctx.config.strictModels);
  const n = answersWanted(ctx, request.n);
  const id = newCompletionId();
  res.setHeader('x-request-id', id);
  const keepAlive = wantsJsonKeepAlive(req, ctx.config.jsonKeepAlive);
  const plan = planFor(t, {
    jobs: Array.from({ length: n }, () => t.job),
    label: 'chat completion',
    id,
    stream: t.stream,
  });
  new JobRun(ctx, res, plan, (run) => new ChatOutput(ctx, res, run, id, t, keepAlive)).start();
}

/**
 * `n` answers come from n runs on n tabs at once (AI Studio gives one answer per run). Fewer
 * connected tabs could only serve them one after another, which no client expects of `n`.
 */
export function answersWanted(ctx: HttpContext, n: number | null | undefined, param = 'n'): number {
  const wanted = n ?? 1;
  if (wanted <= 1) return 1;
  const tabs = ctx.pool.stats().tabs;
  if (wanted > tabs) {
    throw new BadRequestError(
      `n=${wanted} needs ${wanted} AI Studio worker tabs (one answer per tab), but ${tabs} ${tabs === 1 ? 'is' : 'are'} connected: lower n or open more worker tabs from the extension's popup`,
      param,
      'unsupported_value',
    );
  }
  return wanted;
}

/** Chat-completions wire format for a run: SSE chunks with a choice index, or one JSON body. */
class ChatOutput implements RunOutput {
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly sse: SseWriter | null;
  private readonly reply: Reply<SseWriter>;
  private encoder: ChunkEncoder | null = null;

  constructor(
    ctx: HttpContext,
    res: ServerResponse,
    private readonly run: JobRun,
    private readonly id: string,
    private readonly t: Translated,
    keepAlive: boolean,
  ) {
    this.sse = t.stream ? new SseWriter(res, ctx.timers, ctx.config.heartbeatMs, run.guard) : null;
    this.reply = new Reply(ctx, res, this.sse, keepAlive, undefined, run.guard);
  }

  text(choice: Choice, text: string): void {
    if (this.sse) this.sse.data(this.begin().content(text, choice.index));
  }

  thought(choice: Choice, text: string): void {
    if (this.sse) this.sse.data(this.begin().reasoning(text, choice.index));
  }

  extra(choice: Choice, event: ExtraEvent): void {
    if (this.sse && event.kind === 'image') this.sse.data(this.begin().image(event, choice.index));
  }

  toolCall(choice: Choice, call: ToolCallOut): void {
    if (!this.sse) return;
    const encoder = this.begin();
    for (const chunk of encoder.toolCall(choice.answer.toolCalls.length - 1, call, choice.index)) this.sse.data(chunk);
  }

  /** Errors in the first heartbeat interval still get a real HTTP status; after it, the stream opens (or whitespace starts) so the connection is held. */
  idle(): void {
    this.reply.idle(() => this.begin());
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    if (this.sse) {
      const encoder = this.begin();
      for (const c of choices) {
        const annotations = citations(c.extras).map(urlCitation);
        if (annotations.length) this.sse.data(encoder.annotations(annotations, c.index));
        this.sse.data(encoder.finish(c.finish ?? 'stop', c.index));
      }
      if (this.t.includeUsage) this.sse.data(encoder.usage(info.usage));
      this.sse.done();
      return;
    }
    const parts = choices.map((c) => ({
      content: c.answer.content,
      reasoning: c.answer.reasoning,
      toolCalls: c.answer.toolCalls,
      finishReason: c.finish ?? 'stop',
      images: c.extras.images.map(imageUrlPart),
      annotations: citations(c.extras).map(urlCitation),
    }));
    this.reply.json.send(
      completionBody({ id: this.id, created: this.created, model: info.model, choices: parts, usage: info.usage }),
    );
  }

  fail(error: ApiError): void {
    this.reply.fail(error, (sse) => sse.fail(error));
  }

  /** Opens the SSE stream with one role chunk per choice (once). */
  private begin(): ChunkEncoder {
    if (!this.encoder) {
      this.encoder = new ChunkEncoder(this.id, this.created, this.run.model);
      for (const c of this.run.choices) this.sse?.data(this.encoder.role(c.index));
    }
    return this.encoder;
  }
}
