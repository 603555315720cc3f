import type { ServerResponse } from 'node:http';
import type { ModelInfo } from '../../../protocol/messages.ts';
import { NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';

/** A Model resource as Gemini's models.list/get return it. */
function modelResource(m: ModelInfo, name = m.id): Record<string, unknown> {
  return {
    name: `models/${name}`,
    baseModelId: m.id,
    version: '001',
    displayName: m.displayName ?? m.id,
    ...(m.description ? { description: m.description } : {}),
    ...(m.outputTokenLimit ? { outputTokenLimit: m.outputTokenLimit } : {}),
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
    ...(m.defaultTopP !== undefined ? { topP: m.defaultTopP } : {}),
  };
}

/** GET …/models: the page's own list, in one page (no nextPageToken). */
export function listGoogleModels(ctx: HttpContext, res: ServerResponse): void {
  sendJson(res, 200, { models: ctx.models.list().map((m) => modelResource(m)) });
}

/** GET …/models/{id}: listed models and aliases, as on /v1/models/{id}. */
export function getGoogleModel(ctx: HttpContext, res: ServerResponse, id: string): void {
  const found = ctx.models.lookup(id, ctx.config.strictModels);
  const bare = id.replace(/^models\//, '');
  if (found) return sendJson(res, 200, modelResource(found.model, found.via === 'listed' ? found.model.id : bare));
  throw new NotFoundError(
    `models/${bare} is not found for API version, or is not supported for generateContent.`,
    'model_not_found',
    'model',
  );
}
