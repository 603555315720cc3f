import type { ServerResponse } from 'node:http';
import { ApiError, NotFoundError } from '../errors.ts';
import { readJsonBody } from '../http/body.ts';
import type { HttpContext } from '../http/context.ts';
import { sendJson } from '../http/respond.ts';
import { buildJob, parseBody, type JobParts } from '../surface/build-job.ts';
import { JobRun } from '../surface/job-run.ts';
import type { Surface } from '../surface/route.ts';
import { StreamWriter } from '../surface/stream-writer.ts';
import { ChatRequest, GenerateRequest, ShowRequest } from './request.ts';
import { OllamaEncoder, ollamaErrorLine, sendOllamaError } from './response.ts';
import { showModel, listTags } from './models.ts';
import { bareModel, chatToJobParts, generateToJobParts } from './translate.ts';

/** The version clients see on /api/version (some refuse servers older than the features they use). */
export const OLLAMA_VERSION = '0.12.0';

/** Ollama's API at /api: tags, version, ps, show, chat, generate. */
export const ollamaSurface: Surface = {
  name: 'ollama',
  sendError: sendOllamaError,
  async handle(ctx, req, res, path) {
    const get = req.method === 'GET' || req.method === 'HEAD';
    const post = req.method === 'POST';
    if (path === '/api/version' && get) return sendJson(res, 200, { version: OLLAMA_VERSION });
    if (path === '/api/tags' && get) return listTags(ctx, res);
    if (path === '/api/ps' && get) return sendJson(res, 200, { models: [] });
    if (path === '/api/show' && post) {
      const request = parseBody(ShowRequest, await readJsonBody(req, ctx.config.maxBodyBytes));
      return showModel(ctx, res, request.model ?? request.name ?? '');
    }
    if (path === '/api/chat' && post) {
      const request = parseBody(ChatRequest, await readJsonBody(req, ctx.config.maxBodyBytes));
      const empty = (request.messages ?? []).length === 0;
      return run(ctx, res, 'chat', request.model, request.stream !== false, empty ? null : chatToJobParts(request));
    }
    if (path === '/api/generate' && post) {
      const request = parseBody(GenerateRequest, await readJsonBody(req, ctx.config.maxBodyBytes));
      const empty = !request.prompt && (request.images ?? []).length === 0;
      return run(
        ctx,
        res,
        'generate',
        request.model,
        request.stream !== false,
        empty ? null : generateToJobParts(request),
      );
    }
    if (['/api/version', '/api/tags', '/api/ps', '/api/show', '/api/chat', '/api/generate'].includes(path)) {
      throw new ApiError(
        405,
        `${req.method} is not supported on ${path}`,
        'invalid_request_error',
        'method_not_allowed',
      );
    }
    throw new NotFoundError(
      `Unknown request URL: ${req.method} ${req.url}. The bridge serves Ollama's /api/tags, /api/version, /api/show, /api/chat and /api/generate.`,
    );
  },
};

/** /api/chat and /api/generate; `parts` null = nothing to answer (Ollama's "load the model" call). */
function run(
  ctx: HttpContext,
  res: ServerResponse,
  kind: 'chat' | 'generate',
  model: string,
  stream: boolean,
  parts: JobParts | null,
): void {
  const encoder = new OllamaEncoder(kind, () => ctx.timers.now(), ctx.timers.now());
  if (parts === null) {
    // Still resolve the name, so --strict-models answers 404 for an unknown one here too.
    buildJob(ctx, {
      requestedModel: bareModel(model),
      messages: [{ role: 'user', content: '.' }],
      system: [],
      settings: {},
      stop: [],
      tools: [],
      conversationField: 'messages',
    });
    return sendJson(res, 200, encoder.loaded(model));
  }
  const t = buildJob(ctx, parts);
  if (!stream) {
    new JobRun(
      ctx,
      res,
      t,
      {
        complete: (r) => sendJson(res, 200, encoder.final(r, true)),
        fail: (err) => sendOllamaError(res, err),
      },
      { surface: 'ollama', stream: false, openEarly: false },
    ).start();
    return;
  }
  // NDJSON has no comment syntax for heartbeats (a blank line is an "invalid json" warning in
  // ollama-js), so the stream opens with the first delta.
  const writer = new StreamWriter(res, ctx.timers, ctx.config.heartbeatMs, {
    contentType: 'application/x-ndjson',
    heartbeat: null,
  });
  const run: JobRun = new JobRun(
    ctx,
    res,
    t,
    {
      open: () => writer.open(),
      text: (content) => writer.write(encoder.delta(run.model(), { content })),
      thought: (thinking) => writer.write(encoder.delta(run.model(), { thinking })),
      toolCall: (toolCall) => writer.write(encoder.delta(run.model(), { toolCall })),
      complete: (r) => writer.end(`${JSON.stringify(encoder.final(r, false))}\n`),
      fail: (err, opened) => (opened ? writer.end(ollamaErrorLine(err)) : sendOllamaError(res, err)),
    },
    { surface: 'ollama', stream: true, openEarly: false },
  );
  run.start();
}
