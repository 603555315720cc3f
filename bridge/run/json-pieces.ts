import { randomBytes } from 'node:crypto';
import type { Base64Data } from './base64-data.ts';

/** What a JSON body or SSE event is written as: text, and image bytes as they are held. */
export type Pieces = readonly (string | Buffer)[];

// A per-process marker no client text can predict: JSON.stringify writes it where an image goes.
const MARK = `@@bridge-b64-${randomBytes(6).toString('hex')}-`;
const MARK_RE = new RegExp(`"${MARK}(\\d+)@@"`, 'g');

let splicing: Base64Data[] | null = null;

/** Called by Base64Data.toJSON: inside jsonPieces, a marker to splice the bytes in at; else null. */
export function spliceMark(data: Base64Data): string | null {
  if (!splicing) return null;
  splicing.push(data);
  return `${MARK}${splicing.length - 1}@@`;
}

/**
 * JSON.stringify, except that an image's base64 (Base64Data) is not copied into the text: the
 * result is the text around it with the held chunks in between, to be written one after another.
 */
export function jsonPieces(value: unknown): Pieces {
  const found: Base64Data[] = [];
  splicing = found;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    splicing = null;
  }
  if (found.length === 0) return [text];
  const out: (string | Buffer)[] = [];
  let at = 0;
  for (const m of text.matchAll(MARK_RE)) {
    const data = found[Number(m[1])];
    if (!data) continue;
    // Base64 needs no JSON escaping; the prefix (a data: URL's head) is escaped like any string.
    out.push(`${text.slice(at, m.index)}${JSON.stringify(data.prefix).slice(0, -1)}`, ...data.chunks, '"');
    at = m.index + m[0].length;
  }
  out.push(text.slice(at));
  return out;
}

export const piecesBytes = (pieces: Pieces): number =>
  pieces.reduce((n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : p.length), 0);
