import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, toApiError, type ApiError } from '../errors.ts';
import type { Timers } from '../timers.ts';
import { jsonPieces } from './json-pieces.ts';
import { endWith, sendError, sendJson } from './respond.ts';
import type { WriteGuard } from './write-guard.ts';

/** The request header that opts one request into keep-alive whitespace (`--json-keepalive` does it for all). */
const KEEPALIVE_HEADER = 'x-bridge-keepalive';

export function wantsJsonKeepAlive(req: IncomingMessage, byDefault: boolean): boolean {
  const raw = req.headers[KEEPALIVE_HEADER];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
  if (value === undefined || value === '') return byDefault;
  return /^(1|true|yes|on)$/.test(value);
}

/** How a surface renders its errors: the body alone (after keep-alive began) or the whole HTTP response. */
export interface ErrorRenderer {
  body(err: ApiError): unknown;
  send(res: ServerResponse, err: ApiError): void;
}

export const openAiErrors: ErrorRenderer = { body: errorBody, send: sendError };

/**
 * A non-stream JSON answer. With keep-alive on, a request still waiting after one heartbeat
 * interval gets its 200 headers and then a space every interval until the body follows: proxies
 * with short idle timeouts (Cloudflare's 100 s, corporate proxies) see traffic, and JSON parsers
 * skip leading whitespace. The price: the status is fixed at 200 from then on, so a later failure
 * arrives as a 200 whose body is the surface's usual error object (documented in bridge/README.md).
 */
export class JsonReply {
  private started = false;
  private timer: unknown;

  constructor(
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly intervalMs: number,
    private readonly keepAlive: boolean,
    private readonly errors: ErrorRenderer = openAiErrors,
    /** the run's: a large body to a client that does not read is cut by its progress rule */
    private readonly guard?: WriteGuard,
  ) {
    res.on('close', () => this.timers.clearTimeout(this.timer));
  }

  /** Called once the request has waited one interval with nothing written. */
  idle(): void {
    if (!this.keepAlive || this.started || this.res.headersSent || this.res.writableEnded) return;
    this.started = true;
    this.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-bridge-keepalive': 'whitespace' });
    this.tick();
  }

  send(body: unknown, headers: Record<string, string> = {}): void {
    this.timers.clearTimeout(this.timer);
    if (this.started) endWith(this.res, jsonPieces(body));
    else sendJson(this.res, 200, body, headers);
    this.guard?.ended();
  }

  error(err: unknown): void {
    this.timers.clearTimeout(this.timer);
    const apiError = toApiError(err);
    if (this.started) this.res.end(JSON.stringify(this.errors.body(apiError)));
    else this.errors.send(this.res, apiError);
  }

  private tick(): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.write(' ');
    this.timer = this.timers.setTimeout(() => this.tick(), this.intervalMs);
  }
}
