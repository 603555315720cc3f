import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { FinishReason } from '../../../protocol/job.ts';
import { BadRequestError, type ApiError } from '../../errors.ts';
import { parseChatRequest } from '../../conversation/messages.ts';
import { translateChatRequest, type Translated } from '../../conversation/translate.ts';
import type { Usage } from '../../conversation/usage.ts';
import { answersWanted } from '../chat/handler.ts';
import type { HttpContext } from '../../run/context.ts';
import { wantsJsonKeepAlive } from '../../run/json-reply.ts';
import { Reply } from '../../run/reply.ts';
import { JobRun, planFor, type Choice, type RunInfo, type RunOutput } from '../../run/job-run.ts';
import { SseWriter } from '../../run/sse.ts';
import { parseCompletionRequest, type CompletionRequest } from './request.ts';

/**
 * POST /v1/completions (legacy): each prompt is typed as one user message; `n` answers per
 * prompt run on separate tabs, like chat completions. Choices are numbered prompt-major, as
 * OpenAI does (prompt 0's n answers, then prompt 1's).
 */
export function handleCompletions(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const request = parseCompletionRequest(body);
  const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
  const perPrompt = request.n ?? 1;
  answersWanted(ctx, prompts.length * perPrompt, prompts.length > 1 ? 'prompt' : 'n');
  const translated = prompts.map((prompt, i) =>
    translateChatRequest(asChat(request, prompt, i), ctx.models, ctx.config.strictModels),
  );
  const first = translated[0] as Translated;
  const jobs = translated.flatMap((t) => Array.from({ length: perPrompt }, () => t.job));
  const echoes = prompts.flatMap((p) => Array.from({ length: perPrompt }, () => (request.echo ? p : '')));
  const id = `cmpl-${randomBytes(12).toString('base64url')}`;
  res.setHeader('x-request-id', id);
  const keepAlive = wantsJsonKeepAlive(req, ctx.config.jsonKeepAlive);
  const plan = planFor(first, { jobs, label: 'completion', id, stream: first.stream });
  new JobRun(ctx, res, plan, (run) => new CompletionOutput(ctx, res, run, id, first, echoes, keepAlive)).start();
}

/** The legacy request as a one-message chat request, so translation (model, settings, stops) is shared. */
function asChat(req: CompletionRequest, prompt: string, i: number) {
  if (prompt.trim().length === 0)
    throw new BadRequestError(
      'the prompt is empty',
      typeof req.prompt === 'string' ? 'prompt' : `prompt[${i}]`,
      'invalid_value',
    );
  const { prompt: _p, suffix: _s, echo: _e, best_of: _b, logprobs: _l, n: _n, ...rest } = req;
  return parseChatRequest({ ...rest, messages: [{ role: 'user', content: prompt }] });
}

/** `text_completion` objects; streamed chunks have the same shape (OpenAI's documented difference from chat). */
class CompletionOutput implements RunOutput {
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly sse: SseWriter | null;
  private readonly reply: Reply<SseWriter>;
  private opened = false;

  constructor(
    ctx: HttpContext,
    res: ServerResponse,
    private readonly run: JobRun,
    private readonly id: string,
    private readonly t: Translated,
    private readonly echoes: readonly string[],
    keepAlive: boolean,
  ) {
    this.sse = t.stream ? new SseWriter(res, ctx.timers, ctx.config.heartbeatMs, run.guard) : null;
    this.reply = new Reply(ctx, res, this.sse, keepAlive, undefined, run.guard);
  }

  text(choice: Choice, text: string): void {
    if (this.sse) this.chunk(choice.index, text, null);
  }

  thought(): void {}
  toolCall(): void {}

  idle(): void {
    this.reply.idle(() => this.begin());
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    if (this.sse) {
      this.begin();
      for (const c of choices) this.chunk(c.index, '', finish(c.finish));
      if (this.t.includeUsage) this.sse.data(JSON.stringify({ ...this.head(), choices: [], usage: info.usage }));
      this.sse.done();
      return;
    }
    const out = choices.map((c) => ({
      text: `${this.echoes[c.index] ?? ''}${c.answer.content}`,
      index: c.index,
      logprobs: null,
      finish_reason: finish(c.finish),
    }));
    this.reply.json.send({ ...this.head(), choices: out, usage: info.usage satisfies Usage });
  }

  fail(error: ApiError): void {
    this.reply.fail(error, (sse) => sse.fail(error));
  }

  private head() {
    return { id: this.id, object: 'text_completion', created: this.created, model: this.run.model };
  }

  private begin(): void {
    if (this.opened || !this.sse) return;
    this.opened = true;
    this.sse.open();
    this.run.choices.forEach((c) => {
      const echo = this.echoes[c.index];
      if (echo) this.chunk(c.index, echo, null);
    });
  }

  private chunk(index: number, text: string, reason: string | null): void {
    this.begin();
    this.sse?.data(
      JSON.stringify({ ...this.head(), choices: [{ text, index, logprobs: null, finish_reason: reason }] }),
    );
  }
}

/** The legacy schema has no `tool_calls` reason; the request carries no tools anyway. */
const finish = (reason: FinishReason | null): 'stop' | 'length' | 'content_filter' =>
  reason === 'length' || reason === 'content_filter' ? reason : 'stop';
