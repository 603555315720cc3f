import type { ServerResponse } from 'node:http';
import type { ApiError } from '../../errors.ts';
import { sendJson } from '../../run/respond.ts';

/** Anthropic's error type for each status the bridge uses. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** Anthropic has no `param`: the field goes into the message (where ours do not already name it). */
export function anthropicErrorBody(err: ApiError): { type: 'error'; error: { type: string; message: string } } {
  const message = err.param && !err.message.includes(err.param) ? `${err.param}: ${err.message}` : err.message;
  return { type: 'error', error: { type: errorType(err.status), message } };
}

/** `{"type":"error","error":{type,message}}` with the status and the SDK retry headers. */
export function sendAnthropicError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, anthropicErrorBody(err), { ...err.headers });
}

/** A failure after the stream began: the SDKs raise an `error` event as an APIError. */
export const anthropicErrorEvent = (err: ApiError): string =>
  `event: error\ndata: ${JSON.stringify(anthropicErrorBody(err))}\n\n`;
