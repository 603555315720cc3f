import type { ServerResponse } from 'node:http';
import type { ApiError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { Reply } from '../../run/reply.ts';
import type { Choice, JobRun, RunInfo, RunOutput } from '../../run/job-run.ts';
import { SseWriter } from '../../run/sse.ts';
import { jsonPieces } from '../../run/json-pieces.ts';
import type { ChatMessage } from '../../conversation/messages.ts';
import type { ToolCallOut } from '../../conversation/tool-calls.ts';
import { outputMessages, responseObject, type ResponseState } from './body.ts';
import { OutputItems } from './items.ts';
import type { CreateResponseRequest } from './request.ts';
import type { ResponseStore } from './store.ts';
import type { ExtraEvent } from '../../run/extras.ts';
import { citations, type Citation } from '../../run/citations.ts';

const flatCitation = (c: Citation) => ({
  type: 'url_citation' as const,
  url: c.url,
  title: c.title,
  start_index: c.start,
  end_index: c.end,
});

export interface OutputDeps {
  ctx: HttpContext;
  res: ServerResponse;
  run: JobRun;
  store: ResponseStore;
  request: CreateResponseRequest;
  conversation: ChatMessage[];
  base: Record<string, unknown>;
  keepAlive: boolean;
}

/** The Responses wire format for a run: typed SSE events with sequence numbers, or one response object. */
export class ResponseOutput implements RunOutput {
  private readonly sse: SseWriter | null;
  private readonly reply: Reply<SseWriter>;
  private readonly items: OutputItems;
  private seq = 0;
  private started = false;

  constructor(private readonly d: OutputDeps) {
    this.sse = d.request.stream ? new SseWriter(d.res, d.ctx.timers, d.ctx.config.heartbeatMs, d.run.guard) : null;
    this.reply = new Reply(d.ctx, d.res, this.sse, d.keepAlive, undefined, d.run.guard);
    this.items = new OutputItems((type, payload) => this.emit(type, payload));
  }

  text(_c: Choice, text: string): void {
    this.begin();
    this.items.text(text);
  }

  thought(_c: Choice, text: string): void {
    this.begin();
    this.items.thought(text);
  }

  toolCall(_c: Choice, call: ToolCallOut): void {
    this.begin();
    this.items.toolCall(call);
  }

  extra(_c: Choice, event: ExtraEvent): void {
    if (event.kind !== 'image') return;
    this.begin();
    this.items.image(event.mimeType, event.data);
  }

  idle(): void {
    this.reply.idle(() => this.begin());
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    this.begin();
    const extras = choices[0]?.extras;
    if (extras) this.items.annotate(citations(extras).map(flatCitation));
    this.items.close();
    const g = extras?.grounding;
    // URL context alone searches nothing: its sources are the annotations.
    if (g && g.queries.length > 0)
      this.items.webSearch(
        g.queries,
        g.sources.map((s) => s.uri),
      );
    const status = choices[0]?.finish === 'length' ? 'incomplete' : 'completed';
    const body = this.snapshot({ model: info.model, status, output: this.items.items, usage: info.usage });
    if (this.d.request.store !== false) {
      const items = new Map(this.items.items.map((item) => [String(item.id), item]));
      this.d.store.put({
        id: String(body.id),
        body,
        conversation: [...this.d.conversation, ...outputMessages(this.items.items)],
        items,
      });
    }
    if (!this.sse) return this.reply.json.send(body);
    this.emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: body });
    this.sse.end();
  }

  /** Before the stream opened: the HTTP error as on every route. After: `response.failed` ends the stream. */
  fail(error: ApiError): void {
    this.reply.fail(error, (sse) => {
      this.items.close();
      this.emit('response.failed', {
        response: this.snapshot({
          model: this.d.run.model,
          status: 'failed',
          output: this.items.items,
          usage: null,
          error,
        }),
      });
      sse.end();
    });
  }

  private snapshot(state: ResponseState): Record<string, unknown> {
    return responseObject(this.d.base, state, Math.floor(Date.now() / 1000));
  }

  /** Opens the stream: `response.created` then `response.in_progress` (once). */
  private begin(): void {
    if (this.started || !this.sse) return;
    this.started = true;
    const response = this.snapshot({ model: this.d.run.model, status: 'in_progress', output: [], usage: null });
    this.emit('response.created', { response });
    this.emit('response.in_progress', { response });
  }

  private emit(type: string, payload: Record<string, unknown>): void {
    this.sse?.event(type, jsonPieces({ type, sequence_number: this.seq++, ...payload }));
  }
}
