import type { ServerResponse } from 'node:http';
import type { Timers } from '../timers.ts';
import type { Pieces } from './json-pieces.ts';
import type { WriteGuard } from './write-guard.ts';

export interface StreamFormat {
  contentType: string;
  /** written whenever nothing else went out for a heartbeat interval; null = none (NDJSON has no comments) */
  heartbeat: string | null;
}

/**
 * The one place a streamed response body is written, for every surface and wire format (OpenAI
 * and Anthropic SSE, Gemini SSE or JSON array, Ollama NDJSON): headers once (buffering disabled
 * for proxies), every event in a single write, a heartbeat whenever nothing else went out for an
 * interval, `end` idempotent and harmless once the client left. Backpressure lives here too:
 * every write reports to the run's WriteGuard, which bounds what a client that does not read can
 * make the bridge hold (pause the link, then cancel the job); heartbeats wait while data waits.
 */
export class StreamWriter {
  private opened = false;
  private ended = false;
  private lastWriteAt = 0;
  private heartbeat: unknown;

  constructor(
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly heartbeatMs: number,
    private readonly format: StreamFormat,
    private readonly guard?: WriteGuard,
  ) {
    res.on('close', () => {
      this.ended = true;
      this.timers.clearTimeout(this.heartbeat);
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
      'content-type': this.format.contentType,
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.res.flushHeaders();
    this.lastWriteAt = this.timers.now();
    if (this.format.heartbeat !== null) this.scheduleHeartbeat(this.format.heartbeat);
  }

  write(text: string): void {
    this.writeAll([text]);
  }

  /**
   * One event in pieces (run/json-pieces.ts): an image's held bytes are written as they are, not
   * copied, and the guard sees the event as the one write it is (its size may pass the cap once).
   */
  writeAll(pieces: Pieces): void {
    if (this.ended) return;
    this.open();
    this.lastWriteAt = this.timers.now();
    let flushed = true;
    let size = 0;
    for (const piece of pieces) {
      flushed = this.res.write(piece);
      size += piece.length;
    }
    this.guard?.wrote(flushed, size);
  }

  end(last = ''): void {
    if (this.ended) return;
    this.open();
    this.ended = true;
    this.timers.clearTimeout(this.heartbeat);
    this.res.end(last);
    this.guard?.ended();
  }

  private scheduleHeartbeat(text: string): void {
    const due = Math.max(1, this.lastWriteAt + this.heartbeatMs - this.timers.now());
    this.heartbeat = this.timers.setTimeout(() => {
      if (this.ended) return;
      const waiting = this.guard !== undefined && this.guard.unsent > 0;
      if (this.timers.now() - this.lastWriteAt >= this.heartbeatMs && !waiting) this.write(text);
      this.scheduleHeartbeat(text);
    }, due);
  }
}
