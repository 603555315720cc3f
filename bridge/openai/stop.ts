/**
 * Enforces stop sequences on streamed text: output ends right before the first occurrence, even
 * when the sequence is split across chunks. Only the tail that could still become a stop
 * sequence is held back, so text without a near-match streams with no added delay.
 */
export class StopScanner {
  private held = '';
  private stopped = false;
  private found: string | null = null;

  constructor(private readonly stops: readonly string[]) {}

  get hit(): boolean {
    return this.stopped;
  }

  /** The stop sequence the text was cut at (null before a hit): Anthropic reports it. */
  get matched(): string | null {
    return this.found;
  }

  /** Text safe to emit now; after a hit, everything else is dropped. */
  push(text: string): string {
    if (this.stopped) return '';
    if (this.stops.length === 0) return text;
    const buffer = this.held + text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = buffer.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
        this.found = stop;
      }
    }
    if (cut >= 0) {
      this.stopped = true;
      this.held = '';
      return buffer.slice(0, cut);
    }
    const keep = this.partialSuffix(buffer);
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  /** At the end of the answer the held tail was not a stop sequence after all. */
  flush(): string {
    const rest = this.stopped ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** Length of the longest suffix of `buffer` that is a proper prefix of some stop sequence. */
  private partialSuffix(buffer: string): number {
    let best = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, buffer.length); n > best; n--) {
        if (buffer.endsWith(stop.slice(0, n))) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}
