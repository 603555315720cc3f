import { z } from 'zod';
import { BadRequestError } from '../errors.ts';
import { checkBodyShape, TokenLimit } from '../pool/admission.ts';

/**
 * The chat-completions request as real clients send it. Deliberately permissive: loose objects
 * keep unknown keys out of the way instead of rejecting them (Mistral's 422 on `stream_options`
 * broke whole client families), `null` is accepted wherever clients send it for "unset", and
 * only what the bridge acts on is typed.
 */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const ContentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  /** OpenAI nests `{url, detail}`; a few clients send the URL string directly */
  image_url: z.union([z.string(), z.looseObject({ url: z.string() })]).optional(),
  file: z
    .looseObject({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() })
    .optional(),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }).optional(),
  refusal: z.string().optional(),
});
export type ContentPart = z.infer<typeof ContentPart>;

export const MessageContent = nullish(z.union([z.string(), z.array(ContentPart)]));
export type MessageContent = z.infer<typeof MessageContent>;

const ToolCall = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: nullish(z.string()) }),
});

const Message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: MessageContent,
  name: nullish(z.string()),
  tool_calls: nullish(z.array(ToolCall)),
  tool_call_id: nullish(z.string()),
  /** deprecated single function call of an assistant message */
  function_call: nullish(z.looseObject({ name: z.string(), arguments: nullish(z.string()) })),
});
export type ChatMessage = z.infer<typeof Message>;

const Tool = z.looseObject({
  type: z.string().optional(),
  function: z
    .looseObject({
      name: z.string().min(1),
      description: nullish(z.string()),
      parameters: nullish(z.record(z.string(), z.unknown())),
    })
    .optional(),
});

const tokens = nullish(TokenLimit);

export const ChatCompletionRequest = z.looseObject({
  /** optional in practice: absent means "the model the tab shows" */
  model: nullish(z.string()),
  messages: z.array(Message).min(1),
  stream: nullish(z.boolean()),
  stream_options: nullish(z.looseObject({ include_usage: nullish(z.boolean()) })),
  temperature: nullish(z.number().min(0).max(2)),
  top_p: nullish(z.number().min(0).max(1)),
  max_tokens: tokens,
  max_completion_tokens: tokens,
  /** not OpenAI's name, but documented client examples send it (Gemini's name) */
  max_output_tokens: tokens,
  stop: nullish(z.union([z.string(), z.array(z.string())])),
  n: nullish(z.number().int().min(1)),
  reasoning_effort: nullish(z.string()),
  /** OpenRouter style, sent by Open WebUI */
  reasoning: nullish(
    z.looseObject({
      effort: nullish(z.string()),
      max_tokens: nullish(z.number().int()),
      enabled: nullish(z.boolean()),
      exclude: nullish(z.boolean()),
    }),
  ),
  tools: nullish(z.array(Tool)),
  tool_choice: z.unknown().optional(),
  /** any object turns on the page's Grounding with Google Search (its options have no page control) */
  web_search_options: nullish(z.looseObject({})),
  functions: nullish(
    z.array(
      z.looseObject({
        name: z.string().min(1),
        description: nullish(z.string()),
        parameters: nullish(z.record(z.string(), z.unknown())),
      }),
    ),
  ),
  response_format: nullish(
    z.looseObject({ type: z.string(), json_schema: z.looseObject({ schema: z.unknown().optional() }).optional() }),
  ),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** `messages[0].content`: OpenAI's way of naming a field in `param`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** Free-form JSON in a chat request: a problem deep inside one of these is reported as that field. */
export const CHAT_OPAQUE_FIELDS = [
  'tools[].function.parameters',
  'functions[].parameters',
  'response_format.json_schema.schema',
  'tool_choice',
  'messages[].content',
  'metadata',
];

export function parseChatRequest(body: unknown): ChatCompletionRequest {
  return parseRequestBody(ChatCompletionRequest, body, openAiWording, CHAT_OPAQUE_FIELDS);
}

/** How a surface words a body's first problem: `param` is the field (null = the body), `missing` = absent. */
export type BodyWording = (
  param: string | null,
  issue: { missing: boolean; message: string },
) => { message: string; param: string | null };

/** OpenAI's style: `Invalid value for 'messages[0].role': …`, the field in `param`. */
export const openAiWording: BodyWording = (param, issue) => ({
  message: `Invalid value for '${param ?? 'body'}': ${issue.missing ? 'is required' : issue.message}`,
  param,
});

/**
 * Every surface's request body: a JSON object, its shape bounded (pool/admission.ts: depth and
 * value count, a problem inside one of the surface's free-JSON `opaque` fields named as that
 * field), then parsed with its schema (never cast); the first problem names its field.
 */
export function parseRequestBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  wording: BodyWording = openAiWording,
  opaque: readonly string[] = [],
): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestError('the request body must be a JSON object', null, 'invalid_body');
  checkBodyShape(body, opaque);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? fieldPath(issue.path) || null : null;
  const missing = issue?.code === 'invalid_type' && issue.message.includes('undefined');
  const worded = wording(param, { missing, message: issue?.message ?? 'is invalid' });
  throw new BadRequestError(worded.message, worded.param, 'invalid_value');
}
