// How tests start Firefox ESR with the built Firefox add-on (dist/firefox): puppeteer-core over
// WebDriver BiDi (no geckodriver), HTTPS sent through a loopback CONNECT proxy that reaches only
// the simulated AI Studio, and the add-on's moz-extension:// uuid fixed beforehand (a known Origin;
// BiDi still refuses to open the add-on's own pages, so tests configure it through native
// messaging). Why each pref: docs/firefox.md#driving-it-in-tests.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FIREFOX_EXTENSION_ID } from '../../protocol/extension-id.ts';
import { startConnectProxy, type ConnectProxy } from './connect-proxy.ts';
import { PAGE_HOST, RPC_HOST } from '../site/server.ts';

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** FIREFOX_PATH, else the first installed candidate, else '' (no Firefox here). */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FIREFOX_PATH) return existsSync(env.FIREFOX_PATH) ? env.FIREFOX_PATH : '';
  return FIREFOX_CANDIDATES.find((p) => existsSync(p)) ?? '';
}

export interface FirefoxWithAddon {
  browser: Browser;
  proxy: ConnectProxy;
  /** moz-extension://<uuid>/: the Origin of the add-on's WebSocket */
  extensionOrigin: string;
  close(): Promise<void>;
}

export interface FirefoxOptions {
  /** the built add-on folder (dist/firefox) */
  extensionDir: string;
  /** the simulator's HTTPS port: the proxy tunnels aistudio.google.com and the RPC host to it */
  simPort: number;
  headless?: boolean;
  executablePath?: string;
  /** extra prefs (e.g. extensions.background.idle.timeout) */
  prefs?: Record<string, unknown>;
  env?: Record<string, string>;
}

export async function launchFirefoxWithAddon(opts: FirefoxOptions): Promise<FirefoxWithAddon> {
  const executablePath = opts.executablePath ?? findFirefox();
  if (!executablePath)
    throw new Error('Firefox not found: install firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH');
  const proxy = await startConnectProxy([PAGE_HOST, RPC_HOST], opts.simPort);
  const uuid = randomUUID();
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: opts.headless ?? true,
      acceptInsecureCerts: true,
      // the whole environment Firefox (and the native host it starts) sees; default: this process's
      env: opts.env ?? process.env,
      extraPrefsFirefox: {
        'xpinstall.signatures.required': false,
        // Every HTTPS request goes to the proxy, which serves only the simulated hosts.
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.allow_hijacking_localhost': false,
        'network.proxy.no_proxies_on': '127.0.0.1, localhost',
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_EXTENSION_ID]: uuid }),
        ...opts.prefs,
      },
    });
    await browser.installExtension(opts.extensionDir);
    const extensionOrigin = `moz-extension://${uuid}/`;
    return {
      browser,
      proxy,
      extensionOrigin,
      close: async () => {
        await browser.close().catch(() => undefined);
        await proxy.close();
      },
    };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}
