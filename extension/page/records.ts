/**
 * What the MAIN-world tap reports to the content script, one record per event. Plain types only:
 * the tap runs in the page and stays dependency-free; the content script owns the zod schema
 * (extension/content/tap-records.ts) and checks at compile time that it matches these types.
 *
 * `rpc` numbers one GenerateContent request within the page's lifetime, so records of an old
 * run that is still draining can never be mistaken for the current one.
 */
import type { WireModel } from './list-models.ts';

export type TapRecord =
  | { t: 'rpc.start'; rpc: number; url: string; at: number }
  | { t: 'rpc.text'; rpc: number; text: string }
  | { t: 'rpc.thought'; rpc: number; text: string }
  | { t: 'rpc.call'; rpc: number; name: string; args: string }
  /** a generated image (one per record: the bridge holds at most one image's bytes at a time) */
  | { t: 'rpc.image'; rpc: number; mimeType: string; data: string }
  | { t: 'rpc.code'; rpc: number; language: string; code: string }
  | {
      t: 'rpc.code_result';
      rpc: number;
      outcome: 'ok' | 'failed' | 'deadline_exceeded' | 'unspecified';
      output: string;
    }
  /** Search / URL context sources; supports are UTF-8 byte ranges of the answer text */
  | {
      t: 'rpc.grounding';
      rpc: number;
      queries: string[];
      sources: { uri: string; title: string }[];
      supports: { start: number; end: number; text: string; sources: number[] }[];
    }
  /** Gemini FinishReason number of the candidate (1 STOP, 2 MAX_TOKENS, 3 SAFETY, …) */
  | { t: 'rpc.finish'; rpc: number; reason: number }
  | { t: 'rpc.usage'; rpc: number; promptTokens?: number; completionTokens?: number; reasoningTokens?: number }
  /** the prompt was refused before generation (prompt feedback block reason: 1 SAFETY, 2 OTHER, 3 BLOCKLIST, …) */
  | { t: 'rpc.blocked'; rpc: number; reason: number; message?: string }
  | { t: 'rpc.done'; rpc: number }
  /** `code`: the gRPC status of an error sent inside a 200 body (8 RESOURCE_EXHAUSTED, 7 PERMISSION_DENIED, …) */
  | {
      t: 'rpc.error';
      rpc: number;
      status: number | null;
      code: number | null;
      message: string;
      quota: boolean;
      aborted: boolean;
    }
  | { t: 'models'; models: WireModel[] }
  /** the page's own CountTokens answer (index 0, input tokens) and when that request was sent (Date.now) */
  | { t: 'count'; tokens: number; sentAt: number };

/** Channel event names (DOM events shared by both worlds). See channel.ts for the handshake. */
export const CHANNEL = {
  /** tap → document: "here is my private node" (the node travels as MouseEvent.relatedTarget) */
  offer: 'aistudio-bridge:offer',
  /** content → document: "I am here, offer again" (the content script started after the tap) */
  ask: 'aistudio-bridge:ask',
  /** content → private node: claim the channel; detail = the nonce the content script created */
  claim: 'aistudio-bridge:claim',
  /** tap → private node: detail = JSON `{nonce, record}` */
  record: 'aistudio-bridge:record',
} as const;

/** Gemini FinishReason names, for messages (the page's "Content blocked" is 19). */
const FINISH_NAMES: Readonly<Record<number, string>> = {
  1: 'STOP',
  2: 'MAX_TOKENS',
  3: 'SAFETY',
  4: 'RECITATION',
  5: 'OTHER',
  6: 'BLOCKLIST',
  7: 'PROHIBITED_CONTENT',
  8: 'SPII',
  9: 'MALFORMED_FUNCTION_CALL',
  10: 'IMAGE_SAFETY',
  11: 'UNEXPECTED_TOOL_CALL',
  12: 'TOO_MANY_TOOL_CALLS',
  19: 'CONTENT_BLOCKED',
};
const BLOCK_NAMES: Readonly<Record<number, string>> = {
  1: 'SAFETY',
  2: 'OTHER',
  3: 'BLOCKLIST',
  4: 'PROHIBITED_CONTENT',
  5: 'IMAGE_SAFETY',
};

export const finishName = (reason: number): string => FINISH_NAMES[reason] ?? `finish reason ${reason}`;
export const blockReasonName = (reason: number): string => BLOCK_NAMES[reason] ?? `block reason ${reason}`;

const FILTERED = new Set([3, 4, 6, 7, 8, 10, 19]);
const CALL_FAILED = new Set([9, 11, 12]);

/**
 * Gemini FinishReason → OpenAI finish_reason, or why the answer failed: a function-call failure
 * (MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS) leaves no usable answer.
 */
export function finishOutcome(reason: number): { finish: 'stop' | 'length' | 'content_filter' } | { failure: string } {
  if (reason === 2) return { finish: 'length' };
  if (FILTERED.has(reason)) return { finish: 'content_filter' };
  if (CALL_FAILED.has(reason))
    return {
      failure: `the model's function call failed (${finishName(reason)}): AI Studio ended the answer without a usable call`,
    };
  return { finish: 'stop' };
}
