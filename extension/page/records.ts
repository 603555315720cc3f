/**
 * What the MAIN-world tap reports to the content script, one record per event. Plain types only:
 * the tap runs in the page and stays dependency-free; the content script owns the zod schema
 * (extension/content/tap-records.ts) and checks at compile time that it matches these types.
 *
 * `rpc` numbers one GenerateContent request within the page's lifetime, so records of an old
 * run that is still draining can never be mistaken for the current one.
 */
import type { WireModel } from './wire.ts';

export type TapRecord =
  | { t: 'rpc.start'; rpc: number; url: string; at: number }
  | { t: 'rpc.text'; rpc: number; text: string }
  | { t: 'rpc.thought'; rpc: number; text: string }
  | { t: 'rpc.call'; rpc: number; name: string; args: string }
  /** Gemini FinishReason number of the candidate (1 STOP, 2 MAX_TOKENS, 3 SAFETY, …) */
  | { t: 'rpc.finish'; rpc: number; reason: number }
  | { t: 'rpc.usage'; rpc: number; promptTokens?: number; completionTokens?: number; reasoningTokens?: number }
  | { t: 'rpc.done'; rpc: number }
  | { t: 'rpc.error'; rpc: number; status: number | null; message: string; quota: boolean; aborted: boolean }
  | { t: 'models'; models: WireModel[] };

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

/** Gemini FinishReason → OpenAI finish_reason. */
export function finishReasonName(reason: number): 'stop' | 'length' | 'content_filter' {
  if (reason === 2) return 'length';
  if ([3, 4, 6, 7, 8].includes(reason)) return 'content_filter';
  return 'stop';
}
