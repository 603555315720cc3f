import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ApiError,
  AuthenticationError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  toApiError,
} from '../errors.ts';
import type { HttpContext } from '../run/context.ts';
import { sendError, sendJson } from '../run/respond.ts';
import { SURFACES, type Surface, type SurfaceHandler } from '../surfaces/index.ts';
import { keyAccepted, presentedKey } from './auth.ts';
import { readJsonBody, readRawBody } from './body.ts';
import { clientAborted } from './client-abort.ts';
import { applyCors, originAllowed } from './cors.ts';
import { createFrontGate, type FrontGate } from './front-gate.ts';
import { loggableUrl } from './log-url.ts';
import { isAllowedHost } from '../host-check.ts';

/**
 * Every HTTP request: Host check (DNS rebinding) → CORS → the first surface that matches →
 * auth → its handler; any error is rendered in that surface's shape. Routes are served with and
 * without the /v1 prefix, because users paste base URLs both ways.
 */
export function createRequestHandler(
  ctx: HttpContext,
  surfaces: readonly Surface[] = SURFACES,
): (req: IncomingMessage, res: ServerResponse) => void {
  const mounted = surfaces.map((surface) => ({ surface, handle: surface.mount(ctx) }));
  const endpoints = surfaces.flatMap((s) => s.endpoints);
  const gate = createFrontGate(ctx);
  return (req, res) => {
    let surface: Surface | null = null;
    handle(ctx, gate, mounted, endpoints, req, res, (s) => (surface = s)).catch((err: unknown) =>
      fail(ctx, req, res, surface, err),
    );
  };
}

type Mounted = ReadonlyArray<{ surface: Surface; handle: SurfaceHandler }>;

async function handle(
  ctx: HttpContext,
  gate: FrontGate,
  mounted: Mounted,
  endpoints: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
  matched: (surface: Surface) => void,
): Promise<void> {
  if (!isAllowedHost(req.headers.host, ctx.extraHosts)) {
    throw new ForbiddenError(
      `Host header ${JSON.stringify(req.headers.host ?? '')} is not a loopback name: the bridge answers http://127.0.0.1 and http://localhost; accept other names with --allow-host`,
    );
  }
  gate(req, res);
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

  for (const { surface, handle: run } of mounted) {
    const own = surface.match(path, req);
    if (own === null) continue;
    matched(surface);
    const accepted = ctx.config.apiKeys.length === 0 || keyAccepted(presentedKey(req), ctx.config.apiKeys);
    if (!accepted && !surface.isPublic?.(own)) throw new AuthenticationError();
    return run({
      ctx,
      req,
      res,
      path: own,
      method,
      rawPath,
      keyAccepted: accepted,
      readBody: () => readJsonBody(req, ctx.config.maxBodyBytes),
      readRawBody: () => readRawBody(req, ctx.config.maxBodyBytes),
    });
  }
  // After the surfaces: a browser asking for `/` gets the dashboard, API clients this JSON.
  if (path === '/') {
    if (method !== 'GET' && method !== 'HEAD') throw new MethodNotAllowedError(method, rawPath);
    return sendJson(res, 200, { name: 'AI Studio Bridge', openai_base_url: '/v1', endpoints });
  }

  throw new NotFoundError(
    `Unknown request URL: ${method} ${rawPath}. The bridge serves ${listed(endpoints)}.`,
    'unknown_url',
  );
}

/** One place for every route's failure: logged unless routine, rendered in the surface's shape. */
function fail(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  surface: Surface | null,
  err: unknown,
): void {
  // A client that leaves while its body is read is routine (a cancelled request), not a failure.
  if (clientAborted(req, err))
    return ctx.config.logger.info('client went away before its request was read', { url: loggableUrl(req.url) });
  if (!(err instanceof ApiError))
    ctx.config.logger.error('request failed', { url: loggableUrl(req.url), error: String(err) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError = toApiError(err);
  if (apiError.status === 413) res.setHeader('connection', 'close');
  if (surface) surface.sendError(res, apiError);
  else sendError(res, apiError);
}

const listed = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
