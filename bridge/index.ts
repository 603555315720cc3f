import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveConfig, type BridgeConfig } from './config.ts';
import { boundHosts } from './host-check.ts';
import { createRequestHandler } from './http/server.ts';
import { ExtensionLinkServer } from './link/server.ts';
import { ModelRegistry } from './models/registry.ts';
import { loadOrCreateToken } from './pairing.ts';
import { fileStore } from './accounts/file-store.ts';
import { QuotaBook, type BookStore } from './accounts/quota-book.ts';
import { AccountRouter } from './pool/account-routing.ts';
import { JobPool } from './pool/pool.ts';
import type { PoolStats } from './pool/types.ts';
import { realTimers, type Timers } from './timers.ts';
import { loadSelectorOverrides } from './selectors/overrides.ts';
import { answerAsPlainHttp, isWebSocketUpgrade } from './http/plain-upgrade.ts';

/** open sockets at most; more are closed on accept (Node's server.maxConnections) */
const MAX_CONNECTIONS = 1_024;
import { RequestLog } from './run/request-log.ts';
import { UsageLog } from './run/usage-log.ts';
import { TokenCounts } from './run/token-count.ts';

export type { BridgeConfig, BridgeTimeouts } from './config.ts';
export { resolveConfig, DEFAULT_KEPT_CHATS, DEFAULT_TIMEOUTS } from './config.ts';
export { createLogger, silentLogger, type Logger } from './logger.ts';

/** I/O the bridge uses, injectable for tests. */
export interface BridgeDeps {
  timers: Timers;
  /** where quota exhaustion is kept; default `<configDir>/quota.json` */
  quotaStore: BookStore;
}

interface BridgeStats extends PoolStats {
  uptimeMs: number;
}

interface ListenInfo {
  host: string;
  port: number;
  /** base URL of the bridge, e.g. http://127.0.0.1:2048 (the OpenAI base URL is this + /v1) */
  url: string;
}

export interface Bridge {
  /** HTTP API plus the WebSocket upgrade at /extension; not listening until listen() */
  readonly server: Server;
  /** the pairing token the extension must present */
  readonly token: string;
  readonly config: BridgeConfig;
  listen(): Promise<ListenInfo>;
  /** Fails running and queued jobs cleanly (503 / stream error event), disconnects extensions, stops listening. */
  close(): Promise<void>;
  stats(): BridgeStats;
}

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} is in use — another AI Studio proxy? use --port`);
    this.name = 'PortInUseError';
  }
}

/** Builds the bridge as a value: nothing listens and nothing runs until listen(). */
export function createBridge(config: BridgeConfig, deps: Partial<BridgeDeps> = {}): Bridge {
  const timers = deps.timers ?? realTimers;
  const token = config.token ?? loadOrCreateToken(config.configDir);
  const logger = config.logger;
  const models = new ModelRegistry(config.modelAliases);
  const book = new QuotaBook(
    deps.quotaStore ?? fileStore(config.configDir),
    config.cooldown,
    () => timers.now(),
    logger,
  );
  const accounts = { book, router: new AccountRouter(config.route, book) };
  const pool = new JobPool({
    timeouts: config.timeouts,
    maxQueue: config.maxQueue,
    timers,
    logger,
    accounts,
    chats: config.chats,
  });
  const extraHosts = [...boundHosts(config.host), ...config.allowedHosts];
  const link = new ExtensionLinkServer({
    token,
    pool,
    models,
    logger,
    timers,
    heartbeatMs: config.heartbeatMs,
    extraHosts,
    extensionIds: config.extensionIds,
    selectorOverrides: config.selectorOverrides,
    allowRemote: config.allowRemoteExtensions,
  });
  const startedAt = timers.now();
  const usage = new UsageLog({ configDir: config.configDir, maxBytes: config.usageMaxBytes, now: Date.now, logger });
  const requests = new RequestLog({
    now: Date.now,
    accountOf: (key) => pool.tabs().find((t) => t.key === key)?.account ?? null,
    onSettled: (entry) => usage.record(entry),
  });
  const server = createServer(
    { noDelay: true, keepAlive: true },
    createRequestHandler({
      config,
      pool,
      models,
      link,
      timers,
      startedAt,
      extraHosts,
      requests,
      usage,
      counts: new TokenCounts(pool, timers, { waitMs: config.timeouts.countMs }),
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    try {
      if (!isWebSocketUpgrade(req)) return answerAsPlainHttp(server, req, socket, head);
      link.handleUpgrade(req, socket, head);
    } catch (err) {
      logger.error('internal error during a WebSocket upgrade', {
        error: err instanceof Error ? err.message : String(err),
      });
      socket.destroy();
    }
  });
  // A response can legitimately wait minutes for the first token; only the request must arrive promptly.
  server.requestTimeout = 120_000;
  // Clients, extensions and refused peers together; each connection costs buffers and a parser.
  server.maxConnections = MAX_CONNECTIONS;

  let closing: Promise<void> | null = null;
  return {
    server,
    token,
    config,
    stats: () => ({ ...pool.stats(), uptimeMs: timers.now() - startedAt }),
    listen: () =>
      new Promise<ListenInfo>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          reject(err.code === 'EADDRINUSE' ? new PortInUseError(config.host, config.port) : err);
        };
        const onListening = () => {
          server.off('error', onError);
          const { port } = server.address() as AddressInfo;
          const host = config.host;
          const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
          resolve({ host, port, url: `http://${shown}:${port}` });
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(config.port, config.host);
      }),
    close: () => {
      closing ??= (async () => {
        pool.close();
        await link.close();
        await new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          server.closeIdleConnections();
          // Streams that failed above have ended; anything still open is cut.
          setImmediate(() => server.closeAllConnections());
        });
      })();
      return closing;
    },
  };
}

export interface RunningBridge extends ListenInfo {
  token: string;
  bridge: Bridge;
  close(): Promise<void>;
}

/** createBridge + listen, for tests and the demo (port 0 picks a free port). */
export async function startBridge(
  options: Partial<BridgeConfig> = {},
  deps: Partial<BridgeDeps> = {},
): Promise<RunningBridge> {
  const config = resolveConfig(options);
  // Like `start`: the config dir's selectors.json applies unless the caller passed overrides.
  const bridge = createBridge(
    options.selectorOverrides ? config : { ...config, selectorOverrides: loadSelectorOverrides(config.configDir) },
    deps,
  );
  const info = await bridge.listen();
  return { ...info, token: bridge.token, bridge, close: () => bridge.close() };
}
