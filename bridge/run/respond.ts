import type { ServerResponse } from 'node:http';
import { errorBody, toApiError } from '../errors.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
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
