import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_KEPT_CHATS,
  DEFAULT_TIMEOUTS,
  startBridge,
  silentLogger,
  type BridgeConfig,
  type BridgeTimeouts,
  type Logger,
} from '../../bridge/index.ts';
import { launchWithExtension, type ExtensionBrowser } from './browser.ts';
import { getHealth, type Health } from './health.ts';
import { startSim, type PageVariant, type Sim, type SimOptions } from '../site/server.ts';
import { waitUntil } from './wait.ts';

type RunningBridge = Awaited<ReturnType<typeof startBridge>>;

export interface StackOptions {
  /** worker tabs the extension is configured to open (popup setting), default 1 */
  workerTabs?: number;
  /** bridge timeouts (tests use short ones for stall/timeout scenarios) */
  timeouts?: Partial<BridgeTimeouts>;
  /** fixed bridge port (demo: 2048); default ephemeral */
  bridgePort?: number;
  headless?: boolean;
  /** the bridge's logger (tests: silent; the demo: the normal console logger) */
  bridgeLogger?: Logger;
  /** extra Chromium flags and environment (e.g. `--lang=zh-CN` and LANGUAGE for the UI language) */
  browserArgs?: string[];
  browserEnv?: Record<string, string>;
  /** simulated page variant (sim/site/page/variant.ts), e.g. the Chinese page */
  simPage?: PageVariant;
  /** print the worker's and pages' console */
  log?: (line: string) => void;
  /** options of the simulated AI Studio (e.g. failing page loads) */
  sim?: SimOptions;
  /** false: resolve once everything started, without waiting for ready worker tabs */
  waitForTabs?: boolean;
  /** the bridge's kept-chat settings (continuing conversations; bench: on and off) */
  chats?: Partial<BridgeConfig['chats']>;
}

export interface Stack {
  sim: Sim;
  /** the bridge's config dir (pairing token, selectors.json, …) */
  configDir: string;
  readonly bridge: RunningBridge;
  browser: ExtensionBrowser;
  baseURL: string;
  health(): Promise<Health>;
  waitForReadyTabs(count: number, timeoutMs?: number): Promise<Health>;
  /** close the bridge and start it again on the same port with the same token */
  restartBridge(): Promise<void>;
  /** write the extension's settings the way the popup does (chrome.storage.local) */
  setExtensionSettings(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The demo stack: simulated AI Studio + real bridge + Chromium with the built extension,
 * configured the way a person does it (token and bridge URL pasted in the popup), ready when the
 * bridge's /health lists the worker tabs as ready. Used by `npm run demo`, the benchmarks and the
 * end-to-end tests. Builds nothing: the extension must be built first. Everything started here is
 * stopped by close().
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const configDir = await mkdtemp(join(tmpdir(), 'aistudio-bridge-config-'));
  const token = randomBytes(24).toString('base64url');
  const cleanups: Array<() => Promise<unknown>> = [() => rm(configDir, { recursive: true, force: true })];
  const closeAll = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const sim = await startSim({ ...opts.sim, ...(opts.simPage ? { page: opts.simPage } : {}) });
    cleanups.push(() => sim.close());
    const bridgeOptions = {
      host: '127.0.0.1',
      port: opts.bridgePort ?? 0,
      token,
      configDir,
      logger: opts.bridgeLogger ?? silentLogger,
      timeouts: { ...DEFAULT_TIMEOUTS, ...opts.timeouts },
      ...(opts.chats ? { chats: { ...DEFAULT_KEPT_CHATS, ...opts.chats } } : {}),
    };
    let bridge = await startBridge(bridgeOptions);
    cleanups.push(() => bridge.close());
    const browser = await launchWithExtension({
      extraArgs: [...sim.chromiumArgs, ...(opts.browserArgs ?? [])],
      headless: opts.headless,
      log: opts.log,
      env: opts.browserEnv,
    });
    cleanups.push(() => browser.close());

    const setExtensionSettings = async (settings: Record<string, unknown>): Promise<void> => {
      await browser.worker.evaluate((s) => chrome.storage.local.set(s), settings);
    };
    await setExtensionSettings({
      bridgeUrl: `ws://127.0.0.1:${bridge.port}/extension`,
      token,
      workerTabCount: opts.workerTabs ?? 1,
    });

    const stack: Stack = {
      sim,
      configDir,
      get bridge() {
        return bridge;
      },
      browser,
      baseURL: `${bridge.url}/v1`,
      health: () => getHealth(bridge.url),
      waitForReadyTabs: (count, timeoutMs = 30_000) =>
        waitUntil(
          async () => {
            const h = await getHealth(bridge.url);
            return h.tabs.ready >= count ? h : undefined;
          },
          `${count} ready worker tab(s) on the bridge`,
          timeoutMs,
        ),
      restartBridge: async () => {
        const port = bridge.port;
        await bridge.close();
        bridge = await startBridge({ ...bridgeOptions, port });
      },
      setExtensionSettings,
      close: closeAll,
    };
    if (opts.waitForTabs !== false) await stack.waitForReadyTabs(opts.workerTabs ?? 1);
    return stack;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
