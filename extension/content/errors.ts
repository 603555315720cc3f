import type { JobErrorCode } from '../../protocol/errors.ts';

/** A job failure with the code the bridge maps to an HTTP status (protocol/errors.ts). */
export class JobError extends Error {
  override readonly name = 'JobError';
  constructor(
    readonly code: JobErrorCode,
    message: string,
    /** the selector key that broke, when one did (named in step traces) */
    readonly key?: string,
  ) {
    super(message);
  }
}

/** A required page element did not resolve: names it, as the health check does. */
export const notReady = (element: string, why = 'not found'): JobError =>
  new JobError('page_not_ready', `AI Studio page element "${element}" ${why}`, element);
