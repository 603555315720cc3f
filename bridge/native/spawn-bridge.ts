import { spawn as nodeSpawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BridgeEndpoint } from './endpoint.ts';
import type { BridgeCommand } from './runtime.ts';

/**
 * Starts the bridge (`npm start` equivalent: node + tsx + bridge/main.ts start) as a detached
 * process that outlives the native host: Chrome kills the host when the extension closes the
 * port, and the bridge must keep serving. Its output goes to a log file in the config dir,
 * because the host's own stdout belongs to Chrome's framing.
 */
export const bridgeLogPath = (configDir: string): string => join(configDir, 'bridge.log');
/** pid of the last bridge the native host started (for the user, `doctor` and tests to stop it) */
export const bridgePidPath = (configDir: string): string => join(configDir, 'bridge.pid');

const MAX_LOG_BYTES = 5 * 1024 * 1024;

export interface SpawnedBridge {
  pid: number | undefined;
  /** set once the child exits (e.g. the port was taken or the config is broken) */
  exitCode(): number | null | undefined;
}

export interface ChildLike {
  pid?: number;
  unref(): void;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

export interface SpawnDeps {
  spawn: (
    command: string,
    args: string[],
    options: {
      cwd: string;
      env: NodeJS.ProcessEnv;
      detached: boolean;
      stdio: ['ignore', number, number];
      windowsHide: boolean;
    },
  ) => ChildLike;
  /** opens the log for appending and returns its descriptor */
  openLog: (path: string) => number;
  closeLog: (fd: number) => void;
}

export const nodeSpawnDeps: SpawnDeps = {
  spawn: (command, args, options) => nodeSpawn(command, args, options),
  openLog: (path) => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 }); // the config folder
    // Each start appends; a log past a few MiB starts over instead of growing without bound.
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    return openSync(path, size > MAX_LOG_BYTES ? 'w' : 'a', 0o600);
  },
  closeLog: (fd) => closeSync(fd),
};

/**
 * `start` with the endpoint both as flags and as environment, so either way of reading it works.
 * The calling extension's id goes along: a build with another key (allowed in the host manifest
 * through `install-native-host --extension-id`) must also be let in by the bridge it starts.
 */
function startArgs(endpoint: BridgeEndpoint, extensionIds: readonly string[] = []): string[] {
  return [
    'start',
    '--host',
    endpoint.host,
    '--port',
    String(endpoint.port),
    ...extensionIds.flatMap((id) => ['--extension-id', id]),
  ];
}

export function spawnDetachedBridge(
  opts: {
    command: BridgeCommand;
    configDir: string;
    endpoint: BridgeEndpoint;
    env: NodeJS.ProcessEnv;
    extensionIds?: readonly string[];
  },
  deps: SpawnDeps = nodeSpawnDeps,
): SpawnedBridge {
  const log = deps.openLog(bridgeLogPath(opts.configDir));
  let exit: number | null | undefined;
  try {
    const child = deps.spawn(
      opts.command.node,
      [...opts.command.args, ...startArgs(opts.endpoint, opts.extensionIds)],
      {
        cwd: opts.command.cwd,
        env: {
          ...opts.env,
          AISTUDIO_BRIDGE_HOME: opts.configDir,
          AISTUDIO_BRIDGE_HOST: opts.endpoint.host,
          AISTUDIO_BRIDGE_PORT: String(opts.endpoint.port),
        },
        // detached: own process group/session, so closing the native port does not take it down.
        detached: true,
        stdio: ['ignore', log, log],
        windowsHide: true,
      },
    );
    child.once('exit', (code) => (exit = code));
    child.once('error', () => (exit = -1));
    child.unref();
    return { pid: child.pid, exitCode: () => exit };
  } finally {
    // The child holds its own copy of the descriptor.
    deps.closeLog(log);
  }
}
