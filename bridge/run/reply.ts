import type { ServerResponse } from 'node:http';
import type { ApiError } from '../errors.ts';
import type { HttpContext } from './context.ts';
import { JsonReply, openAiErrors, type ErrorRenderer } from './json-reply.ts';
import type { WriteGuard } from './write-guard.ts';

/**
 * Where one request's answer goes, for every surface's RunOutput: a stream (any framing), or one
 * JSON body with the opt-in keep-alive. Decided here once: a failure before the stream opened is
 * a real HTTP error in the surface's shape, after it the surface's in-band error; a quiet
 * interval opens the stream or starts the keep-alive whitespace.
 */
export class Reply<S extends { readonly isOpen: boolean }> {
  readonly json: JsonReply;

  constructor(
    ctx: HttpContext,
    private readonly res: ServerResponse,
    /** null = not streamed */
    readonly stream: S | null,
    keepAlive: boolean,
    private readonly errors: ErrorRenderer = openAiErrors,
    /** the run's WriteGuard, for the JSON body (a stream's writer got it already) */
    guard?: WriteGuard,
  ) {
    this.json = new JsonReply(res, ctx.timers, ctx.config.heartbeatMs, keepAlive, errors, guard);
  }

  /** JobRun's `idle`: `open` the stream, or start the JSON keep-alive. */
  idle(open: (stream: S) => void): void {
    if (this.stream) open(this.stream);
    else this.json.idle();
  }

  fail(error: ApiError, inBand: (stream: S) => void): void {
    if (!this.stream) this.json.error(error);
    else if (this.stream.isOpen) inBand(this.stream);
    else this.errors.send(this.res, error);
  }
}
