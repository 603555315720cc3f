import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { decodePathSegment } from '../path.ts';
import { sendJson } from '../../run/respond.ts';
import { estimateTokens } from '../../conversation/usage.ts';
import { buildJob, parseBody } from '../build-job.ts';
import { runOneAnswer } from '../../run/one-answer.ts';
import { countForResponse } from '../../run/token-count.ts';
import { methodIs, type Surface } from '../types.ts';
import { anthropicErrorBody, anthropicErrorEvent, sendAnthropicError } from './errors.ts';
import { getAnthropicModel, listAnthropicModels } from './models.ts';
import { ANTHROPIC_OPAQUE_FIELDS, CountTokensRequest, MessagesRequest } from './request.ts';
import { MessageStreamEncoder, PING, messageBody, newMessageId } from './response.ts';
import { messagesToJobParts } from './translate.ts';

/** Anthropic Messages: POST /v1/messages and /v1/messages/count_tokens (anthropic-version is accepted, any value); GET /v1/models for clients sending anthropic-version. */
export const anthropicSurface: Surface = {
  name: 'anthropic',
  endpoints: ['/v1/messages', '/v1/messages/count_tokens'],
  // Anthropic's SDKs always send anthropic-version: their model list gets Anthropic's shape.
  match: (path, req) =>
    path === '/messages' ||
    path.startsWith('/messages/') ||
    ((path === '/models' || path.startsWith('/models/')) && req.headers['anthropic-version'] !== undefined)
      ? path
      : null,
  sendError: sendAnthropicError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, readBody }) => {
      if (path === '/models' || path.startsWith('/models/')) {
        if (!methodIs(method, 'GET')) throw new MethodNotAllowedError(method, path, 'GET');
        if (path === '/models') return listAnthropicModels(ctx, res);
        return getAnthropicModel(ctx, res, decodePathSegment(path.slice('/models/'.length)));
      }
      if (path !== '/messages' && path !== '/messages/count_tokens')
        throw new NotFoundError(
          `Unknown request URL: ${req.method} ${req.url}. Anthropic Messages is served at /v1/messages and /v1/messages/count_tokens.`,
        );
      if (method !== 'POST') throw new MethodNotAllowedError(method, path, 'POST');
      const body = await readBody();
      if (path === '/messages/count_tokens') {
        const request = parseBody(CountTokensRequest, body, ANTHROPIC_OPAQUE_FIELDS);
        const t = buildJob(ctx, messagesToJobParts(request));
        return sendJson(res, 200, { input_tokens: await countForResponse(ctx.counts, t, res) });
      }
      runMessages(ctx, req, res, parseBody(MessagesRequest, body, ANTHROPIC_OPAQUE_FIELDS));
    },
};

const anthropicErrors = { body: anthropicErrorBody, send: sendAnthropicError };

function runMessages(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, request: MessagesRequest): void {
  const t = buildJob(ctx, messagesToJobParts(request));
  const id = newMessageId();
  res.setHeader('request-id', id);
  const encoder = new MessageStreamEncoder(id);
  runOneAnswer(
    ctx,
    req,
    res,
    t,
    { label: 'anthropic message', id },
    {
      errors: anthropicErrors,
      body: (r) => messageBody(id, r),
      stream:
        request.stream === true
          ? {
              format: { contentType: 'text/event-stream; charset=utf-8', heartbeat: PING },
              open: (model) => encoder.start(model, estimateTokens(t.promptText)),
              text: (_model, text) => encoder.text(text),
              thought: (_model, text) => encoder.thinking(text),
              toolCall: (_model, call) => encoder.toolUse(call),
              last: (r) => encoder.finish(r),
              error: anthropicErrorEvent,
            }
          : null,
    },
  );
}
