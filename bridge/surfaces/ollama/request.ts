import { z } from 'zod';

/**
 * Ollama's /api/chat and /api/generate requests as Open WebUI, ollama-js and desktop apps send
 * them. Loose objects: keep_alive, options.num_ctx, seed and the like are accepted and ignored.
 */
const Options = z.looseObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  /** -1 (unbounded) and -2 (fill the context) leave the page's setting alone */
  num_predict: z
    .number()
    .int()
    .refine((n) => n > 0 || n === -1 || n === -2, 'must be a positive integer, -1 (no limit) or -2 (fill the context)')
    .optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
});

const common = {
  model: z.string().min(1),
  /** Ollama streams unless told otherwise */
  stream: z.boolean().optional(),
  /** "json" or a JSON Schema */
  format: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  options: Options.optional(),
  think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
};

const ToolCall = z.looseObject({
  function: z.looseObject({
    name: z.string().min(1),
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
  }),
});

const Message = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().optional(),
  /** base64 images, no data: prefix */
  images: z.array(z.string()).nullable().optional(),
  tool_calls: z.array(ToolCall).nullable().optional(),
  tool_name: z.string().optional(),
});
export type OllamaMessage = z.infer<typeof Message>;

export const ChatRequest = z.looseObject({
  ...common,
  messages: z.array(Message).optional(),
  tools: z
    .array(
      z.looseObject({
        type: z.string().optional(),
        /** absent on a `{type:"web_search"}` tool */
        function: z
          .looseObject({
            name: z.string().min(1),
            description: z.string().optional(),
            parameters: z.record(z.string(), z.unknown()).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Free-form JSON in an Ollama request: a problem deep inside one is reported as that field (pool/admission.ts). */
export const OLLAMA_OPAQUE_FIELDS = [
  'format',
  'tools[].function.parameters',
  'messages[].content',
  'messages[].tool_calls',
];

export const GenerateRequest = z.looseObject({
  ...common,
  prompt: z.string().optional(),
  system: z.string().optional(),
  images: z.array(z.string()).nullable().optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const ShowRequest = z.looseObject({ model: z.string().optional(), name: z.string().optional() });
