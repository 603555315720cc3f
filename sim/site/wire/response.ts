// The GenerateContent response stream, shared by the simulated server (writer) and page (reader).
//
// Body layout (chosen in the spirit of the real json+protobuf stream, see sim/README.md):
//   `[` chunk `\n,` chunk … `\n]`
//   chunk     = [[candidate], null, usage?]                 candidates at [0], usage metadata at [2]
//   candidate = [content, finishReason?]                    finishReason: 1 = STOP, 2 = MAX_TOKENS
//   content   = [[part], "model"]                           one part per record (older drivers read only the first)
//   part      = [null, "text"]                              answer text (length 2)
//             | [null, "thought", null × 10, 1]             thought (length 13, flag 1 at [12]; older drivers: any length > 2)
//             | [null × 10, [name, args]]                   function call (length 11), args typed per wire/typed-args.ts
//             | [null, null, [mime, base64], …]             inline image; a draft when flagged as a thought at [12]; signature at [14]
//             | [null × 7, [language, code]]                executable code (language 1 = Python)
//             | [null × 8, [outcome, output]]               code execution result (outcome 1 OK, 2 FAILED, 3 DEADLINE)
// Grounding metadata (Search / URL context sources) sits at candidate[7] (wire/grounding.ts).
// Every record therefore contains the substring older drivers match: `[[[null,…]],"model"]`
// (docs/aistudio-wire.md#generatecontent-response).

import { decodeArgs, encodeArgs, type JsonValue } from './typed-args.ts';

const THOUGHT_FLAG_INDEX = 12;

export type WirePart = unknown[];

export const textPart = (text: string): WirePart => [null, text];

export function thoughtPart(text: string): WirePart {
  const part: unknown[] = [null, text];
  while (part.length < THOUGHT_FLAG_INDEX) part.push(null);
  part.push(1);
  return part;
}

export function callPart(name: string, args: { [key: string]: JsonValue }): WirePart {
  const part: unknown[] = new Array(10).fill(null);
  part.push([name, encodeArgs(args)]);
  return part;
}

/** An image part: `[null, null, [mime, base64]]`, padded to 15 slots with a signature at [14], or a draft flagged at [12]. */
export function imagePart(
  mimeType: string,
  data: string,
  opts: { draft?: boolean; signature?: string } = {},
): WirePart {
  const part: unknown[] = [null, null, [mimeType, data]];
  while (part.length < 15) part.push(null);
  if (opts.draft) {
    part.length = THOUGHT_FLAG_INDEX + 1;
    part[THOUGHT_FLAG_INDEX] = 1;
  }
  if (opts.signature && !opts.draft) part[14] = opts.signature;
  return part;
}

export const codePart = (code: string): WirePart => [...new Array<null>(7).fill(null), [1, code]];
export const codeResultPart = (outcome: number, output: string): WirePart => [
  ...new Array<null>(8).fill(null),
  [outcome, output],
];

export interface Usage {
  promptTokens: number;
  candidatesTokens: number;
  thoughtsTokens: number;
}

export function chunkJson(part: WirePart, finish?: number, usage?: Usage, grounding?: unknown[]): string {
  const candidate: unknown[] = [[[part], 'model']];
  if (finish !== undefined) candidate.push(finish);
  if (grounding) {
    while (candidate.length < 7) candidate.push(null);
    candidate[7] = grounding;
  }
  const chunk: unknown[] = [[candidate]];
  if (usage) {
    const total = usage.promptTokens + usage.candidatesTokens + usage.thoughtsTokens;
    // Usage metadata: [prompt, candidates, total, …, thoughts at 9] (reasoning tokens sit at index 9).
    chunk.push(null, [
      usage.promptTokens,
      usage.candidatesTokens,
      total,
      null,
      null,
      null,
      null,
      null,
      null,
      usage.thoughtsTokens,
    ]);
  }
  return JSON.stringify(chunk);
}

export const BODY_OPEN = '[';
export const BODY_SEPARATOR = '\n,';
export const BODY_CLOSE = '\n]';

export type DecodedPart =
  | { kind: 'text'; text: string }
  | { kind: 'thought'; text: string }
  | { kind: 'call'; name: string; args: { [key: string]: JsonValue } }
  | { kind: 'image'; mimeType: string; data: string; draft: boolean }
  | { kind: 'code'; language: number; code: string }
  | { kind: 'code-result'; outcome: number; output: string }
  | { kind: 'other' };

export interface DecodedChunk {
  parts: DecodedPart[];
  finish: number | null;
  /** candidate[7] as sent (wire/grounding.ts), or null. */
  grounding: unknown;
}

export function decodePart(part: unknown): DecodedPart {
  if (!Array.isArray(part)) return { kind: 'other' };
  // Calls: length 11 (default wire) or 15 (2026 wire: call id at [10][2], signature at [14]).
  if (part.length >= 11 && part[1] == null && Array.isArray(part[10]) && typeof part[10][0] === 'string') {
    return { kind: 'call', name: part[10][0], args: decodeArgs(part[10][1]) };
  }
  const inline = part[2];
  if (part[1] == null && Array.isArray(inline) && typeof inline[0] === 'string' && typeof inline[1] === 'string')
    return { kind: 'image', mimeType: inline[0], data: inline[1], draft: part[THOUGHT_FLAG_INDEX] === 1 };
  const code = part[7];
  if (part[1] == null && Array.isArray(code) && typeof code[1] === 'string')
    return { kind: 'code', language: typeof code[0] === 'number' ? code[0] : 0, code: code[1] };
  const result = part[8];
  if (part[1] == null && Array.isArray(result))
    return {
      kind: 'code-result',
      outcome: typeof result[0] === 'number' ? result[0] : 0,
      output: typeof result[1] === 'string' ? result[1] : '',
    };
  // Empty text: the closing part, or a 2026 signature-only part.
  if (typeof part[1] !== 'string' || part[1] === '') return { kind: 'other' };
  if (part.length === 2) return { kind: 'text', text: part[1] };
  if (part.length > THOUGHT_FLAG_INDEX)
    return { kind: part[THOUGHT_FLAG_INDEX] === 1 ? 'thought' : 'text', text: part[1] };
  return { kind: 'thought', text: part[1] };
}

/** A whole body that is a gRPC-web error sent with status 200: `[null, [status, "message"]]` (2026 wire). */
export function inBodyError(body: string): { code: number; message: string } | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v[0] !== null || !Array.isArray(v[1])) return null;
  const [code, message] = v[1] as unknown[];
  return typeof code === 'number' && typeof message === 'string' ? { code, message } : null;
}

export function decodeChunk(chunk: unknown): DecodedChunk {
  const candidate = Array.isArray(chunk) && Array.isArray(chunk[0]) ? chunk[0][0] : undefined;
  if (!Array.isArray(candidate)) return { parts: [], finish: null, grounding: null };
  const content = candidate[0]; // null in a finish-only frame
  const parts = Array.isArray(content) && Array.isArray(content[0]) ? content[0].map(decodePart) : [];
  return { parts, finish: typeof candidate[1] === 'number' ? candidate[1] : null, grounding: candidate[7] ?? null };
}

/**
 * Incremental reader of the outer JSON array: feed it text as it arrives, get every complete
 * element back once. Network chunks may hold several records or split one in the middle.
 */
export class ChunkStreamReader {
  private buffer = '';
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;

  feed(text: string): unknown[] {
    this.buffer += text;
    const out: unknown[] = [];
    for (; this.pos < this.buffer.length; this.pos++) {
      const c = this.buffer[this.pos];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') {
        if (this.depth === 1) this.start = this.pos;
        this.depth++;
      } else if (c === ']' || c === '}') {
        this.depth--;
        if (this.depth === 1 && this.start >= 0) {
          out.push(JSON.parse(this.buffer.slice(this.start, this.pos + 1)));
          this.start = -1;
        }
      }
    }
    // Drop what has been consumed so a long stream does not keep growing the buffer.
    const keepFrom = this.start >= 0 ? this.start : this.pos;
    this.buffer = this.buffer.slice(keepFrom);
    this.pos -= keepFrom;
    if (this.start >= 0) this.start = 0;
    return out;
  }
}

/** Strips `<ctrlNN>` control markers that the real model occasionally leaks into text. */
export const stripCtrlMarkers = (s: string): string => s.replace(/<ctrl\d+>/g, '');
