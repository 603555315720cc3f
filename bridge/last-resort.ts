import type { Logger } from './logger.ts';

type ProcessEvents = Pick<NodeJS.Process, 'on' | 'off'>;

/**
 * The bridge's last line of defence, installed by `start` only (never by createBridge, which
 * stays free of global side effects). Every known failure path ends its job and frees its tab;
 * an exception that still escapes to the event loop is a bug, and one request's bug must not end
 * every other client's stream, so it is logged with its stack and the bridge keeps serving.
 */
export function installLastResortGuard(logger: Logger, proc: ProcessEvents = process): () => void {
  const report = (kind: string) => (err: unknown) => {
    logger.error(`${kind} (a bug in the bridge; it keeps serving)`, {
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  };
  const onException = report('uncaught exception');
  const onRejection = report('unhandled promise rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
