import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../errors.ts';
import type { HttpContext } from '../run/context.ts';

/** One request as the server hands it to the surface that matched it. */
interface SurfaceCall {
  ctx: HttpContext;
  req: IncomingMessage;
  res: ServerResponse;
  /** the path in the surface's own terms (without /v1, and without /v1beta for Gemini) */
  path: string;
  method: string;
  /** the path as the client sent it (without the query), for error messages */
  rawPath: string;
  /** whether the request carries a configured API key (true when none are configured) */
  keyAccepted: boolean;
  /** the JSON body, read with the bridge's size limit (the server owns reading; surfaces only parse) */
  readBody(): Promise<unknown>;
  /** the body as bytes, same limit (multipart uploads: /v1/images/edits) */
  readRawBody?(): Promise<Buffer>;
}

export type SurfaceHandler = (call: SurfaceCall) => Promise<void> | void;

/**
 * An API surface: the routes it answers, its own error shape for everything that goes wrong on
 * them, and a handler made once per bridge (`mount`, where per-bridge state such as stored
 * responses lives). The server loops over the ordered list in surfaces/index.ts: adding a
 * surface is one folder and one line there.
 */
export interface Surface {
  readonly name: string;
  /** public paths, listed at `/` and in the 404 text */
  readonly endpoints: readonly string[];
  /** the surface's path for this request, or null when another surface should look */
  match(path: string, req: IncomingMessage): string | null;
  /** paths anyone may call without an API key (/health); the rest need one when keys are set */
  isPublic?(path: string): boolean;
  mount(ctx: HttpContext): SurfaceHandler;
  /** renders an error before anything was written */
  sendError(res: ServerResponse, err: ApiError): void;
}

/** A route check shared by the surfaces: only `allowed` (GET also takes HEAD). */
export function methodIs(method: string, allowed: 'GET' | 'POST'): boolean {
  return method === allowed || (allowed === 'GET' && method === 'HEAD');
}
