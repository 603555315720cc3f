import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, silentLogger, type RunningBridge } from '../../bridge/index.ts';
import { installNativeHostCommand, systemDeps } from '../../bridge/cli/native-host-install.ts';
import { readToken } from '../../bridge/pairing.ts';
import { EXTENSION_DIR } from '../../sim/launch/browser.ts';
import { getHealth, type Health } from '../../sim/launch/health.ts';
import { waitUntil } from '../../sim/launch/wait.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, extensionFlags } from '../../sim/launch/chromium.ts';
import { sparePort } from '../../sim/launch/ports.ts';

/**
 * Native messaging end to end: the real installer writes the host manifest into a throwaway
 * Chromium profile's NativeMessagingHosts/ (user-level lookup, docs/chrome-extension.md#native-messaging), Chromium
 * loads the built extension, and its worker talks to the real host through Chrome.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Setup {
  home: string;
  profile: string;
  port: number;
  url: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Temp config dir + temp profile with the host installed by the real CLI, and a free port. */
async function setUp(): Promise<Setup> {
  const home = await mkdtemp(join(tmpdir(), 'asb-native-home-'));
  const profile = await mkdtemp(join(tmpdir(), 'asb-native-profile-'));
  cleanups.push(
    () => rm(home, { recursive: true, force: true }),
    () => rm(profile, { recursive: true, force: true }),
  );
  const port = await sparePort();
  // The CLI command in-process (a spawned `tsx bridge/main.ts` costs seconds on a loaded CI box);
  // doctor below runs as a real process.
  const printed: string[] = [];
  const code = await installNativeHostCommand(
    ['--user-data-dir', profile, '--port', String(port)],
    { ...systemDeps(), configDir: home },
    (line) => printed.push(line),
  );
  expect(code, printed.join('\n')).toBe(0);
  expect(existsSync(join(profile, 'NativeMessagingHosts', 'io.github.aistudio_bridge.json'))).toBe(true);
  return { home, profile, port, url: `http://127.0.0.1:${port}` };
}

async function launch(setup: Setup): Promise<BrowserContext> {
  // Chromium passes its environment to the host; keep the test runner's bridge variables out of it
  // so only what the installer recorded (config dir, port) steers the host.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => !k.startsWith('AISTUDIO_BRIDGE_') && v !== undefined),
  ) as Record<string, string>;
  const context = await chromium.launchPersistentContext(setup.profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    env,
    args: [...extensionFlags(EXTENSION_DIR), ...CHROMIUM_FLAGS],
  });
  cleanups.push(() => context.close());
  return context;
}

/** A timeout says little by itself: attach what the host and the bridge logged. */
async function withLogs<T>(setup: Setup, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const tail = (name: string) =>
      existsSync(join(setup.home, name)) ? readFileSync(join(setup.home, name), 'utf8').slice(-2000) : '(none)';
    throw new Error(
      `${String(error)}\n--- native-host.log\n${tail('native-host.log')}\n--- bridge.log\n${tail('bridge.log')}`,
    );
  }
}

async function nativelyPairedExtension(setup: Setup, timeoutMs: number): Promise<Health> {
  const wait = waitUntil(
    async () => {
      const health = await getHealth(setup.url);
      return health.extensions.some((e) => e.paired_via === 'native') ? health : undefined;
    },
    'an extension paired via native messaging',
    timeoutMs,
    250,
  );
  return withLogs(setup, wait);
}

describe('native messaging (Chromium + built extension + real host)', () => {
  beforeAll(() => {
    if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
      throw new Error(`no built extension in ${EXTENSION_DIR}: run npm run build:chrome`);
  });

  it('pairs the extension with a running bridge without any pasted token', async () => {
    const setup = await setUp();
    const bridge: RunningBridge = await startBridge({
      host: '127.0.0.1',
      port: setup.port,
      configDir: setup.home,
      logger: silentLogger,
      logLevel: 'silent',
    });
    cleanups.push(() => bridge.close());
    // The token the bridge uses is the one in the config dir: the extension can only know it via the host.
    expect(bridge.token).toBe(readToken(setup.home));

    const context = await launch(setup);
    const health = await nativelyPairedExtension(setup, 30_000);
    expect(health.extensions).toHaveLength(1);

    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    expect(worker).toBeDefined();
    const stored = await worker!.evaluate(() => chrome.storage.local.get(['pairedVia', 'bridgeUrl']));
    expect(stored).toMatchObject({ pairedVia: 'native', bridgeUrl: `ws://127.0.0.1:${setup.port}/extension` });

    // doctor, run as a user would, sees the same picture.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bridge/main.ts', 'doctor', '--user-data-dir', setup.profile],
      {
        cwd: ROOT,
        env: { ...process.env, AISTUDIO_BRIDGE_HOME: setup.home, AISTUDIO_BRIDGE_PORT: undefined },
      },
    );
    expect(stdout).toContain(`native host for user-data-dir ${setup.profile}: installed`);
    expect(stdout).toContain(`at http://127.0.0.1:${setup.port}`);
    expect(stdout).toContain('extensions connected: 1 (paired via native)');
  });

  it('starts a stopped bridge when the extension asks, which then becomes reachable', async () => {
    const setup = await setUp();
    await expect(fetch(`${setup.url}/health`)).rejects.toThrow();

    const pidFile = join(setup.home, 'bridge.pid');
    const spawnedPid = () => {
      const text = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
      return /^\d+$/.test(text) ? Number(text) : undefined;
    };
    // The host records the pid of the bridge it spawns: stop exactly that process, whatever happens.
    cleanups.push(async () => {
      const pid = spawnedPid();
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    });
    await launch(setup);
    const bridgePid = await withLogs(setup, waitUntil(spawnedPid, 'the native host to start the bridge', 40_000, 250));

    const health = await nativelyPairedExtension(setup, 30_000);
    expect(health.status).toMatch(/ok|waiting_for_tab/);
    expect(readFileSync(join(setup.home, 'bridge.log'), 'utf8')).toContain(
      `AI Studio Bridge ready on http://127.0.0.1:${setup.port}`,
    );
    expect(readFileSync(join(setup.home, 'native-host.log'), 'utf8')).toContain(
      'chrome-extension://kfpimojligboioadliockbjbjmdfjjcp/',
    );

    process.kill(bridgePid, 'SIGTERM');
    await waitUntil(
      async () =>
        !(await fetch(`${setup.url}/health`).then(
          () => true,
          () => false,
        )),
      `bridge ${bridgePid} to stop`,
      10_000,
    );
  });
});
