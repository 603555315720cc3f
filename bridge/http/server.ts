import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, AuthenticationError, ForbiddenError, MethodNotAllowedError, NotFoundError } from '../errors.ts';
import { keyAccepted, presentedKey } from './auth.ts';
import { handleChatCompletions } from './chat.ts';
import type { HttpContext } from './context.ts';
import { applyCors, originAllowed } from './cors.ts';
import { isAllowedHost } from './host-check.ts';
import { handleGetModel, handleHealth, handleListModels } from './info.ts';
import { handlePageReport, PAGE_REPORT_PATH } from './page-report.ts';
import { sendError, sendJson } from './respond.ts';
import { serveSurface, surfaceFor } from '../surface/route.ts';
import { handleCompletions } from '../completions/handler.ts';
import { handleCreateResponse, handleStoredResponse } from '../responses/handler.ts';
import { ResponseStore } from '../responses/store.ts';

/**
 * Every HTTP request: Host check (DNS rebinding) → CORS → route → auth → handler; any error is
 * rendered by sendError. Routes are served with and without the /v1 prefix, because users
 * paste base URLs both ways.
 */
export function createRequestHandler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  const responses = new ResponseStore(ctx.timers);
  return (req, res) => {
    handle(ctx, responses, req, res).catch((err: unknown) => {
      // A client that leaves while its body is read is routine (a cancelled request), not a failure.
      if (clientAborted(req, err))
        return ctx.config.logger.info('client went away before its request was read', { url: req.url });
      if (!(err instanceof ApiError)) ctx.config.logger.error('request failed', { url: req.url, error: String(err) });
      if (err instanceof ApiError && err.status === 413) res.setHeader('connection', 'close');
      sendError(res, err);
    });
  };
}

async function handle(
  ctx: HttpContext,
  responses: ResponseStore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isAllowedHost(req.headers.host, ctx.extraHosts)) {
    throw new ForbiddenError(
      `Host header ${JSON.stringify(req.headers.host ?? '')} is not a loopback name: the bridge answers http://127.0.0.1 and http://localhost; accept other names with --allow-host`,
    );
  }
  const url = req.url ?? '/';
  const rawPath = url.split('?')[0] ?? '/';
  // A base URL pasted with a trailing slash gives `/v1//chat/completions` in clients that join by concatenation.
  const path =
    rawPath
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '')
      .replace(/^\/v1(?=\/|$)/, '') || '/';
  const method = req.method ?? 'GET';

  const origin = req.headers.origin;
  if (origin !== undefined) {
    const listed = originAllowed(origin, ctx.config.corsOrigins, false);
    if (!listed && !originAllowed(origin, ctx.config.corsOrigins, ctx.config.apiKeys.length > 0)) {
      throw new ForbiddenError(`origin ${origin} is not allowed: add it with --cors-origin or configure an API key`);
    }
    // With keys any origin may call the API (the key protects it), but /health needs no key:
    // its tabs, models and versions stay unreadable to web origins that are not allow-listed.
    if (listed || path !== '/health') applyCors(req, res, origin);
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }

  if (path === '/health') return only(method, 'GET', rawPath, () => handleHealth(ctx, res));
  if (path === PAGE_REPORT_PATH) {
    // The page outline is no secret, but it is the person's account: behind the API key like /v1.
    if (ctx.config.apiKeys.length > 0 && !keyAccepted(presentedKey(req), ctx.config.apiKeys))
      throw new AuthenticationError();
    if (method !== 'GET') throw new MethodNotAllowedError(method, rawPath);
    return handlePageReport(ctx, res, /[?&]skeleton=1(&|$)/.test(req.url ?? ''));
  }
  if (path === '/') {
    return only(method, 'GET', rawPath, () =>
      sendJson(res, 200, {
        name: 'AI Studio Bridge',
        openai_base_url: '/v1',
        endpoints: ['/health', '/v1/models', '/v1/chat/completions', '/v1/responses', '/v1/completions'],
      }),
    );
  }

  // Anthropic, Gemini and Ollama routes: each surface authenticates and renders its own errors.
  const surface = surfaceFor(path, req);
  if (surface) return serveSurface(ctx, req, res, surface);

  const known =
    path === '/models' ||
    path.startsWith('/models/') ||
    path === '/chat/completions' ||
    path === '/completions' ||
    path === '/responses' ||
    path.startsWith('/responses/');
  if (!known)
    throw new NotFoundError(
      `Unknown request URL: ${method} ${rawPath}. The bridge serves /v1/models, /v1/chat/completions, /v1/responses and /v1/completions.`,
      'unknown_url',
    );
  if (ctx.config.apiKeys.length > 0 && !keyAccepted(presentedKey(req), ctx.config.apiKeys))
    throw new AuthenticationError();

  if (path === '/models') return only(method, 'GET', rawPath, () => handleListModels(ctx, res));
  if (path.startsWith('/models/'))
    return only(method, 'GET', rawPath, () => handleGetModel(ctx, res, path.slice('/models/'.length)));
  if (path.startsWith('/responses/')) {
    if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') throw new MethodNotAllowedError(method, rawPath);
    return handleStoredResponse(responses, method, res, path.slice('/responses/'.length));
  }
  if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath);
  if (path === '/responses') return handleCreateResponse(ctx, responses, req, res);
  if (path === '/completions') return handleCompletions(ctx, req, res);
  await handleChatCompletions(ctx, req, res);
}

function only(method: string, allowed: string, path: string, run: () => void): void {
  if (method !== allowed && !(allowed === 'GET' && method === 'HEAD')) throw new MethodNotAllowedError(method, path);
  run();
}

function clientAborted(req: IncomingMessage, err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return req.destroyed && (code === 'ECONNRESET' || (err instanceof Error && err.message === 'aborted'));
}
