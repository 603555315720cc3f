// The GenerateContent response as public projects recorded the real page in 2026 (the "2026"
// wire variant; sim/README.md). Written from the documented 2026 frame layout only (docs/aistudio-wire.md):
//   frame     = [candidates | null, promptFeedback | null, usage, null, null, null, null, responseId]
//   candidate = [content | null, finishReason]              content null in a finish-only frame
//   usage     = [prompt, visibleOutput, total, null, [[1, prompt]], null, null, null, null, thoughts]
//   part      = [null, "text"]                              answer text
//             | [null, "thought", null × 10, 1]             thought, flag 1 at [12]
//             | [null, "", null × 12, "<signature>"]       signature-only part (neither text nor thought)
//             | [null × 10, [name, args, callId], null, null, null, "<signature>"]   function call (length 15)
// A trailer frame without candidates follows the last one: [null, null, null, ["<digits>", …]].
// Errors travel inside a 200 body, gRPC-web style: [null, [grpcStatus, "message"]].

import { encodeArgs, type JsonValue } from './typed-args.ts';
import type { Usage } from './response.ts';

export const SIGNATURE = 'Es4DCssDAb4+9vv0simulatedThoughtSignature';

/** gRPC statuses the page's RPC may put in a 200 body. */
export const GRPC = { INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAUTHENTICATED: 16 } as const;

export const DEFAULT_GRPC_MESSAGES: Readonly<Record<number, string>> = {
  3: 'Request contains an invalid argument.',
  7: 'The caller does not have permission',
  8: 'Resource has been exhausted (e.g. check quota).',
  16: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
};

export const signaturePart = (): unknown[] => [null, '', ...new Array<null>(12).fill(null), SIGNATURE];

export function callPart2026(name: string, args: { [key: string]: JsonValue }, callId: string): unknown[] {
  return [...new Array<null>(10).fill(null), [name, encodeArgs(args), callId], null, null, null, SIGNATURE];
}

function usageArray(u: Usage): unknown[] {
  const total = u.promptTokens + u.candidatesTokens + u.thoughtsTokens;
  return [
    u.promptTokens,
    u.candidatesTokens,
    total,
    null,
    [[1, u.promptTokens]],
    null,
    null,
    null,
    null,
    u.thoughtsTokens,
  ];
}

/** A frame with one candidate holding `parts`; finish reason and usage only on the last one. */
export function frame2026(
  responseId: string,
  parts: unknown[][],
  finish?: number,
  usage?: Usage,
  grounding?: unknown[],
): string {
  const candidate: unknown[] = [[parts, 'model']];
  if (finish !== undefined) candidate.push(finish, null, null, [[null, null, 7, 1]]);
  if (grounding) {
    while (candidate.length < 7) candidate.push(null);
    candidate[7] = grounding;
  }
  return JSON.stringify([[candidate], null, usage ? usageArray(usage) : null, null, null, null, null, responseId]);
}

/** The last frame without content: `[[[null, finish]], null, usage, …, responseId]`. */
export function finishOnlyFrame(responseId: string, finish: number, usage: Usage): string {
  return JSON.stringify([[[null, finish]], null, usageArray(usage), null, null, null, null, responseId]);
}

export const trailerFrame = (at: number): string => JSON.stringify([null, null, null, [String(at * 1000), 1]]);

/** A blocked prompt: block reason in the prompt feedback at [1], no candidates, prompt tokens only. */
export function blockedFrame(responseId: string, blockReason: number, promptTokens: number): string {
  return JSON.stringify([null, [blockReason], [promptTokens, null, promptTokens], null, null, null, null, responseId]);
}

export const errorBody = (code: number, message: string): string => JSON.stringify([null, [code, message]]);

/** A response id shaped like the captured ones ("v1_" + base64). */
export const responseId = (index: number): string => `v1_ChdzaW0tcmVzcG9uc2UtJHtpbmRleH0${index.toString(36)}`;
