import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, AuthenticationError, toApiError } from '../errors.ts';
import { anthropicSurface } from '../anthropic/handler.ts';
import { geminiSurface, isGoogleClient } from '../gemini/handler.ts';
import { ollamaSurface } from '../ollama/handler.ts';
import { keyAccepted, presentedKey } from '../http/auth.ts';
import type { HttpContext } from '../http/context.ts';
import { clientAborted } from '../http/client-abort.ts';
import { loggableUrl } from '../http/log-url.ts';

/** An API surface besides chat completions: its routes, and its own error shape for everything that goes wrong on them. */
export interface Surface {
  readonly name: string;
  handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  sendError(res: ServerResponse, err: ApiError): void;
}

/**
 * Which surface serves a path (already without the /v1 prefix), or null for the OpenAI routes.
 * Gemini is served under /v1beta and, because @google/genai 3.x defaults to apiVersion v1, also
 * under /v1: its `model:method` paths are unambiguous, and the plain model list goes to Google's
 * shape only for Google's clients (they always send a key header or `?key=`, or x-goog-api-client).
 * Anthropic's SDKs always send anthropic-version, and get Anthropic's list shape the same way.
 */
export function surfaceFor(path: string, req: IncomingMessage): { surface: Surface; path: string } | null {
  if (path === '/api' || path.startsWith('/api/')) return { surface: ollamaSurface, path };
  if (path === '/messages' || path.startsWith('/messages/')) return { surface: anthropicSurface, path };
  if (path === '/v1beta' || path.startsWith('/v1beta/'))
    return { surface: geminiSurface, path: path.slice('/v1beta'.length) || '/' };
  if (/^\/models\/[^/]+:(generateContent|streamGenerateContent|countTokens)$/.test(path))
    return { surface: geminiSurface, path };
  if (path === '/models' || path.startsWith('/models/')) {
    if (isGoogleClient(req)) return { surface: geminiSurface, path };
    if (req.headers['anthropic-version'] !== undefined) return { surface: anthropicSurface, path };
  }
  return null;
}

/** Auth (any of the key headers, or `?key=`) → the surface's handler; every error in the surface's shape. */
export async function serveSurface(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: { surface: Surface; path: string },
): Promise<void> {
  try {
    if (ctx.config.apiKeys.length > 0 && !keyAccepted(presentedKey(req), ctx.config.apiKeys))
      throw new AuthenticationError();
    await match.surface.handle(ctx, req, res, match.path);
  } catch (err) {
    // A client that leaves while its body is read is routine, on every surface.
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
    match.surface.sendError(res, apiError);
  }
}
