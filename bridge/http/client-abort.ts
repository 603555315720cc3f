import type { IncomingMessage } from 'node:http';

/** A client that leaves while its body is read is routine (a cancelled request), not a failure. */
export function clientAborted(req: IncomingMessage, err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return req.destroyed && (code === 'ECONNRESET' || (err instanceof Error && err.message === 'aborted'));
}
