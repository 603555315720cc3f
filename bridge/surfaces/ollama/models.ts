import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ModelInfo } from '../../../protocol/messages.ts';
import { NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';
import { bareModel } from './translate.ts';

/** AI Studio reports no dates or sizes: a fixed date keeps the list stable, sizes are 0 (nothing is downloaded). */
const MODIFIED_AT = '2025-01-01T00:00:00Z';
const DETAILS = {
  parent_model: '',
  format: 'gemini',
  family: 'gemini',
  families: ['gemini'],
  parameter_size: '',
  quantization_level: '',
};

const digest = (id: string): string => createHash('sha256').update(id).digest('hex');

function tag(m: ModelInfo): Record<string, unknown> {
  return { name: m.id, model: m.id, modified_at: MODIFIED_AT, size: 0, digest: digest(m.id), details: DETAILS };
}

/** GET /api/tags: the page's models, as "installed" Ollama models. */
export function listTags(ctx: HttpContext, res: ServerResponse): void {
  sendJson(res, 200, { models: ctx.models.list().map(tag) });
}

/** POST /api/show: what model pickers ask for capabilities (tools, thinking, vision) and the context length. */
export function showModel(ctx: HttpContext, res: ServerResponse, name: string): void {
  const id = bareModel(name);
  const known = ctx.models.lookup(id, ctx.config.strictModels)?.model;
  if (!known) throw new NotFoundError(`model '${name}' not found`, 'model_not_found', 'model');
  sendJson(res, 200, {
    modelfile: '',
    parameters: '',
    template: '{{ .Prompt }}',
    details: DETAILS,
    model_info: { 'general.architecture': 'gemini', 'general.basename': known.id, 'gemini.context_length': 1_048_576 },
    capabilities: ['completion', 'tools', 'thinking', 'vision'],
    modified_at: MODIFIED_AT,
  });
}
