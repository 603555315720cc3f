import { z } from 'zod';
import { TokenLimit } from '../../pool/admission.ts';

/**
 * Anthropic's Messages request as Claude Code and the official SDKs send it. Permissive like the
 * chat schema: loose objects (cache_control, citations and newer fields pass untouched), only
 * what the bridge acts on is typed.
 */
const Source = z.looseObject({
  type: z.string(),
  media_type: z.string().optional(),
  data: z.string().optional(),
  url: z.string().optional(),
});

/** A block inside a tool_result: text or image. */
const InnerBlock = z.looseObject({ type: z.string(), text: z.string().optional(), source: Source.optional() });
export type InnerBlock = z.infer<typeof InnerBlock>;

const Block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  source: Source.optional(),
  /** tool_use */
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  /** tool_result */
  tool_use_id: z.string().optional(),
  content: z.union([z.string(), z.array(InnerBlock)]).optional(),
  is_error: z.boolean().optional(),
});
export type Block = z.infer<typeof Block>;

const Message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(Block)]),
});
export type AnthropicMessage = z.infer<typeof Message>;

const Tool = z.looseObject({
  name: z.string().min(1),
  type: z.string().optional(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
});

const base = {
  model: z.string().min(1),
  messages: z.array(Message).min(1),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string() }))]).optional(),
  tools: z.array(Tool).optional(),
  tool_choice: z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() }).optional(),
  thinking: z
    .looseObject({
      type: z.enum(['enabled', 'disabled', 'adaptive']),
      budget_tokens: z.number().int().positive().optional(),
    })
    .optional(),
};

export const MessagesRequest = z.looseObject({
  ...base,
  /** required by Anthropic, unlike every other surface */
  max_tokens: TokenLimit,
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** Free-form JSON in a Messages request: a problem deep inside one is reported as that field (pool/admission.ts). */
export const ANTHROPIC_OPAQUE_FIELDS = [
  'tools[].input_schema',
  'messages[].content',
  'system',
  'metadata',
  'tool_choice',
];

export const CountTokensRequest = z.looseObject(base);
export type CountTokensRequest = z.infer<typeof CountTokensRequest>;
