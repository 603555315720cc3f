/**
 * Enforces stop sequences on streamed text: output ends right before the first occurrence, even
 * when the sequence is split across chunks. Only the tail that could still become a stop
 * sequence is held back, so text without a near-match streams with no added delay.
 *
 * Each stop sequence runs a Knuth–Morris–Pratt matcher over the text as it arrives, so a chunk
 * costs O(chunk length × number of stops) whatever the sequences look like. (Checking every
 * suffix of the held text against every prefix of a sequence was quadratic: a 200,000-character
 * sequence against output matching its prefix blocked the event loop for seconds.)
 */
export class StopScanner {
  private held = '';
  private stopped = false;
  private found: string | null = null;
  private readonly matchers: Matcher[];

  constructor(stops: readonly string[]) {
    this.matchers = stops.filter((s) => s.length > 0).map((s) => new Matcher(s));
  }

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
    if (this.matchers.length === 0) return text;
    const buffer = this.held + text;
    // The answer ends where the first sequence completes (as generation would have stopped
    // there), before the longest sequence completing at that point: independent of chunking.
    let end = -1;
    let cut = -1;
    for (const m of this.matchers) {
      const at = m.feed(text);
      if (at < 0 || (end >= 0 && at > end)) continue;
      const start = this.held.length + at + 1 - m.stop.length;
      if (end < 0 || at < end || start < cut) {
        cut = start;
        this.found = m.stop;
      }
      end = at;
    }
    if (cut >= 0) {
      this.stopped = true;
      this.held = '';
      return buffer.slice(0, cut);
    }
    // Each matcher's state is the longest suffix of the output that is a prefix of its sequence.
    let keep = 0;
    for (const m of this.matchers) if (m.state > keep) keep = m.state;
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  /** At the end of the answer the held tail was not a stop sequence after all. */
  flush(): string {
    const rest = this.stopped ? '' : this.held;
    this.held = '';
    return rest;
  }
}

class Matcher {
  /** characters of `stop` matched by the end of the output so far (always < stop.length) */
  state = 0;
  /** the sequence as UTF-16 code units: comparing numbers, not one-character strings */
  private readonly codes: Uint16Array;
  /** failure function: for each prefix length n, the longest proper border of stop[0..n) */
  private readonly fail: Int32Array;

  constructor(readonly stop: string) {
    const codes = new Uint16Array(stop.length);
    for (let i = 0; i < stop.length; i++) codes[i] = stop.charCodeAt(i);
    const fail = new Int32Array(stop.length + 1);
    let k = 0;
    for (let i = 1; i < codes.length; i++) {
      while (k > 0 && codes[i] !== codes[k]) k = fail[k] as number;
      if (codes[i] === codes[k]) k++;
      fail[i + 1] = k;
    }
    this.codes = codes;
    this.fail = fail;
  }

  /** Feeds text; returns the index in `text` where the first complete match ends, or -1. */
  feed(text: string): number {
    const { codes, fail } = this;
    const n = codes.length;
    let k = this.state;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (k > 0 && c !== codes[k]) k = fail[k] as number;
      if (c === codes[k]) k++;
      if (k === n) {
        this.state = 0;
        return i;
      }
    }
    this.state = k;
    return -1;
  }
}
