import type { Logger } from '../logger.ts';
import { extensionWsUrl, httpUrl, type BridgeEndpoint } from './endpoint.ts';
import { isBridge, type HealthProbe } from './health.ts';
import { NativeRequest, type NativeReply } from '../../protocol/native.ts';

/**
 * What the native host answers, independent of stdin/stdout: `pair` reports the endpoint and
 * the token (the same token file the bridge reads), `start` makes sure a bridge listens.
 */
export interface HandlerDeps {
  endpoint: BridgeEndpoint;
  /** the pairing token, created on first use (bridge/pairing.ts loadOrCreateToken) */
  loadToken: () => string;
  probe: (httpUrl: string) => Promise<HealthProbe>;
  /** spawn a bridge and wait until it answers /health; bounded by the implementation */
  startBridge: () => Promise<
    { ok: true; pid: number | undefined } | { ok: false; code: 'start_failed' | 'start_timeout'; message: string }
  >;
  logFile: string;
  hostVersion: string;
  logger: Logger;
}

export function createHostHandler(deps: HandlerDeps): (raw: unknown) => Promise<NativeReply> {
  const endpoint = () => ({
    bridgeUrl: extensionWsUrl(deps.endpoint),
    httpUrl: httpUrl(deps.endpoint),
    token: deps.loadToken(),
  });
  // Two `start` requests in a row (a worker restart mid-start) share one spawn.
  let starting: Promise<NativeReply> | null = null;

  const start = async (): Promise<NativeReply> => {
    const probe = await deps.probe(httpUrl(deps.endpoint));
    if (isBridge(probe)) return { type: 'started', ...endpoint(), spawned: false };
    if (probe.reachable) {
      deps.logger.warn('the port is taken by something that is not the bridge', {
        port: deps.endpoint.port,
        httpStatus: probe.httpStatus,
      });
      return {
        type: 'error',
        code: 'start_failed',
        message: `port ${deps.endpoint.port} is taken by something that is not the bridge`,
        logFile: deps.logFile,
      };
    }
    deps.logger.info('starting the bridge', { port: deps.endpoint.port });
    const result = await deps.startBridge();
    if (!result.ok) {
      // Another browser's host may have won the race for the port: its bridge serves us too.
      if (isBridge(await deps.probe(httpUrl(deps.endpoint)))) return { type: 'started', ...endpoint(), spawned: false };
      deps.logger.error('the bridge did not start', { code: result.code, message: result.message });
      return { type: 'error', code: result.code, message: result.message, logFile: deps.logFile };
    }
    return { type: 'started', ...endpoint(), spawned: true, ...(result.pid === undefined ? {} : { pid: result.pid }) };
  };

  return async (raw) => {
    const request = NativeRequest.safeParse(raw);
    if (!request.success)
      return {
        type: 'error',
        code: 'bad_request',
        message: `unknown request: ${request.error.issues[0]?.message ?? 'invalid'}`,
      };
    try {
      if (request.data.type === 'pair') {
        const running = isBridge(await deps.probe(httpUrl(deps.endpoint)));
        // One line per request: the host log alone tells what a browser asked and was told.
        deps.logger.info('pair', { running });
        return { type: 'paired', ...endpoint(), running, hostVersion: deps.hostVersion };
      }
      starting ??= start().finally(() => (starting = null));
      return await starting;
    } catch (error) {
      deps.logger.error('request failed', { error: String(error) });
      return { type: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
  };
}
