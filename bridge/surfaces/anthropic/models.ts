import type { ServerResponse } from 'node:http';
import type { ModelInfo } from '../../../protocol/messages.ts';
import { NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';

/** AI Studio reports no dates: a fixed one keeps the list stable. */
const CREATED_AT = '2025-01-01T00:00:00Z';

const modelObject = (m: ModelInfo, id = m.id) => ({
  type: 'model',
  id,
  display_name: m.displayName ?? m.id,
  created_at: CREATED_AT,
});

/** GET /v1/models for Anthropic's clients (they send anthropic-version): one page in Anthropic's list shape. */
export function listAnthropicModels(ctx: HttpContext, res: ServerResponse): void {
  const data = ctx.models.list().map((m) => modelObject(m));
  sendJson(res, 200, {
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  });
}

/** GET /v1/models/{id}: listed models and aliases, as on the OpenAI route. */
export function getAnthropicModel(ctx: HttpContext, res: ServerResponse, id: string): void {
  const found = ctx.models.lookup(id, ctx.config.strictModels);
  if (found) return sendJson(res, 200, modelObject(found.model, found.via === 'listed' ? found.model.id : id));
  throw new NotFoundError(`model: ${id}`, 'model_not_found', 'model');
}
