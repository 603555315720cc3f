/**
 * Where the page's answer text sits in the text the client receives. The page's grounding
 * supports count UTF-8 bytes of its own answer text; the client's text counts UTF-16 code units
 * (JavaScript string indices) and may differ from the page's: code blocks written in as text
 * (run/code-text.ts) shift what follows them, and a stop sequence cuts the end. The page text is
 * kept only for answers that can carry sources (Search or URL context on), and those are short.
 */
export class TextMap {
  private page = '';
  private pageChars = 0;
  /** text the bridge wrote in, at a page character position */
  private readonly inserts: { at: number; length: number }[] = [];
  /** characters the client received (after stop-sequence cuts) */
  private sent = 0;

  constructor(private readonly keepPageText: boolean) {}

  /** text the page produced */
  fromPage(text: string): void {
    this.pageChars += text.length;
    if (this.keepPageText) this.page += text;
  }

  /** text the bridge adds to the answer before the page text that follows */
  insert(length: number): void {
    this.inserts.push({ at: this.pageChars, length });
  }

  /** the last character the client was given ('' before any) */
  lastDelivered = '';

  /** text the client was given */
  delivered(text: string): void {
    this.sent += text.length;
    if (text) this.lastDelivered = text.at(-1) ?? '';
  }

  /**
   * The client-text range of a page byte range, clipped to what the client received; null when
   * the range was cut off (or the page text was not kept).
   */
  range(startByte: number, endByte: number): { start: number; end: number } | null {
    if (!this.keepPageText || endByte <= startByte) return null;
    const bytes = Buffer.from(this.page, 'utf8');
    const chars = (b: number): number => bytes.subarray(0, Math.min(b, bytes.length)).toString('utf8').length;
    const shift = (c: number, inclusive: boolean): number =>
      c + this.inserts.reduce((n, i) => (i.at < c || (inclusive && i.at === c) ? n + i.length : n), 0);
    const start = shift(chars(startByte), true);
    const end = Math.min(shift(chars(endByte), false), this.sent);
    return start < end ? { start, end } : null;
  }
}
