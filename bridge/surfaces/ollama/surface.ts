import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';
import { buildJob, parseBody, type JobParts } from '../build-job.ts';
import { resolveModel } from '../../conversation/translate.ts';
import { runOneAnswer } from '../../run/one-answer.ts';
import { methodIs, type Surface } from '../types.ts';
import { ChatRequest, GenerateRequest, OLLAMA_OPAQUE_FIELDS, ShowRequest } from './request.ts';
import { OllamaEncoder, ollamaErrorBody, ollamaErrorLine, sendOllamaError } from './response.ts';
import { showModel, listTags } from './models.ts';
import { bareModel, chatToJobParts, generateToJobParts } from './translate.ts';

/** The version clients see on /api/version (some refuse servers older than the features they use). */
const OLLAMA_VERSION = '0.12.0';

/** Ollama's API at /api: tags, version, ps, show, chat, generate. */
export const ollamaSurface: Surface = {
  name: 'ollama',
  endpoints: ['/api/chat', '/api/generate', '/api/tags'],
  match: (path) => (path === '/api' || path.startsWith('/api/') ? path : null),
  sendError: sendOllamaError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, readBody }) => {
      const get = methodIs(method, 'GET');
      const post = method === 'POST';
      if (path === '/api/version' && get) return sendJson(res, 200, { version: OLLAMA_VERSION });
      if (path === '/api/tags' && get) return listTags(ctx, res);
      if (path === '/api/ps' && get) return sendJson(res, 200, { models: [] });
      if (path === '/api/show' && post) {
        const request = parseBody(ShowRequest, await readBody());
        return showModel(ctx, res, request.model ?? request.name ?? '');
      }
      if (path === '/api/chat' && post) {
        const request = parseBody(ChatRequest, await readBody(), OLLAMA_OPAQUE_FIELDS);
        const empty = (request.messages ?? []).length === 0;
        return run(
          ctx,
          req,
          res,
          'chat',
          request.model,
          request.stream !== false,
          empty ? null : chatToJobParts(request),
        );
      }
      if (path === '/api/generate' && post) {
        const request = parseBody(GenerateRequest, await readBody(), OLLAMA_OPAQUE_FIELDS);
        const empty = !request.prompt && (request.images ?? []).length === 0;
        return run(
          ctx,
          req,
          res,
          'generate',
          request.model,
          request.stream !== false,
          empty ? null : generateToJobParts(request),
        );
      }
      if (['/api/version', '/api/tags', '/api/ps', '/api/show', '/api/chat', '/api/generate'].includes(path)) {
        throw new MethodNotAllowedError(req.method, path);
      }
      throw new NotFoundError(
        `Unknown request URL: ${req.method} ${req.url}. The bridge serves Ollama's /api/tags, /api/version, /api/show, /api/chat and /api/generate.`,
      );
    },
};

const ollamaErrors = { body: ollamaErrorBody, send: sendOllamaError };

/** /api/chat and /api/generate; `parts` null = nothing to answer (Ollama's "load the model" call). */
function run(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  kind: 'chat' | 'generate',
  model: string,
  stream: boolean,
  parts: JobParts | null,
): void {
  const encoder = new OllamaEncoder(kind, () => ctx.timers.now(), ctx.timers.now());
  if (parts === null) {
    // Still resolve the name, so --strict-models answers 404 for an unknown one here too.
    resolveModel(bareModel(model), ctx.models, ctx.config.strictModels);
    return sendJson(res, 200, encoder.loaded(model));
  }
  const t = buildJob(ctx, parts);
  runOneAnswer(
    ctx,
    req,
    res,
    t,
    { label: `ollama ${kind}`, id: newRequestId() },
    {
      errors: ollamaErrors,
      body: (r) => encoder.final(r, true),
      // NDJSON has no comment syntax for heartbeats (a blank line is an "invalid json" warning in
      // ollama-js), so the stream opens with the first delta.
      stream: stream
        ? {
            format: { contentType: 'application/x-ndjson', heartbeat: null },
            text: (m, content) => encoder.delta(m, { content }),
            thought: (m, thinking) => encoder.delta(m, { thinking }),
            toolCall: (m, toolCall) => encoder.delta(m, { toolCall }),
            extra: (m, e) => (e.kind === 'image' ? encoder.image(m, e.data) : null),
            last: (r) => `${JSON.stringify(encoder.final(r, false))}\n`,
            error: ollamaErrorLine,
          }
        : null,
    },
  );
}

const newRequestId = (): string => randomBytes(8).toString('hex');
