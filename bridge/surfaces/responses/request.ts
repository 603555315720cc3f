import { z } from 'zod';
import { TokenLimit } from '../../pool/admission.ts';
import { openAiWording, parseRequestBody } from '../../conversation/messages.ts';

/**
 * `POST /v1/responses` as clients send it (openai SDKs, the AI SDK's default OpenAI provider,
 * Codex CLI). Loose like the chat schema: unknown keys and item types are carried, not rejected;
 * per-item requirements are checked where the item is used (translate.ts), naming `input[i]…`.
 */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const InputPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  /** input_image: a URL or data: URL */
  image_url: nullish(z.string()),
  file_id: nullish(z.string()),
  /** input_file: base64 or a data: URL */
  file_data: nullish(z.string()),
  filename: nullish(z.string()),
  refusal: z.string().optional(),
});
export type InputPart = z.infer<typeof InputPart>;

export const InputItem = z.looseObject({
  /** absent on `{role, content}` shorthand messages */
  type: z.string().optional(),
  id: nullish(z.string()),
  role: z.enum(['user', 'assistant', 'system', 'developer']).optional(),
  content: z.union([z.string(), z.array(InputPart)]).optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.union([z.string(), z.array(InputPart)]).optional(),
});
export type InputItem = z.infer<typeof InputItem>;

const ResponseTool = z.looseObject({
  type: z.string(),
  name: z.string().min(1).optional(),
  description: nullish(z.string()),
  parameters: nullish(z.record(z.string(), z.unknown())),
  strict: nullish(z.boolean()),
});
type ResponseTool = z.infer<typeof ResponseTool>;

export const CreateResponseRequest = z.looseObject({
  model: nullish(z.string()),
  input: nullish(z.union([z.string(), z.array(InputItem)])),
  instructions: nullish(z.string()),
  tools: nullish(z.array(ResponseTool)),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: nullish(z.boolean()),
  reasoning: nullish(z.looseObject({ effort: nullish(z.string()), summary: nullish(z.string()) })),
  max_output_tokens: nullish(TokenLimit),
  temperature: nullish(z.number().min(0).max(2)),
  top_p: nullish(z.number().min(0).max(1)),
  text: nullish(
    z.looseObject({
      format: nullish(
        z.looseObject({
          type: z.string(),
          name: nullish(z.string()),
          schema: z.unknown().optional(),
          strict: nullish(z.boolean()),
        }),
      ),
    }),
  ),
  stream: nullish(z.boolean()),
  store: nullish(z.boolean()),
  previous_response_id: nullish(z.string()),
  metadata: nullish(z.record(z.string(), z.string())),
});
export type CreateResponseRequest = z.infer<typeof CreateResponseRequest>;

/** Free-form JSON in a Responses request: a problem deep inside one is reported as that field (pool/admission.ts). */
const RESPONSES_OPAQUE_FIELDS = ['tools[].parameters', 'text.format.schema', 'input', 'tool_choice', 'metadata'];

export function parseResponseRequest(body: unknown): CreateResponseRequest {
  return parseRequestBody(CreateResponseRequest, body, openAiWording, RESPONSES_OPAQUE_FIELDS);
}
