import { z } from 'zod';

/**
 * Why a job failed, as the extension reports it. The bridge maps each code to one HTTP status
 * (bridge/errors.ts); keep the two lists in step.
 */
export const JobErrorCode = z.enum([
  'quota_exceeded', // the page showed a quota callout or the RPC answered 429 → 429
  'page_error', // the page showed an error toast/callout or the RPC failed → 502
  'network_error', // GenerateContent broke mid-stream → 502
  'tab_gone', // the worker tab closed, reloaded or navigated away mid-job → 502 (retried if nothing streamed)
  'page_not_ready', // a required element did not resolve (see health) → 503
  'timeout', // the page never answered in time → 504
  'cancelled', // the job was cancelled (client went away) → no response is sent
  'bad_request', // the page cannot do what was asked (unknown model, INVALID_ARGUMENT from the RPC) → 400
  'permission_denied', // the RPC said PERMISSION_DENIED/UNAUTHENTICATED: the browser is not signed in to AI Studio → 403
  'internal', // a bug in the extension → 500
  'request_too_large', // the page refused the prompt ("Request is too large") → 413
]);
export type JobErrorCode = z.infer<typeof JobErrorCode>;
