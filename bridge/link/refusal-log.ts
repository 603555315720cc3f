import type { Logger } from '../logger.ts';
import type { Timers } from '../timers.ts';

const WINDOW_MS = 60_000;
/** keys remembered at most (the oldest is forgotten first), so a stream of made-up origins is bounded */
const MAX_KEYS = 1_000;

/**
 * Refused WebSockets, logged once per key (an origin, an address) per minute: a browser tab that
 * retries forty times a second must not flood the log. The first refusal of a minute is logged
 * at once; the next line for that key says how many were refused since.
 */
export class RefusalLog {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly timers: Timers,
  ) {}

  warn(message: string, key: string, fields: Record<string, unknown>): void {
    const now = this.timers.now();
    const entry = this.seen.get(key);
    if (entry && now - entry.at < WINDOW_MS) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.seen.delete(key);
    this.seen.set(key, { at: now, suppressed: 0 });
    if (this.seen.size > MAX_KEYS) this.seen.delete(this.seen.keys().next().value as string);
    this.logger.warn(message, { ...fields, ...(suppressed > 0 ? { refusedSinceLastLine: suppressed } : {}) });
  }
}
