import type { ServerResponse } from 'node:http';
import { errorBody, toApiError } from '../errors.ts';
import { jsonPieces, piecesBytes } from './json-pieces.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  // An image in the body is written from the bytes it is held as (run/json-pieces.ts).
  const pieces = jsonPieces(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': piecesBytes(pieces),
  });
  endWith(res, pieces);
}

/** Writes the pieces of a body and ends the response. */
export function endWith(res: ServerResponse, pieces: readonly (string | Buffer)[]): void {
  const last = pieces.length - 1;
  pieces.forEach((piece, i) => (i === last ? res.end(piece) : res.write(piece)));
  if (last < 0) res.end();
}

/** The one place an error becomes an HTTP response (status, SDK retry headers, OpenAI body). */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError = toApiError(err);
  sendJson(res, apiError.status, errorBody(apiError), { ...apiError.headers });
}
