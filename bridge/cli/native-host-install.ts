import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigDir } from '../pairing.ts';
import { parseBrowserList } from '../native/browsers.ts';
import { installNativeHost, uninstallNativeHost, type NativeHostDeps } from '../native/install.ts';
import { currentBridgeCommand } from '../native/runtime.ts';
import { nodeFs, spawnReg } from '../native/system.ts';
import { UsageError } from './args.ts';

/** `install-native-host` and `uninstall-native-host`: flag parsing and plain output around bridge/native/install.ts. */
export const INSTALL_USAGE = `usage: aistudio-bridge install-native-host [options]
  --browser LIST        chrome,chromium,edge,brave,firefox or all (default: the browsers found here)
  --user-data-dir DIR   install into DIR/NativeMessagingHosts (a custom or test profile)
  --extension-id ID     also allow this extension id: a differently-keyed Chrome build or a Firefox add-on id (repeatable)
  --port N, --host H    where the bridge listens, if not 127.0.0.1:2048
The config dir is ${'$'}AISTUDIO_BRIDGE_HOME or the per-user default.`;

/**
 * Runs a command body; a bad flag prints one line and the usage (exit 2), any other failure one
 * line (exit 1) instead of a stack trace: these commands are run by people, not programs.
 */
export async function guarded(
  usage: string,
  body: () => Promise<number>,
  printError: (line: string) => void = console.error,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const badFlag =
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    printError(`error: ${message}`);
    if (badFlag) printError(usage);
    return badFlag ? 2 : 1;
  }
}

export function systemDeps(): NativeHostDeps {
  return {
    platform: process.platform,
    home: homedir(),
    env: process.env,
    fs: nodeFs,
    reg: spawnReg,
    configDir: defaultConfigDir(),
  };
}

export function installNativeHostCommand(
  argv: string[],
  deps: NativeHostDeps = systemDeps(),
  print: (line: string) => void = console.log,
): Promise<number> {
  return guarded(INSTALL_USAGE, () => install(argv, deps, print));
}

async function install(argv: string[], deps: NativeHostDeps, print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      browser: { type: 'string' },
      'user-data-dir': { type: 'string' },
      'extension-id': { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    print(INSTALL_USAGE);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536))
    throw new UsageError(`--port must be 1-65535, got "${values.port}"`);

  const report = await installNativeHost(
    {
      browsers: values.browser === undefined ? undefined : parseBrowsers(values.browser),
      userDataDir: values['user-data-dir'] === undefined ? undefined : resolve(values['user-data-dir']),
      extraIds: values['extension-id'] ?? [],
      host: values.host,
      port,
      command: currentBridgeCommand(),
    },
    deps,
  );
  print(`launcher: ${report.launcher}`);
  if (report.settings) print(`settings: ${report.settings}`);
  for (const { target, manifestPath } of report.installed) {
    print(
      `installed for ${target.label}: ${manifestPath}${target.registryKey ? ` (registry ${target.registryKey})` : ''}`,
    );
  }
  for (const note of report.notes) print(`note: ${note}`);
  print('Reload the extension (or restart the browser); it will pair by itself. Check with: aistudio-bridge doctor');
  return 0;
}

function parseBrowsers(value: string): ReturnType<typeof parseBrowserList> {
  try {
    return parseBrowserList(value);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const UNINSTALL_USAGE = 'usage: aistudio-bridge uninstall-native-host [--user-data-dir DIR]';

export function uninstallNativeHostCommand(
  argv: string[],
  deps: NativeHostDeps = systemDeps(),
  print: (line: string) => void = console.log,
): Promise<number> {
  return guarded(UNINSTALL_USAGE, () => uninstall(argv, deps, print));
}

async function uninstall(argv: string[], deps: NativeHostDeps, print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'user-data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    print(
      `${UNINSTALL_USAGE}\nRemoves the manifests, registry keys, launcher and settings written by install-native-host (the pairing token stays).`,
    );
    return 0;
  }
  const report = await uninstallNativeHost(
    { userDataDir: values['user-data-dir'] === undefined ? undefined : resolve(values['user-data-dir']) },
    deps,
  );
  if (report.removed.length === 0) print('nothing to remove: the native host was not installed');
  for (const path of report.removed) print(`removed ${path}`);
  return 0;
}
