import type { ServerResponse } from 'node:http';
import type { ApiError } from '../../errors.ts';
import { sendJson } from '../../run/respond.ts';

/** google.rpc status names for the HTTP statuses the bridge uses. */
function statusName(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'UNIMPLEMENTED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  }
}

/** Google's `{"error":{code,message,status}}`; a bad field is also named in a BadRequest fieldViolation, as Google does. */
export function googleErrorBody(err: ApiError): { error: Record<string, unknown> } {
  const details = err.param
    ? [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: err.param, description: err.message }],
        },
      ]
    : undefined;
  return {
    error: { code: err.status, message: err.message, status: statusName(err.status), ...(details ? { details } : {}) },
  };
}

export function sendGoogleError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, googleErrorBody(err), { ...err.headers });
}
