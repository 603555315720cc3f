/**
 * Pure parsing of AI Studio's internal RPC wire formats (no DOM, no globals), shared by the
 * MAIN-world tap and its unit tests. The formats: docs/aistudio-wire.md.
 *
 * GenerateContent streams one big JSON array (JSPB: positional arrays) in chunks. Somewhere
 * inside it, every streamed piece of the answer is a Content `[[part, …], "model"]`. The
 * older driver finds them with the regex `\[\[\[null,.*?]],"model"]`, which breaks on text
 * containing `]],"model"]` and only looks at the first part. Instead we scan the growing text
 * once, tracking strings/escapes and array nesting, and JSON-parse every array that closes
 * with `"model"` as its last element: robust to any text, any chunk split, several parts.
 */

export type WirePiece =
  | { kind: 'text'; text: string }
  | { kind: 'thought'; text: string }
  | { kind: 'call'; name: string; args: Record<string, unknown> };

export interface WireModel {
  id: string;
  displayName?: string;
  description?: string;
  outputTokenLimit?: number;
  defaultTopP?: number;
}

export const isGenerateContentUrl = (url: string): boolean => /generatecontent/i.test(pathOf(url));
export const isListModelsUrl = (url: string): boolean => pathOf(url).includes('ListModels');

function pathOf(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

/** What the scanner finds in the stream, in order. */
export type WireFind =
  | { kind: 'content'; content: unknown[] }
  /** the candidate's finish reason (Gemini enum: 1 STOP, 2 MAX_TOKENS, 3 SAFETY, …) */
  | { kind: 'finish'; reason: number }
  /** usage metadata: [prompt, candidates, total, …, thoughts at 9] (Gemini UsageMetadata field order) */
  | { kind: 'usage'; promptTokens?: number; completionTokens?: number; reasoningTokens?: number };

/**
 * Incremental scanner: feed it the response text as it grows (either the whole text so far or
 * only the new suffix) and it returns what was completed since the last call. Work is linear in
 * the total length: each character is looked at once.
 *
 * Besides Contents it reads, positionally (JSPB puts field 1 first), the two ancestors a
 * Content sits in: the candidate `[content, finishReason]` and the chunk
 * `[[candidate], …, usage]`. Unknown shapes are simply not reported.
 */
export interface ContentScanner {
  /** append newly received text */
  push(chunk: string): WireFind[];
  /** feed the full text received so far (XHR responseText); only the unseen suffix is scanned */
  pushAll(fullText: string): WireFind[];
}

export function createContentScanner(): ContentScanner {
  let buf = '';
  let pos = 0;
  let inString = false;
  let escaped = false;
  const opens: number[] = [];
  let contentStart = -1;

  function scan(): WireFind[] {
    const found: WireFind[] = [];
    for (; pos < buf.length; pos++) {
      const ch = buf.charCodeAt(pos);
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
        if (buf.endsWith('"model"', pos)) {
          const content = parseContent(buf.slice(start, pos + 1));
          if (content) {
            found.push({ kind: 'content', content });
            contentStart = start;
          }
        } else if (contentStart >= 0 && start === contentStart - 1) {
          const reason = parseJson(buf.slice(start, pos + 1));
          if (Array.isArray(reason) && typeof reason[1] === 'number') found.push({ kind: 'finish', reason: reason[1] });
        } else if (contentStart >= 0 && start === contentStart - 3) {
          const usage = toUsage(parseJson(buf.slice(start, pos + 1)));
          if (usage) found.push(usage);
        }
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
      if (fullText.length > buf.length) buf = fullText;
      return scan();
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

function toUsage(chunk: unknown): WireFind | null {
  if (!Array.isArray(chunk)) return null;
  const meta = chunk[2];
  if (!Array.isArray(meta) || !meta.some((n) => typeof n === 'number')) return null;
  const count = (i: number): number | undefined => {
    const n = meta[i];
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  return { kind: 'usage', promptTokens: count(0), completionTokens: count(1), reasoningTokens: count(9) };
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
 * (`part[12] === 1`, seen in real captures, 2026; docs/aistudio-wire.md#parts); the older driver only knows
 * "longer than 2". We trust the flag when the part is long enough to have it, and fall back to
 * its rule for shorter parts (stays compatible with its fixtures).
 */
export function classifyParts(content: unknown[]): WirePiece[] {
  const parts = content[0];
  if (!Array.isArray(parts)) return [];
  const pieces: WirePiece[] = [];
  for (const part of parts) {
    if (!Array.isArray(part)) continue;
    const call = part.length >= 11 ? part[10] : undefined;
    if (Array.isArray(call) && typeof call[0] === 'string' && call[0]) {
      pieces.push({ kind: 'call', name: call[0], args: decodeArgs(call[1]) });
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

const MAX_DEPTH = 32;

/**
 * Function-call arguments: wrappers around a list of `[name, typedValue]` pairs. Unwrap until
 * the first element looks like a pair (`[string, …]`).
 */
export function decodeArgs(raw: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pairs: unknown = raw;
  for (let i = 0; i < MAX_DEPTH && Array.isArray(pairs) && pairs.length > 0 && !isPair(pairs[0]); i++) pairs = pairs[0];
  if (!Array.isArray(pairs)) return out;
  for (const pair of pairs) {
    if (isPair(pair)) out[pair[0]] = decodeTypedValue(pair[1], depth + 1);
  }
  return out;
}

function isPair(value: unknown): value is [string, unknown] {
  return Array.isArray(value) && typeof value[0] === 'string';
}

/**
 * A typed value is recognised by its length (docs/aistudio-wire.md#function-call-arguments):
 * 1 null, 2 number, 3 string, 4 boolean, 5 object, 6 array. Arrays may carry extra wrappers around their items.
 */
export function decodeTypedValue(value: unknown, depth = 0): unknown {
  if (!Array.isArray(value) || depth > MAX_DEPTH) return null;
  switch (value.length) {
    case 2:
      return typeof value[1] === 'number' ? value[1] : null;
    case 3:
      return typeof value[2] === 'string' ? value[2] : null;
    case 4:
      return value[3] === 1 || value[3] === true;
    case 5:
      return decodeArgs(value[4] ?? [], depth + 1);
    case 6:
      return decodeArrayItems(value[5], depth + 1);
    default:
      return null;
  }
}

function decodeArrayItems(items: unknown, depth: number): unknown[] {
  let list: unknown = items;
  // Unwrap `[[item, item]]` wrappers: a typed value always starts with null (or a number/string
  // at its payload index), a wrapper holds only arrays.
  for (let i = 0; i < MAX_DEPTH && Array.isArray(list) && list.length === 1 && Array.isArray(list[0]) && isWrapper(list[0]); i++) {
    list = list[0];
  }
  if (!Array.isArray(list)) return [];
  return list.map((item) => decodeTypedValue(item, depth + 1));
}

function isWrapper(value: unknown[]): boolean {
  return value.length > 0 && value.every((v) => Array.isArray(v)) && value[0] !== null;
}

/** Stable key for de-duplicating a call repeated across chunks. */
export function callKey(name: string, args: Record<string, unknown>): string {
  return `${name}\u0000${stableJson(args)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * ListModels body: `)]}'\n` + nested arrays (docs/aistudio-wire.md#listmodels). Entry indices: 0 `models/<id>`,
 * 3 display name, 4 description, 6 output token limit, 9 default top-p.
 */
export function parseListModels(body: string): WireModel[] {
  const json = body.replace(/^\s*\)\]\}'\s*/, '');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const entries = findModelEntries(data);
  const seen = new Set<string>();
  const models: WireModel[] = [];
  for (const entry of entries) {
    const model = toModel(entry);
    if (model && !seen.has(model.id)) {
      seen.add(model.id);
      models.push(model);
    }
  }
  return models;
}

function findModelEntries(data: unknown): unknown[][] {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    return findModelEntries(obj.models ?? obj.data);
  }
  if (!Array.isArray(data)) return [];
  if (Array.isArray(data[0]) && Array.isArray(data[0][0])) return data[0].filter(Array.isArray);
  if (Array.isArray(data[0]) && typeof data[0][0] === 'string') return data.filter(Array.isArray);
  return [];
}

function toModel(entry: unknown[]): WireModel | null {
  const path = entry[0];
  if (typeof path !== 'string' || !path) return null;
  const id = path.slice(path.lastIndexOf('/') + 1);
  if (!id) return null;
  const model: WireModel = { id };
  if (typeof entry[3] === 'string' && entry[3]) model.displayName = entry[3];
  if (typeof entry[4] === 'string' && entry[4]) model.description = entry[4];
  if (typeof entry[6] === 'number' && Number.isInteger(entry[6]) && entry[6] > 0) model.outputTokenLimit = entry[6];
  if (typeof entry[9] === 'number' && Number.isFinite(entry[9])) model.defaultTopP = Math.min(1, Math.max(0, entry[9]));
  return model;
}
