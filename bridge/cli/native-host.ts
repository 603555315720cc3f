import { appendFileSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '../logger.ts';
import { defaultConfigDir, loadOrCreateToken } from '../pairing.ts';
import { BRIDGE_VERSION } from '../version.ts';
import { GECKO_ID_PATTERN } from '../../protocol/extension-id.ts';
import { httpUrl, resolveEndpoint } from '../native/endpoint.ts';
import { createHostHandler } from '../native/handler.ts';
import { probeHealth, waitForBridge } from '../native/health.ts';
import { runHostLoop } from '../native/host.ts';
import { currentBridgeCommand } from '../native/runtime.ts';
import { bridgeLogPath, bridgePidPath, spawnDetachedBridge } from '../native/spawn-bridge.ts';

/**
 * `native-host`: the process the browser starts for `runtime.connectNative`. Chrome passes the
 * caller's origin (`chrome-extension://<id>/`) as the first argument and, on Windows,
 * `--parent-window=N`; Firefox passes the host manifest's path and the add-on's id. Not meant to be run by hand.
 */
export const START_TIMEOUT_MS = 15_000;
const MAX_LOG_BYTES = 1024 * 1024;

export const nativeHostLogPath = (configDir: string): string => join(configDir, 'native-host.log');

/** stderr may go nowhere when the browser was started from the desktop: keep a small log file too. */
function hostLogger(configDir: string): Logger {
  const file = nativeHostLogPath(configDir);
  try {
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) truncateSync(file, 0);
  } catch {
    // Logging must never stop the host from answering.
  }
  return createLogger('info', (line) => {
    process.stderr.write(`${line}\n`);
    try {
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
    } catch {
      // see above
    }
  });
}

export async function nativeHostCommand(argv: string[]): Promise<number> {
  const configDir = defaultConfigDir();
  const logger = hostLogger(configDir);
  const endpoint = resolveEndpoint(configDir);
  // Chrome passes the caller's origin; Firefox passes the host manifest's path, then the add-on id.
  const origin =
    argv.find((arg) => arg.startsWith('chrome-extension://')) ??
    argv.find((arg) => GECKO_ID_PATTERN.test(arg)) ??
    '(none)';
  logger.info('native host started', { origin, pid: process.pid, port: endpoint.port });

  const handle = createHostHandler({
    endpoint,
    loadToken: () => loadOrCreateToken(configDir),
    probe: (url, nonce) => probeHealth(url, fetch, 1500, nonce),
    startBridge: async () => {
      const callerId =
        /^chrome-extension:\/\/([a-p]{32})\/?$/.exec(origin)?.[1] ??
        (GECKO_ID_PATTERN.test(origin) ? origin : undefined);
      const child = spawnDetachedBridge({
        command: currentBridgeCommand(),
        configDir,
        endpoint,
        env: process.env,
        extensionIds: callerId ? [callerId] : [],
      });
      // Written at once, so the process can be found and stopped even if it comes up too late.
      if (child.pid !== undefined) writeFileSync(bridgePidPath(configDir), `${child.pid}\n`, { mode: 0o600 });
      const up = await waitForBridge(httpUrl(endpoint), {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 200,
        gaveUp: () => child.exitCode() !== undefined,
      });
      if (up) return { ok: true, pid: child.pid };
      const exit = child.exitCode();
      return exit !== undefined
        ? {
            ok: false,
            code: 'start_failed',
            message: `the bridge exited (code ${exit}) before listening; see ${bridgeLogPath(configDir)}`,
          }
        : {
            ok: false,
            code: 'start_timeout',
            message: `the bridge did not answer within ${START_TIMEOUT_MS / 1000} s; see ${bridgeLogPath(configDir)}`,
          };
    },
    logFile: bridgeLogPath(configDir),
    hostVersion: BRIDGE_VERSION,
    logger,
  });

  await runHostLoop({ input: process.stdin, output: process.stdout, handle, logger });
  logger.info('native host done');
  return 0;
}
