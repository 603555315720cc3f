import type { JobErrorCode } from '../protocol/errors.ts';

/**
 * Every failure the HTTP API reports is one of these classes, keyed to its status; it is rendered
 * in one place (errorBody / run/respond.ts) into OpenAI's `{"error":{message,type,param,code}}`.
 * `headers` carries what the SDKs act on: Retry-After and x-should-retry (openai-node and
 * openai-python both retry 408/409/429/5xx twice unless told not to).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, param: string | null = null, code: string | null = null) {
    super(400, message, 'invalid_request_error', code, param);
  }
}

export class AuthenticationError extends ApiError {
  constructor(
    message = 'Incorrect or missing API key: send it as "Authorization: Bearer <key>", "x-api-key" or "x-goog-api-key".',
  ) {
    super(401, message, 'invalid_request_error', 'invalid_api_key');
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string, code = 'forbidden') {
    super(403, message, 'invalid_request_error', code);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string, code: string | null = 'not_found', param: string | null = null) {
    super(404, message, 'invalid_request_error', code, param);
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(method: string | undefined, path: string, allowed?: string) {
    super(
      405,
      `${method} is not supported on ${path}${allowed ? `: use ${allowed}` : ''}`,
      'invalid_request_error',
      'method_not_allowed',
    );
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limit: number) {
    super(413, `request body exceeds ${limit} bytes`, 'invalid_request_error', 'request_too_large');
  }
}

export class RateLimitError extends ApiError {
  constructor(message: string, retryAfterSeconds: number, code = 'rate_limit_exceeded', type = 'rate_limit_error') {
    super(429, message, type, code, null, { 'retry-after': String(retryAfterSeconds) });
  }
}

export class InternalError extends ApiError {
  constructor(message = 'internal error in the bridge') {
    super(500, message, 'server_error', 'internal_error');
  }
}

/** The AI Studio page failed. Not retried by SDKs: the prompt may already have run (and cost quota). */
export class UpstreamError extends ApiError {
  constructor(message: string, code: string) {
    super(502, message, 'upstream_error', code, null, { 'x-should-retry': 'false' });
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(message: string, code: string, retryAfterSeconds: number, shouldRetry: boolean) {
    super(503, message, 'service_unavailable', code, null, {
      'retry-after': String(retryAfterSeconds),
      'x-should-retry': String(shouldRetry),
    });
  }
}

export class GatewayTimeoutError extends ApiError {
  constructor(message: string) {
    super(504, message, 'timeout', 'upstream_timeout', null, { 'x-should-retry': 'false' });
  }
}

const NO_TAB_MESSAGE = 'no AI Studio tab is connected: install the extension and open aistudio.google.com';

/** Retrying in a second cannot help: a person has to open a tab. SDK retries would only add delay. */
export const noTabError = (): ServiceUnavailableError =>
  new ServiceUnavailableError(NO_TAB_MESSAGE, 'no_tab_connected', 10, false);

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The one renderer of error bodies; unknown throwables become a 500 without leaking internals. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new InternalError();
}

export function errorBody(err: ApiError): OpenAIErrorBody {
  return { error: { message: err.message, type: err.type, param: err.param, code: err.code } };
}

/** Seconds to wait when Google says so ("Please retry in 41.2s." / retryDelay "41s"), else a minute. */
function quotaRetryAfter(message: string): number {
  const m = /retry(?:\s+in|Delay\W*)\s*(\d+(?:\.\d+)?)\s*s/i.exec(message);
  const seconds = m ? Math.ceil(Number(m[1])) : NaN;
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 86_400 ? seconds : 60;
}

const SIGN_IN_HINT =
  'sign in to AI Studio (https://aistudio.google.com) with your Google account in the browser that runs the extension, then retry';

/** How a job failure reported by the extension reaches the client (see protocol/errors.ts). */
export function jobErrorToApiError(code: JobErrorCode, message: string): ApiError {
  const text = message || code;
  switch (code) {
    case 'quota_exceeded':
      return new RateLimitError(
        `AI Studio quota exceeded: ${text}`,
        quotaRetryAfter(text),
        'quota_exceeded',
        'insufficient_quota',
      );
    case 'permission_denied':
      return new ForbiddenError(`AI Studio refused the request (${text}): ${SIGN_IN_HINT}.`, 'permission_denied');
    case 'page_error':
    case 'network_error':
    case 'tab_gone':
      return new UpstreamError(`AI Studio tab failed: ${text}`, code);
    case 'page_not_ready':
      return new ServiceUnavailableError(`AI Studio tab is not ready: ${text}`, code, 5, false);
    case 'timeout':
      return new GatewayTimeoutError(`AI Studio did not answer in time: ${text}`);
    case 'bad_request':
      return new BadRequestError(text, null, 'bad_request');
    case 'cancelled':
      // Only reachable when the bridge did not ask for the cancel (e.g. the user pressed Stop).
      return new UpstreamError(`the job was cancelled in the browser: ${text}`, 'cancelled');
    case 'internal':
      return new ApiError(500, `extension error: ${text}`, 'server_error', 'internal_error', null, {
        'x-should-retry': 'false',
      });
    case 'request_too_large':
      return new ApiError(
        413,
        `AI Studio refused the request as too large: ${text}`,
        'invalid_request_error',
        'request_too_large',
      );
  }
}
