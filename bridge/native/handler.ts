import type { Logger } from '../logger.ts';
import { extensionWsUrl, httpUrl, type BridgeEndpoint } from './endpoint.ts';
import { isBridge, isProvenBridge, type HealthProbe } from './health.ts';
import { bridgeNonce } from '../link/proof.ts';
import { NativeRequest, type NativeReply } from '../../protocol/native.ts';

/**
 * What the native host answers, independent of stdin/stdout: `pair` reports the endpoint and
 * the token (the same token file the bridge reads), `start` makes sure a bridge listens.
 */
export interface HandlerDeps {
  endpoint: BridgeEndpoint;
  /** the pairing token, created on first use (bridge/pairing.ts loadOrCreateToken) */
  loadToken: () => string;
  /** GET /health, asking the bridge to prove the token for `nonce` */
  probe: (httpUrl: string, nonce: string) => Promise<HealthProbe>;
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
  /** the running bridge, proven to know the token: a copy of its /health is not enough */
  const check = async (): Promise<{ probe: HealthProbe; proven: boolean }> => {
    const nonce = bridgeNonce();
    const probe = await deps.probe(httpUrl(deps.endpoint), nonce);
    return { probe, proven: isProvenBridge(probe, deps.loadToken(), nonce) };
  };

  const start = async (): Promise<NativeReply> => {
    const { probe, proven } = await check();
    if (proven) return { type: 'started', ...endpoint(), spawned: false };
    if (isBridge(probe)) {
      deps.logger.warn('the port answers like the bridge but does not know the pairing token', {
        port: deps.endpoint.port,
      });
      return {
        type: 'error',
        code: 'start_failed',
        message: `port ${deps.endpoint.port} answers like the bridge but cannot prove it knows this pairing token (an older bridge, or another program on the port): stop it or use another port`,
        logFile: deps.logFile,
      };
    }
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
      if ((await check()).proven) return { type: 'started', ...endpoint(), spawned: false };
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
        const { proven: running } = await check();
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
