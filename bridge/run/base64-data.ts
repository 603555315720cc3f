import { spliceMark } from './json-pieces.ts';

/**
 * A generated image's base64, held as the byte chunks it arrived in (a 10 MB image is ~13 MB of
 * base64: held once, as bytes). JSON writers that know it (run/json-pieces.ts) write the chunks
 * as they are; anything else that serialises it still gets the whole string, only slower.
 */
export class Base64Data {
  private constructor(
    /** written before the base64 inside the same JSON string, e.g. `data:image/png;base64,` */
    readonly prefix: string,
    /** base64 text (ASCII), in order */
    readonly chunks: readonly Buffer[],
  ) {}

  static of(base64: string): Base64Data {
    return new Base64Data('', [Buffer.from(base64, 'latin1')]);
  }

  /** Chunks of base64 text (ASCII), in order. */
  static join(chunks: readonly Buffer[]): Base64Data {
    return new Base64Data('', chunks);
  }

  /** The same bytes behind another prefix (nothing is copied). */
  withPrefix(prefix: string): Base64Data {
    return new Base64Data(prefix, this.chunks);
  }

  /** Characters of base64, without the prefix. */
  get length(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  toString(): string {
    return this.prefix + Buffer.concat(this.chunks as Buffer[]).toString('latin1');
  }

  toJSON(): string {
    return spliceMark(this) ?? this.toString();
  }
}
