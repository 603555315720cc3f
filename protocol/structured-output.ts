import { z } from 'zod';

/**
 * Structured output (protocol/PROTOCOL.md "Structured output"; added without a version bump): the
 * page's Structured output switch and the schema for its editor, in the page's (Gemini) schema
 * form; `schema: null` is JSON mode (switch on, editor empty). `hint` is the instruction the bridge
 * also put into `systemInstruction`, so an extension that drops this field (older) still gets JSON:
 * an extension that switches the page's setting on removes that text again, one without the switch
 * on the page leaves it (and says `started.structuredOutput: "hint"`).
 */
export const StructuredOutput = z.object({
  schema: z.record(z.string(), z.unknown()).nullable(),
  hint: z.string(),
});
export type StructuredOutput = z.infer<typeof StructuredOutput>;

/** How a run was held to JSON: the page's own setting, or the instruction hint (no switch on the page). */
export const StructuredOutputMode = z.enum(['page', 'hint']);
export type StructuredOutputMode = z.infer<typeof StructuredOutputMode>;
