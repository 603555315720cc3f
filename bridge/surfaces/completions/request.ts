import { z } from 'zod';
import { TokenLimit } from '../../pool/admission.ts';
import { BadRequestError } from '../../errors.ts';
import { openAiWording, parseRequestBody } from '../../conversation/messages.ts';

const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const tokens = nullish(TokenLimit);

/** The legacy `POST /v1/completions` request (Continue's autocomplete, older scripts). Unknown fields are ignored. */
export const CompletionRequest = z.looseObject({
  model: nullish(z.string()),
  /** token-id arrays are OpenAI-tokenizer specific and cannot be typed into a page */
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  suffix: nullish(z.string()),
  stream: nullish(z.boolean()),
  stream_options: nullish(z.looseObject({ include_usage: nullish(z.boolean()) })),
  temperature: nullish(z.number().min(0).max(2)),
  top_p: nullish(z.number().min(0).max(1)),
  max_tokens: tokens,
  stop: nullish(z.union([z.string(), z.array(z.string())])),
  n: nullish(z.number().int().min(1)),
  echo: nullish(z.boolean()),
  best_of: nullish(z.number().int().min(1)),
  logprobs: nullish(z.number().int()),
});
export type CompletionRequest = z.infer<typeof CompletionRequest>;

export function parseCompletionRequest(body: unknown): CompletionRequest {
  const req = parseRequestBody(
    CompletionRequest,
    body,
    (param, issue) => {
      const worded = openAiWording(param, issue);
      if (param !== 'prompt') return worded;
      return {
        ...worded,
        message: `${worded.message} (a string or an array of strings; token-id arrays are not supported)`,
      };
    },
    ['prompt', 'metadata'],
  );
  if (req.suffix)
    throw new BadRequestError(
      'suffix (fill-in-the-middle) is not supported: AI Studio only continues a prompt',
      'suffix',
      'unsupported_value',
    );
  if (typeof req.logprobs === 'number' && req.logprobs > 0)
    throw new BadRequestError('logprobs are not available from AI Studio', 'logprobs', 'unsupported_value');
  if ((req.best_of ?? 1) > (req.n ?? 1))
    throw new BadRequestError(
      'best_of is not supported: AI Studio gives one answer per run',
      'best_of',
      'unsupported_value',
    );
  return req;
}
