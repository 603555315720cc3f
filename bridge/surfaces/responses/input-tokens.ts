import type { ServerResponse } from 'node:http';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';
import { countForResponse } from '../../run/token-count.ts';
import { parseResponseRequest } from './request.ts';
import type { ResponseStore } from './store.ts';
import { translateResponseRequest } from './translate.ts';

/**
 * POST /v1/responses/input_tokens (OpenAI's "Get input token counts"; the SDK's
 * `responses.inputTokens.count`): the same body as creating a response, answered with
 * `{object: "response.input_tokens", input_tokens}`, the page's count when it can give one.
 */
export async function handleInputTokens(
  ctx: HttpContext,
  store: ResponseStore,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const { t } = translateResponseRequest(parseResponseRequest(body), store, ctx.models, ctx.config.strictModels);
  sendJson(res, 200, { object: 'response.input_tokens', input_tokens: await countForResponse(ctx.counts, t, res) });
}
