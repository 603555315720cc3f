import type { ServerResponse } from 'node:http';
import type { Timers } from '../pool/types.ts';

export interface WriteLimits {
  /** bytes one response may hold unsent (Node's buffer plus the socket's) before its job is cancelled */
  maxUnsentBytes: number;
  /** a response with data waiting that sends less than MIN_PROGRESS_BYTES in this time is cut */
  writeTimeoutMs: number;
}

/** Less than this per write timeout while data waits: the client is gone or reads at a trickle. */
export const MIN_PROGRESS_BYTES = 16 * 1024;

/**
 * Bounds the memory and time one response may take when its client does not read.
 *
 * The page cannot be paused (every tab of a browser shares one WebSocket, so pausing it for one
 * slow client would stall the others), so the bridge keeps writing into the response's buffer
 * until `maxUnsentBytes` are waiting; then `onOverflow` fires once (the caller cancels the job
 * on the page and ends the response). While data waits, a progress check every
 * `writeTimeoutMs` destroys a socket that moved less than MIN_PROGRESS_BYTES: a dead or
 * 1-byte-per-second reader never pins a response for longer than that.
 */
export class WriteGuard {
  private overflowed = false;
  private timer: unknown = undefined;
  private sentAtCheck = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly limits: WriteLimits,
    private readonly onOverflow: (unsentBytes: number) => void,
  ) {
    res.once('close', () => this.stop());
  }

  /** Bytes written but not yet taken by the client. */
  get unsent(): number {
    return this.res.writableLength ?? 0;
  }

  /** Call after every write with what `res.write` returned. */
  wrote(flushed: boolean): void {
    if (flushed) return;
    if (!this.overflowed && this.unsent > this.limits.maxUnsentBytes) {
      this.overflowed = true;
      this.onOverflow(this.unsent);
    }
    this.watch();
  }

  /** Call after `res.end`: the last bytes must leave within the same progress rule. */
  ended(): void {
    if (this.unsent > 0) this.watch();
  }

  private watch(): void {
    if (this.timer !== undefined || this.res.destroyed) return;
    this.sentAtCheck = this.sent();
    this.timer = this.timers.setTimeout(() => this.check(), this.limits.writeTimeoutMs);
  }

  private check(): void {
    this.timer = undefined;
    if (this.res.destroyed || this.unsent === 0) return;
    if (this.sent() - this.sentAtCheck < MIN_PROGRESS_BYTES) {
      this.res.destroy(
        new Error(`write timeout: fewer than ${MIN_PROGRESS_BYTES} bytes taken in ${this.limits.writeTimeoutMs} ms`),
      );
      return;
    }
    this.watch();
  }

  /** Bytes the kernel took (net.Socket's bytesWritten also counts what still waits in its buffer). */
  private sent(): number {
    const socket = this.res.socket;
    return socket ? socket.bytesWritten - socket.writableLength : 0;
  }

  private stop(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
