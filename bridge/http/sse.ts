import type { ServerResponse } from 'node:http';
import { errorBody, type ApiError } from '../errors.ts';
import type { Timers } from '../pool/types.ts';
import type { WriteGuard } from './write-guard.ts';

/**
 * The one owner of the SSE wire format for chat streams.
 *
 * - Headers go out once (`open`), with buffering disabled for proxies (X-Accel-Buffering).
 * - Every event is written whole in a single write (`data: …\n\n`), so readers that split
 *   network chunks on newlines (the documented Node `fetch` example) see complete lines.
 * - While nothing else is written, a `: keep-alive` comment goes out every heartbeat interval,
 *   so clients and proxies with idle timeouts keep waiting for slow first tokens.
 * - `done` and `fail` end the response; both are idempotent and do nothing once the client left.
 * - Every write reports to the response's WriteGuard (if any), which bounds what a client that
 *   does not read can make the bridge hold; heartbeats are skipped while data is waiting anyway.
 */
export class SseWriter {
  private opened = false;
  private ended = false;
  private lastWriteAt = 0;
  private heartbeat: unknown;

  constructor(
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly heartbeatMs: number,
    private readonly guard?: WriteGuard,
  ) {
    res.on('close', () => {
      this.ended = true;
      this.stopHeartbeat();
    });
  }

  get isOpen(): boolean {
    return this.opened;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  open(): void {
    if (this.opened || this.ended) return;
    this.opened = true;
    this.res.socket?.setNoDelay(true);
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.res.flushHeaders();
    this.lastWriteAt = this.timers.now();
    this.scheduleHeartbeat();
  }

  /** `json` is one serialised object; written as one `data:` event. */
  data(json: string): void {
    if (this.ended) return;
    if (!this.opened) this.open();
    this.write(`data: ${json}\n\n`);
  }

  comment(text: string): void {
    if (this.ended) return;
    if (!this.opened) this.open();
    this.write(`: ${text}\n\n`);
  }

  done(): void {
    if (this.ended) return;
    if (!this.opened) this.open();
    this.finish('data: [DONE]\n\n');
  }

  /** A failure after the stream began: an OpenAI error object the SDKs raise, then [DONE]. */
  fail(error: ApiError): void {
    if (this.ended) return;
    if (!this.opened) this.open();
    this.finish(`data: ${JSON.stringify(errorBody(error))}\n\ndata: [DONE]\n\n`);
  }

  private finish(last: string): void {
    this.ended = true;
    this.stopHeartbeat();
    this.res.end(last);
    this.guard?.ended();
  }

  private write(text: string): void {
    this.lastWriteAt = this.timers.now();
    const flushed = this.res.write(text);
    this.guard?.wrote(flushed);
  }

  private scheduleHeartbeat(): void {
    const due = Math.max(1, this.lastWriteAt + this.heartbeatMs - this.timers.now());
    this.heartbeat = this.timers.setTimeout(() => {
      if (this.ended) return;
      if (this.timers.now() - this.lastWriteAt >= this.heartbeatMs && !(this.guard && this.guard.unsent > 0)) this.write(': keep-alive\n\n');
      this.scheduleHeartbeat();
    }, due);
  }

  private stopHeartbeat(): void {
    this.timers.clearTimeout(this.heartbeat);
  }
}
