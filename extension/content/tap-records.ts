import { z } from 'zod';
import { ModelInfo } from '../../protocol/messages.ts';
import type { TapRecord as PageTapRecord } from '../page/records.ts';

/**
 * zod schema of what the MAIN-world tap reports (types in extension/page/records.ts). Records
 * cross a trust boundary (the page could forge DOM events), so they are parsed, never cast.
 */
const rpc = z.number().int().positive();

export const TapRecord = z.discriminatedUnion('t', [
  z.object({ t: z.literal('rpc.start'), rpc, url: z.string(), at: z.number() }),
  z.object({ t: z.literal('rpc.text'), rpc, text: z.string() }),
  z.object({ t: z.literal('rpc.thought'), rpc, text: z.string() }),
  z.object({ t: z.literal('rpc.call'), rpc, name: z.string().min(1), args: z.string() }),
  z.object({ t: z.literal('rpc.image'), rpc, mimeType: z.string().min(1), data: z.string().min(1) }),
  z.object({ t: z.literal('rpc.code'), rpc, language: z.string(), code: z.string() }),
  z.object({
    t: z.literal('rpc.code_result'),
    rpc,
    outcome: z.enum(['ok', 'failed', 'deadline_exceeded', 'unspecified']),
    output: z.string(),
  }),
  z.object({
    t: z.literal('rpc.grounding'),
    rpc,
    queries: z.array(z.string()),
    sources: z.array(z.object({ uri: z.string(), title: z.string() })),
    supports: z.array(
      z.object({
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        text: z.string(),
        sources: z.array(z.number().int().nonnegative()),
      }),
    ),
  }),
  z.object({ t: z.literal('rpc.finish'), rpc, reason: z.number().int() }),
  z.object({
    t: z.literal('rpc.usage'),
    rpc,
    promptTokens: z.number().int().nonnegative().optional(),
    completionTokens: z.number().int().nonnegative().optional(),
    reasoningTokens: z.number().int().nonnegative().optional(),
  }),
  z.object({ t: z.literal('rpc.blocked'), rpc, reason: z.number().int(), message: z.string().optional() }),
  z.object({ t: z.literal('rpc.done'), rpc }),
  z.object({
    t: z.literal('rpc.error'),
    rpc,
    status: z.number().int().nullable(),
    code: z.number().int().nullable(),
    message: z.string(),
    quota: z.boolean(),
    aborted: z.boolean(),
  }),
  z.object({ t: z.literal('models'), models: z.array(ModelInfo).min(1) }),
  z.object({ t: z.literal('count'), tokens: z.number().int().nonnegative(), sentAt: z.number() }),
]);
export type TapRecord = z.infer<typeof TapRecord>;

/** Wire envelope on the channel node: `{nonce, record}` as JSON text. */
export const TapEnvelope = z.object({ nonce: z.string().min(16), record: z.unknown() });

// Compile-time check that the page's types and this schema describe the same records.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _inSync: Same<TapRecord, PageTapRecord> = true;
void _inSync;
