import type { ServerResponse } from 'node:http';
import type { Timers } from '../timers.ts';

export interface WriteLimits {
  /** bytes one response may hold unsent (Node's buffer plus the socket's) before its job is cancelled */
  maxUnsentBytes: number;
  /** a response with data waiting that sends less than MIN_PROGRESS_BYTES in this time is cut */
  writeTimeoutMs: number;
}

/** Less than this per write timeout while data waits: the client is gone or reads at a trickle. */
const MIN_PROGRESS_BYTES = 16 * 1024;

/** Unsent bytes at which the response asks its job's link to stop pulling (a quarter of the cap, at most 1 MiB). */
const pressureAt = (limits: WriteLimits): number => Math.min(1024 * 1024, limits.maxUnsentBytes / 4);

/**
 * Bounds the memory and time one response may take when its client does not read.
 *
 * - Past `pressureAt` unsent bytes, `onPressure(true)` asks the job's extension link to stop
 *   pulling frames until the client drains (`onPressure(false)`); the link caps that pause, because
 *   every tab of a browser shares one WebSocket and a dead client must not stall the others.
 * - Past `maxUnsentBytes`, `onOverflow` fires once: the caller cancels the job on the page and
 *   ends the response. So at most that much is ever held for one client.
 * - While data waits, a progress check every `writeTimeoutMs` destroys a socket that moved less
 *   than MIN_PROGRESS_BYTES: a dead or 1-byte-per-second reader never pins a response longer.
 */
export class WriteGuard {
  private overflowed = false;
  /** the largest single write since the client last drained (see `wrote`) */
  private allowance = 0;
  private pressured = false;
  private timer: unknown = undefined;
  private sentAtCheck = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly timers: Timers,
    private readonly limits: WriteLimits,
    private readonly onOverflow: (unsentBytes: number) => void,
    private readonly onPressure: (on: boolean) => void = () => {},
  ) {
    res.once('close', () => {
      this.stop();
      this.release();
    });
    res.on('drain', () => this.release());
  }

  /** Bytes written but not yet taken by the client. */
  get unsent(): number {
    return this.res.writableLength ?? 0;
  }

  /**
   * Call after every write with what `res.write` returned (and the write's size). One write may
   * exceed the cap by itself (a generated image is one frame): the cap counts what waits beyond
   * the largest single write since the client last drained, so at most one such frame is held.
   */
  wrote(flushed: boolean, size = 0): void {
    if (flushed) return;
    this.allowance = Math.max(this.allowance, size);
    if (!this.pressured && !this.overflowed && this.unsent > pressureAt(this.limits)) {
      this.pressured = true;
      this.onPressure(true);
    }
    if (!this.overflowed && this.unsent > this.limits.maxUnsentBytes + this.allowance) {
      this.overflowed = true;
      this.onOverflow(this.unsent);
    }
    this.watch();
  }

  /** Call after `res.end`: the last bytes must leave within the same progress rule. */
  ended(): void {
    // Nothing more is written for this job: its link may pull again at once.
    this.release();
    if (this.unsent > 0) this.watch();
  }

  private release(): void {
    if (this.unsent === 0) this.allowance = 0;
    if (!this.pressured) return;
    this.pressured = false;
    this.onPressure(false);
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
