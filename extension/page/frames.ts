/**
 * What one GenerateContent frame says besides its answer parts (2026 layout, also the older
 * one): `frame[0]` candidates (`candidate[1]` finish reason), `frame[1]` prompt feedback (a
 * blocked prompt: block reason at [0], no candidates), `frame[2]` usage, `frame[7]` response id.
 * A body may instead be a gRPC-web error sent with status 200: `[null, [status, "message"]]`.
 * Pure functions, no DOM: shared by the tap and its unit tests.
 */

import { groundingOf, type GroundingFind } from './extras.ts';

export type FrameFind =
  /** Search / URL context sources of the candidate (candidate[7]) */
  | GroundingFind
  /** the candidate's finish reason (Gemini enum: 1 STOP, 2 MAX_TOKENS, 3 SAFETY, …) */
  | { kind: 'finish'; reason: number }
  /** usage metadata: [prompt, visible output, total, …, tool-use prompt at 7, thoughts at 9] */
  | { kind: 'usage'; promptTokens?: number; completionTokens?: number; reasoningTokens?: number }
  /** the prompt was refused before generation (block reason: 1 SAFETY, 2 OTHER, 3 BLOCKLIST, 4 PROHIBITED_CONTENT, 5 IMAGE_SAFETY) */
  | { kind: 'blocked'; reason: number; message?: string }
  /** a gRPC status inside a 200 body (3 INVALID_ARGUMENT, 7 PERMISSION_DENIED, 8 RESOURCE_EXHAUSTED, 16 UNAUTHENTICATED) */
  | { kind: 'error'; code: number; message: string };

const count = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;

/** `[null, [status, "message", …]]` */
export function rpcErrorOf(value: unknown): Extract<FrameFind, { kind: 'error' }> | null {
  if (!Array.isArray(value) || value[0] != null || !Array.isArray(value[1])) return null;
  const [code, message] = value[1] as unknown[];
  return typeof code === 'number' && Number.isInteger(code) && typeof message === 'string'
    ? { kind: 'error', code, message }
    : null;
}

/**
 * Usage from the page's numbers. Gemini counts total = prompt + output + thoughts + tool-use
 * prompt, so a missing output or thoughts count is derived from the total when that is exact;
 * otherwise it stays unknown (and the bridge estimates it).
 */
export function usageOf(meta: unknown): Extract<FrameFind, { kind: 'usage' }> | null {
  if (!Array.isArray(meta) || !meta.some((n) => typeof n === 'number')) return null;
  const prompt = count(meta[0]);
  const total = count(meta[2]);
  const toolUse = count(meta[7]) ?? 0;
  let output = count(meta[1]);
  let thoughts = count(meta[9]);
  if (prompt !== undefined && total !== undefined) {
    const rest = total - prompt - toolUse;
    if (thoughts === undefined && output !== undefined && rest - output >= 0) thoughts = rest - output;
    if (output === undefined && rest - (thoughts ?? 0) >= 0) output = rest - (thoughts ?? 0);
  }
  return { kind: 'usage', promptTokens: prompt, completionTokens: output, reasoningTokens: thoughts };
}

/** Everything a frame reports besides its content parts; nothing for shapes it does not know. */
export function interpretFrame(frame: unknown): FrameFind[] {
  if (!Array.isArray(frame)) return [];
  const error = rpcErrorOf(frame);
  if (error) return [error];
  const out: FrameFind[] = [];
  const candidate: unknown = Array.isArray(frame[0]) ? frame[0][0] : undefined;
  const grounding = Array.isArray(candidate) ? groundingOf(candidate[7]) : null;
  if (grounding) out.push(grounding);
  if (Array.isArray(candidate) && typeof candidate[1] === 'number') out.push({ kind: 'finish', reason: candidate[1] });
  const feedback: unknown = frame[1];
  if (frame[0] == null && Array.isArray(feedback) && typeof feedback[0] === 'number' && feedback[0] > 0) {
    const message = feedback.find((v, i) => i > 0 && typeof v === 'string');
    out.push({ kind: 'blocked', reason: feedback[0], ...(typeof message === 'string' ? { message } : {}) });
  }
  const usage = usageOf(frame[2]);
  if (usage) out.push(usage);
  return out;
}

const isContent = (v: unknown): boolean => Array.isArray(v) && v.at(-1) === 'model' && Array.isArray(v[0]);
/** `[content, …]`, or `[null, finishReason, …]` (finish-only) */
const isCandidate = (v: unknown): boolean =>
  Array.isArray(v) && (isContent(v[0]) || (v[0] === null && typeof v[1] === 'number'));

/** A frame: candidates (or null) at [0], and something more than that. */
function isFrame(v: unknown): v is unknown[] {
  if (!Array.isArray(v) || v.length < 2) return false;
  return v[0] === null || (Array.isArray(v[0]) && v[0].length > 0 && v[0].every(isCandidate));
}

/**
 * The frames of a whole body, for a response whose frames the streaming scan could not place
 * (no answer part to anchor on: blocked prompt, in-body error, finish-only body). The body is an
 * array of frames, possibly wrapped once more; an error body is itself the one "frame".
 */
export function framesOfBody(body: unknown, depth = 0): unknown[][] {
  if (rpcErrorOf(body) || isFrame(body)) return [body as unknown[]];
  if (!Array.isArray(body) || depth >= 2) return [];
  return body.flatMap((item) => framesOfBody(item, depth + 1));
}
