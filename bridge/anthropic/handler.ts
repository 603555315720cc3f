import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, NotFoundError } from '../errors.ts';
import { readJsonBody } from '../http/body.ts';
import type { HttpContext } from '../http/context.ts';
import { sendJson } from '../http/respond.ts';
import { estimateTokens } from '../openai/usage.ts';
import { buildJob, parseBody } from '../surface/build-job.ts';
import { JobRun } from '../surface/job-run.ts';
import type { Surface } from '../surface/route.ts';
import { StreamWriter } from '../surface/stream-writer.ts';
import { anthropicErrorEvent, sendAnthropicError } from './errors.ts';
import { getAnthropicModel, listAnthropicModels } from './models.ts';
import { CountTokensRequest, MessagesRequest } from './request.ts';
import { MessageStreamEncoder, PING, messageBody, newMessageId } from './response.ts';
import { messagesToJobParts } from './translate.ts';

/** Anthropic Messages: POST /v1/messages and /v1/messages/count_tokens (anthropic-version is accepted, any value); GET /v1/models for clients sending anthropic-version. */
export const anthropicSurface: Surface = {
  name: 'anthropic',
  sendError: sendAnthropicError,
  async handle(ctx, req, res, path) {
    if (path === '/models' || path.startsWith('/models/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new ApiError(
          405,
          `${req.method} is not supported on ${path}: use GET`,
          'invalid_request_error',
          'method_not_allowed',
        );
      if (path === '/models') return listAnthropicModels(ctx, res);
      return getAnthropicModel(ctx, res, safeDecode(path.slice('/models/'.length)));
    }
    if (path !== '/messages' && path !== '/messages/count_tokens')
      throw new NotFoundError(
        `Unknown request URL: ${req.method} ${req.url}. Anthropic Messages is served at /v1/messages and /v1/messages/count_tokens.`,
      );
    if (req.method !== 'POST')
      throw new ApiError(
        405,
        `${req.method} is not supported on ${path}: use POST`,
        'invalid_request_error',
        'method_not_allowed',
      );
    const body = await readJsonBody(req, ctx.config.maxBodyBytes);
    if (path === '/messages/count_tokens') {
      const request = parseBody(CountTokensRequest, body);
      const t = buildJob(ctx, messagesToJobParts(request));
      const tools = t.job.tools ? estimateTokens(JSON.stringify(t.job.tools)) : 0;
      return sendJson(res, 200, { input_tokens: estimateTokens(t.promptText) + tools });
    }
    runMessages(ctx, req, res, parseBody(MessagesRequest, body));
  },
};

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function runMessages(ctx: HttpContext, _req: IncomingMessage, res: ServerResponse, request: MessagesRequest): void {
  const t = buildJob(ctx, messagesToJobParts(request));
  const id = newMessageId();
  res.setHeader('request-id', id);
  if (request.stream !== true) {
    new JobRun(
      ctx,
      res,
      t,
      {
        complete: (r) => sendJson(res, 200, messageBody(id, r)),
        fail: (err) => sendAnthropicError(res, err),
      },
      { surface: 'anthropic', stream: false, openEarly: false },
    ).start();
    return;
  }
  const writer = new StreamWriter(res, ctx.timers, ctx.config.heartbeatMs, {
    contentType: 'text/event-stream; charset=utf-8',
    heartbeat: PING,
  });
  const encoder = new MessageStreamEncoder(id);
  const run: JobRun = new JobRun(
    ctx,
    res,
    t,
    {
      open: () => writer.write(encoder.start(run.model(), estimateTokens(t.promptText))),
      text: (text) => writer.write(encoder.text(text)),
      thought: (text) => writer.write(encoder.thinking(text)),
      toolCall: (call) => writer.write(encoder.toolUse(call)),
      complete: (r) => writer.end(encoder.finish(r)),
      fail: (err, opened) => (opened ? writer.end(anthropicErrorEvent(err)) : sendAnthropicError(res, err)),
    },
    { surface: 'anthropic', stream: true, openEarly: true },
  );
  run.start();
}
