import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { DEFAULT_TIMEOUTS, startBridge, silentLogger, type BridgeTimeouts, type Logger } from '../../../bridge/index.ts';
import { STATUS_KEY, WorkerStatus } from '../../../extension/background/status-schema.ts';
import { startSim, type Sim } from '../../sim/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './browser.ts';
import { getHealth, type Health } from './health.ts';
import { waitUntil } from './wait.ts';

type RunningBridge = Awaited<ReturnType<typeof startBridge>>;

export interface HarnessOptions {
  /** worker tabs the extension is configured to open (popup setting), default 1 */
  workerTabs?: number;
  /** bridge timeouts (tests use short ones for stall/timeout scenarios) */
  timeouts?: Partial<BridgeTimeouts>;
  /** fixed bridge port (demo: 2048); default ephemeral */
  bridgePort?: number;
  headless?: boolean;
  /** the bridge's logger (tests: silent; the demo: the normal console logger) */
  bridgeLogger?: Logger;
  /** print the worker's and pages' console (E2E_DEBUG=1) */
  log?: (line: string) => void;
}

export interface Harness {
  sim: Sim;
  bridge: RunningBridge;
  browser: ExtensionBrowser;
  /** official OpenAI client pointed at the bridge, no retries (a retry would hide a failure) */
  client: OpenAI;
  baseURL: string;
  health(): Promise<Health>;
  waitForReadyTabs(count: number, timeoutMs?: number): Promise<Health>;
  /** what the extension shows in its popup (chrome.storage.session, parsed) */
  extensionStatus(): Promise<WorkerStatus>;
  /** Chrome tab ids of the extension's worker tabs */
  workerTabIds(): Promise<number[]>;
  /** close a tab the way a person does (tabs.remove) */
  closeTab(tabId: number): Promise<void>;
  /** close the bridge and start it again on the same port with the same token */
  restartBridge(): Promise<void>;
  setExtensionSettings(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one end-to-end fixture: simulated AI Studio + real bridge + Chromium with the built
 * extension, configured the way a person does it (token and bridge URL pasted in the popup),
 * ready when the bridge's /health lists the worker tabs as ready. Builds nothing: `npm run
 * test:e2e` builds the extension first. Everything started here is stopped by close().
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const configDir = await mkdtemp(join(tmpdir(), 'aistudio-bridge-config-'));
  const token = randomBytes(24).toString('base64url');
  const cleanups: Array<() => Promise<unknown>> = [() => rm(configDir, { recursive: true, force: true })];
  const closeAll = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const sim = await startSim();
    cleanups.push(() => sim.close());
    const bridgeOptions = { host: '127.0.0.1', port: opts.bridgePort ?? 0, token, configDir, logger: opts.bridgeLogger ?? silentLogger, timeouts: { ...DEFAULT_TIMEOUTS, ...opts.timeouts } };
    let bridge = await startBridge(bridgeOptions);
    cleanups.push(() => bridge.close());
    const browser = await launchWithExtension({ extraArgs: sim.chromiumArgs, headless: opts.headless, log: opts.log });
    cleanups.push(() => browser.close());

    const setExtensionSettings = async (settings: Record<string, unknown>): Promise<void> => {
      await browser.worker.evaluate((s) => chrome.storage.local.set(s), settings);
    };
    await setExtensionSettings({ bridgeUrl: `ws://127.0.0.1:${bridge.port}/extension`, token, workerTabCount: opts.workerTabs ?? 1 });

    const baseURL = `${bridge.url}/v1`;
    const harness: Harness = {
      sim,
      get bridge() {
        return bridge;
      },
      browser,
      baseURL,
      client: new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 60_000 }),
      health: () => getHealth(bridge.url),
      waitForReadyTabs: (count, timeoutMs = 30_000) =>
        waitUntil(async () => {
          const h = await getHealth(bridge.url);
          return h.tabs.ready >= count ? h : undefined;
        }, `${count} ready worker tab(s) on the bridge`, timeoutMs),
      extensionStatus: async () => WorkerStatus.parse(await browser.worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], STATUS_KEY)),
      workerTabIds: async () => (await harness.extensionStatus()).tabs.map((t) => t.tabId),
      closeTab: (tabId) => browser.worker.evaluate((id) => chrome.tabs.remove(id), tabId),
      restartBridge: async () => {
        const port = bridge.port;
        await bridge.close();
        bridge = await startBridge({ ...bridgeOptions, port });
      },
      setExtensionSettings,
      close: closeAll,
    };
    await harness.waitForReadyTabs(opts.workerTabs ?? 1);
    return harness;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
