import { z } from 'zod';
import { JobErrorCode } from './errors.ts';
import { TraceSteps } from './trace.ts';
import { BEYOND_TEXT_EVENTS } from './job-extras.ts';
import { StructuredOutput, StructuredOutputMode } from './structured-output.ts';

/** A function the model may call, as AI Studio's "Function declarations" dialog takes it. */
export const FunctionDeclaration = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type FunctionDeclaration = z.infer<typeof FunctionDeclaration>;

export const Attachment = z.object({
  name: z.string(),
  mimeType: z.string(),
  /** base64 without the data: prefix */
  data: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

export const ThinkingSetting = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off') }),
  /** thinking on, budget left to the model ("auto") */
  z.object({ mode: z.literal('auto') }),
  z.object({ mode: z.literal('budget'), budget: z.number().int().positive() }),
  z.object({ mode: z.literal('level'), level: z.enum(['minimal', 'low', 'medium', 'high']) }),
]);
export type ThinkingSetting = z.infer<typeof ThinkingSetting>;

/**
 * Run settings. A field that is absent means "leave the page as it is"; the content script
 * only touches a control whose value differs from the requested one.
 */
export const RunSettings = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  /** replaces the page's stop-token chips when present ([] clears them) */
  stopSequences: z.array(z.string().min(1)).max(16).optional(),
  thinking: ThinkingSetting.optional(),
  googleSearch: z.boolean().optional(),
  urlContext: z.boolean().optional(),
  /** the page's Code execution switch (added without a version bump: an older extension drops it) */
  codeExecution: z.boolean().optional(),
  /** image models: the page's Aspect ratio (`16:9`) and Output resolution (`1K`) selects (added without a version bump) */
  imageAspectRatio: z.string().min(1).optional(),
  imageSize: z.string().min(1).optional(),
  /** the page's Structured output (structured-output.ts); absent: the switch is turned off if it is on */
  structuredOutput: StructuredOutput.optional(),
});
export type RunSettings = z.infer<typeof RunSettings>;

/** What one worker tab is asked to do: one fresh chat, one Run. */
export const JobRequest = z.object({
  /** AI Studio model id without the `models/` prefix, e.g. `gemini-2.5-pro`; null = the tab's current model */
  model: z.string().min(1).nullable(),
  /** goes into the page's System instructions; null = clear them */
  systemInstruction: z.string().nullable(),
  /** the single prompt typed into the page (history already folded in by the bridge) */
  prompt: z.string().min(1),
  settings: RunSettings,
  /** function declarations; empty or absent = function calling off */
  tools: z.array(FunctionDeclaration).optional(),
  attachments: z.array(Attachment).optional(),
  /**
   * Continue the chat the tab kept from its last job instead of starting a fresh one (added in
   * protocol 1 without a bump: an older extension drops the field and runs `prompt` in a fresh
   * chat). The tab types only `continuation.prompt` when its page still shows `turns` chat turns;
   * otherwise it does what the rest of the request says (fresh chat, the folded `prompt`).
   */
  continuation: z
    .object({
      /** only the new message(s), as typed into the kept chat */
      prompt: z.string().min(1),
      /** how many chat turns the page showed when the kept chat's last run ended (`done.chatTurns`) */
      turns: z.number().int().nonnegative(),
      /** files of the new message(s) only */
      attachments: z.array(Attachment).optional(),
    })
    .optional(),
  /**
   * Count, do not run (protocol/token-count.ts; added without a version bump, sent only to an
   * extension whose hello lists `count_tokens`): type the prompt, read the page's token count,
   * answer `usage {promptTokens}` and `done`, and leave the prompt box empty.
   */
  count: z.boolean().optional(),
});
export type JobRequest = z.infer<typeof JobRequest>;

export const FinishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter']);
export type FinishReason = z.infer<typeof FinishReason>;

/** One thing that happened to a running job. A job ends with exactly one `done` or `error`. */
export const JobEvent = z.discriminatedUnion('kind', [
  /** the page issued GenerateContent: the run really started (used for dispatch latency) */
  z.object({
    kind: z.literal('started'),
    model: z.string().optional(),
    /** which chat the run went into: the kept one (`continued`) or a fresh one (`new`); absent from older extensions */
    chat: z.enum(['continued', 'new']).optional(),
    /** for a job with `settings.structuredOutput`: the page's switch held it, or the hint only; absent from older extensions */
    structuredOutput: StructuredOutputMode.optional(),
  }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('thought'), text: z.string() }),
  z.object({
    kind: z.literal('tool_call'),
    name: z.string().min(1),
    /** JSON text of the arguments object */
    arguments: z.string(),
  }),
  ...BEYOND_TEXT_EVENTS,
  z.object({
    kind: z.literal('usage'),
    promptTokens: z.number().int().nonnegative().optional(),
    /** the answer's tokens without thoughts (Gemini's candidatesTokenCount) */
    completionTokens: z.number().int().nonnegative().optional(),
    /** thought tokens (Gemini's thoughtsTokenCount); the bridge adds them to completion_tokens */
    reasoningTokens: z.number().int().nonnegative().optional(),
  }),
  /** `steps`: what the driver did (protocol/trace.ts); optional, added without a version bump */
  z.object({
    kind: z.literal('done'),
    finishReason: FinishReason.optional(),
    /** chat turns the page shows after this run (user and model turns): the bridge sends it back as `continuation.turns` */
    chatTurns: z.number().int().nonnegative().optional(),
    steps: TraceSteps.optional(),
  }),
  /** `step`: the action that failed (one of `steps`) */
  z.object({
    kind: z.literal('error'),
    code: JobErrorCode,
    message: z.string(),
    step: z.string().max(40).optional(),
    steps: TraceSteps.optional(),
  }),
]);
export type JobEvent = z.infer<typeof JobEvent>;
