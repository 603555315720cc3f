import { createBridge, PortInUseError, resolveConfig, type BridgeConfig } from '../index.ts';
import { installLastResortGuard } from '../last-resort.ts';
import { createLogger } from '../logger.ts';
import { loadModelAliases } from '../models/aliases.ts';
import { loadSelectorOverrides } from '../selectors/overrides.ts';
import { isAllowedHost } from '../host-check.ts';
import { parseStartArgs, START_USAGE, UsageError } from './args.ts';

/** Exit codes: 0 stopped cleanly, 1 failed, 2 bad arguments, 3 port in use. */
export async function startCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<number> {
  let options: Partial<BridgeConfig>;
  try {
    options = parseStartArgs(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) console.error(`error: ${err.message}\n`);
    console.error(START_USAGE);
    return err.message ? 2 : 0;
  }
  const logger = createLogger(options.logLevel ?? 'info');
  const base = resolveConfig({ ...options, logger });
  let config: BridgeConfig;
  try {
    config = {
      ...base,
      modelAliases: loadModelAliases(base.configDir, env),
      selectorOverrides: loadSelectorOverrides(base.configDir),
    };
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  // Without keys the API is open to whoever can reach it: that is only acceptable on loopback.
  if (!isAllowedHost(config.host) && config.apiKeys.length === 0) {
    console.error(
      `error: refusing to listen on ${config.host} without an API key: anyone who can reach this address could use your AI Studio account. Add --api-key <secret> (or bind to 127.0.0.1).`,
    );
    return 2;
  }

  const bridge = createBridge(config);
  installLastResortGuard(logger);
  let info;
  try {
    info = await bridge.listen();
  } catch (err) {
    if (err instanceof PortInUseError) {
      console.error(`error: ${err.message}`);
      return 3;
    }
    throw err;
  }

  print(`AI Studio Bridge ready on ${info.url}`);
  print(`  OpenAI base URL: ${info.url}/v1`);
  print(`  Pairing token:   ${bridge.token}`);
  print(
    `  Auth:            ${config.apiKeys.length > 0 ? `${config.apiKeys.length} API key(s) required` : 'none (loopback clients only)'}`,
  );
  const overridden = Object.keys(config.selectorOverrides);
  if (overridden.length > 0) print(`  Selector overrides (selectors.json): ${overridden.join(', ')}`);
  print('Press Ctrl-C to stop.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        print('stopping now');
        resolve(1);
        return;
      }
      stopping = true;
      logger.info(`${signal}: stopping (press Ctrl-C again to force)`);
      void bridge.close().then(() => resolve(0));
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
