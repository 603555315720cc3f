import { z } from 'zod';

/**
 * Job events beyond text (protocol/PROTOCOL.md "Beyond text"): a generated image, executable
 * code and its result, the sources of a grounded answer. An extension sends them only to a
 * bridge whose `welcome.features` lists `beyond_text` (older bridges refuse unknown kinds).
 */
export const BEYOND_TEXT_FEATURE = 'beyond_text';

/** One generated image, base64 without a data: prefix; one per frame, never batched. */
const ImageEvent = z.object({
  kind: z.literal('image'),
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
  /** standard base64 only: the bridge writes it into JSON as is, without escaping or copying */
  data: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

const CodeEvent = z.object({ kind: z.literal('code'), language: z.string(), code: z.string() });

const CodeResultEvent = z.object({
  kind: z.literal('code_result'),
  outcome: z.enum(['ok', 'failed', 'deadline_exceeded', 'unspecified']),
  output: z.string(),
});

const GroundingSource = z.object({ uri: z.string(), title: z.string() });
type GroundingSource = z.infer<typeof GroundingSource>;

/** `supports`: UTF-8 byte ranges of the answer text (as the page counts them) and the indices of the sources behind each. */
const GroundingEvent = z.object({
  kind: z.literal('grounding'),
  queries: z.array(z.string()),
  sources: z.array(GroundingSource),
  supports: z.array(
    z.object({
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
      sources: z.array(z.number().int().nonnegative()),
    }),
  ),
});
type GroundingEvent = z.infer<typeof GroundingEvent>;

export const BEYOND_TEXT_EVENTS = [ImageEvent, CodeEvent, CodeResultEvent, GroundingEvent] as const;
export const BEYOND_TEXT_KINDS: ReadonlySet<string> = new Set(['image', 'code', 'code_result', 'grounding']);
