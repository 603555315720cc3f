import type { ServerResponse } from 'node:http';
import type { ModelInfo } from '../../../protocol/messages.ts';
import { NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';
import { decodePathSegment } from '../path.ts';
import { capabilityFields } from './capability-fields.ts';

/** Model objects need `created`; AI Studio reports none, so a fixed date keeps the list stable. */
const CREATED = 1_735_689_600; // 2025-01-01

function modelObject(m: ModelInfo, id = m.id): Record<string, unknown> {
  return {
    id,
    object: 'model',
    created: CREATED,
    owned_by: 'google',
    ...(m.displayName ? { display_name: m.displayName } : {}),
    ...(m.description ? { description: m.description } : {}),
    ...(m.outputTokenLimit ? { max_output_tokens: m.outputTokenLimit } : {}),
    ...capabilityFields(m),
  };
}

/** GET /v1/models: the page's own list when an extension reported one, else defaults (marked). */
export function handleListModels(ctx: HttpContext, res: ServerResponse): void {
  sendJson(res, 200, { object: 'list', data: ctx.models.list().map((m) => modelObject(m)), source: ctx.models.source });
}

/** GET /v1/models/{id}: listed models, and aliases (shown under the requested name, with their target). */
export function handleGetModel(ctx: HttpContext, res: ServerResponse, rawId: string): void {
  const id = decodePathSegment(rawId);
  const found = ctx.models.lookup(id, ctx.config.strictModels);
  if (found?.via === 'listed') return sendJson(res, 200, modelObject(found.model));
  if (found) return sendJson(res, 200, { ...modelObject({ id: found.model.id }, id), alias_for: found.model.id });
  throw new NotFoundError(
    `The model '${id}' does not exist or you do not have access to it.`,
    'model_not_found',
    'model',
  );
}
