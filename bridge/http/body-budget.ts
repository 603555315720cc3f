import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceUnavailableError } from '../errors.ts';

/** All request bodies being received at once, together (each is also capped by --max-body). */
const BODY_BUDGET_BYTES = 192 * 1024 * 1024;

/**
 * A global byte budget for request bodies still arriving. The per-request cap (32 MiB) alone let
 * 20 clients that send half a body and stall hold 620 MB for two minutes. A body reserves its
 * declared length (a chunked one, the per-request cap) when its headers arrive, and gives it back
 * as soon as the request is read or gone; beyond the budget the client gets 503 and Retry-After
 * before a byte of its body is read (and the connection closes, since the body stays unread).
 */
export class BodyBudget {
  private used = 0;

  constructor(private readonly maxBytes = BODY_BUDGET_BYTES) {}

  get inFlight(): number {
    return this.used;
  }

  admit(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): void {
    const declared = Number(req.headers['content-length']);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const size = Math.min(
      maxBodyBytes,
      Number.isFinite(declared) && declared > 0 ? declared : chunked ? maxBodyBytes : 0,
    );
    if (size === 0) return;
    if (this.used + size > this.maxBytes) {
      res.setHeader('connection', 'close');
      throw new ServiceUnavailableError(
        'the bridge is receiving too many large request bodies at once; retry shortly',
        'body_budget_exceeded',
        2,
        true,
      );
    }
    this.used += size;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.used -= size;
    };
    req.once('end', release);
    req.once('close', release);
    res.once('close', release);
  }
}
