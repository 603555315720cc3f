/**
 * Pure parsing of AI Studio's internal RPC wire formats (no DOM, no globals), shared by the
 * MAIN-world tap and its unit tests. The formats are described in docs/aistudio-wire.md.
 *
 * GenerateContent streams one big JSON array of frames (JSPB: positional arrays; layout in
 * frames.ts) in chunks. Every streamed piece of the answer is a Content `[[part, …], "model"]`. An
 * older driver finds them with the regex `\[\[\[null,.*?]],"model"]`, which breaks on text
 * containing `]],"model"]` and only looks at the first part. Instead we scan the growing text
 * once, tracking strings/escapes and array nesting, and JSON-parse every array that closes
 * with `"model"` as its last element: robust to any text, any chunk split, several parts.
 */

import { extraPiece, type ExtraPiece } from './extras.ts';
import { framesOfBody, interpretFrame, type FrameFind } from './frames.ts';
import { decodeArgs } from './typed-args.ts';

export type WirePiece =
  | { kind: 'text'; text: string }
  | { kind: 'thought'; text: string }
  /** `id`: the call id at part[10][2] (2026 wire), absent in older captures */
  | { kind: 'call'; name: string; args: Record<string, unknown>; id?: string }
  /** images (drafts excluded), executable code and its result (extras.ts) */
  | ExtraPiece;

export const isGenerateContentUrl = (url: string): boolean => /generatecontent/i.test(pathOf(url));
export const isListModelsUrl = (url: string): boolean => pathOf(url).includes('ListModels');

function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

/** What the scanner finds in the stream, in order: answer Contents, and what frames report. */
export type WireFind = { kind: 'content'; content: unknown[] } | FrameFind;

/**
 * Incremental scanner: feed it the response text as it grows (either the whole text so far or
 * only the new suffix) and it returns what was completed since the last call. Work is linear in
 * the total length: each character is looked at once, each frame parsed once.
 *
 * The first Content places the frames: a Content sits at frame[0][0][0], so every array that
 * closes three levels above it is a frame, read by frames.ts (finish reason, usage, prompt
 * feedback, in-body error) — also frames without any Content, such as a finish-only frame.
 * A response with no Content at all (blocked prompt, error body) is read whole by `end()`.
 */
export interface ContentScanner {
  /** append newly received text */
  push(chunk: string): WireFind[];
  /** feed the full text received so far (XHR responseText); only the unseen suffix is scanned */
  pushAll(fullText: string): WireFind[];
  /** the body is complete: what only the whole body can tell (nothing when frames were read while streaming) */
  end(): WireFind[];
}

export function createContentScanner(): ContentScanner {
  // Positions are absolute offsets in the response; `buf` holds the text from `base` on. Once the
  // frames are placed, text before the frame being read is dropped, so no push re-copies the
  // whole response (appending to a long string and indexing it flattens it: quadratic).
  let buf = '';
  let base = 0;
  let pos = 0;
  let inString = false;
  let escaped = false;
  const opens: number[] = [];
  let frameDepth = -1;

  const slice = (start: number, end: number): string => buf.slice(start - base, end - base);

  function scan(): WireFind[] {
    const found: WireFind[] = [];
    const end = base + buf.length;
    for (; pos < end; pos++) {
      const ch = buf.charCodeAt(pos - base);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 0x5c /* \ */) escaped = true;
        else if (ch === 0x22 /* " */) inString = false;
        continue;
      }
      if (ch === 0x22) inString = true;
      else if (ch === 0x5b /* [ */) opens.push(pos);
      else if (ch === 0x5d /* ] */) {
        const start = opens.pop();
        // `)]}'` anti-XSSI prefixes close nothing: ignore unbalanced brackets.
        if (start === undefined) continue;
        const depth = opens.length;
        // Once the frames are placed, an array closing above them (the body, a wrapper) is
        // neither a frame nor an answer Content; its start may already be dropped, so reading it
        // would make the result depend on how the body was chunked.
        if (depth < frameDepth) continue;
        if (buf.endsWith('"model"', pos - base)) {
          const content = parseContent(slice(start, pos + 1));
          if (content) {
            found.push({ kind: 'content', content });
            if (frameDepth < 0 && depth >= 3) frameDepth = depth - 3;
          }
        } else if (depth === frameDepth) {
          found.push(...interpretFrame(parseJson(slice(start, pos + 1))));
        }
      }
    }
    if (frameDepth >= 0) {
      const keepFrom = opens[frameDepth] ?? pos;
      if (keepFrom > base) {
        buf = buf.slice(keepFrom - base);
        base = keepFrom;
      }
    }
    return found;
  }

  return {
    push(chunk) {
      buf += chunk;
      return scan();
    },
    pushAll(fullText) {
      const seen = base + buf.length;
      buf += fullText.slice(seen);
      return scan();
    },
    end() {
      // Frames were placed while streaming (and earlier text dropped): nothing more to read.
      if (frameDepth >= 0) return [];
      const body = parseJson(buf.replace(/^\s*\)\]\}'\s*/, ''));
      return framesOfBody(body).flatMap(interpretFrame);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseContent(text: string): unknown[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value[value.length - 1] !== 'model' || !Array.isArray(value[0])) return null;
  return value;
}

/** `<ctrl46>` style control markers leak into streamed text; drop them. */
export const stripCtrlMarkers = (text: string): string => text.replace(/<ctrl\d+>/g, '');

/**
 * Classify the parts of one Content. Thoughts: a real part carries a flag at index 12
 * (`part[12] === 1` in a real 2026 capture; `true` is accepted too, as JSPB may encode a bool
 * either way; docs/aistudio-wire.md#parts); an older driver only knows "longer than 2". We trust
 * the flag when the part is long enough to have it, and fall back to that rule for shorter parts.
 * Parts with empty text (the closing part, signature-only parts) are neither text nor thought.
 */
export function classifyParts(content: unknown[]): WirePiece[] {
  const parts = content[0];
  if (!Array.isArray(parts)) return [];
  const pieces: WirePiece[] = [];
  for (const part of parts) {
    if (!Array.isArray(part)) continue;
    const call: unknown = part[10];
    if (Array.isArray(call) && typeof call[0] === 'string' && call[0]) {
      const id: unknown = call[2];
      pieces.push({
        kind: 'call',
        name: call[0],
        args: decodeArgs(call[1]),
        ...(typeof id === 'string' && id ? { id } : {}),
      });
      continue;
    }
    const extra = extraPiece(part);
    if (extra) {
      pieces.push(extra);
      continue;
    }
    const text = part[1];
    if (typeof text !== 'string') continue;
    const cleaned = stripCtrlMarkers(text);
    if (!cleaned) continue;
    const flagged = part.length > 12 ? part[12] === 1 || part[12] === true : part.length > 2;
    pieces.push({ kind: flagged ? 'thought' : 'text', text: cleaned });
  }
  return pieces;
}

/**
 * Stable key for de-duplicating a call repeated across chunks. The call id identifies a call
 * when the page sends one: two identical parallel calls (same name and arguments) have
 * different ids and stay two calls. Without an id, name + arguments is all there is.
 */
export function callKey(call: { name: string; args: Record<string, unknown>; id?: string }): string {
  return call.id ? `id\u0000${call.id}` : `${call.name}\u0000${stableJson(call.args)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
