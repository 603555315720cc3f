// How every test, benchmark and the demo starts Chromium: the browser sim/launch/find-browser.ts picks
// (CHROMIUM_PATH, Playwright's download, an installed Chromium), with the flags that keep it off
// the network.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { BrowserNotFoundError, findBrowser, type FinderDeps, type FoundBrowser } from './find-browser.ts';

const systemFinderDeps: FinderDeps = {
  env: process.env,
  platform: process.platform,
  exists: (path) => existsSync(path),
  playwrightPath: () => {
    try {
      return chromium.executablePath();
    } catch {
      return null;
    }
  },
  majorVersion: (path) => {
    try {
      const out = execFileSync(path, ['--version'], {
        encoding: 'utf8',
        timeout: 5_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const major = /(\d+)\.\d+\.\d+/.exec(out)?.[1];
      return major ? Number(major) : null;
    } catch {
      return null;
    }
  },
};

/** Looked up once per process: the answer does not change while it runs. */
export const FOUND_BROWSER: FoundBrowser = findBrowser(systemFinderDeps);

/** The browser to launch, or '' when none fits (launchers call requireChromium() first). */
export const CHROMIUM_PATH: string = FOUND_BROWSER.ok ? FOUND_BROWSER.path : '';

/** The browser path, or a BrowserNotFoundError whose message says what to install. */
export function requireChromium(): string {
  if (!FOUND_BROWSER.ok) throw new BrowserNotFoundError(FOUND_BROWSER.message);
  return FOUND_BROWSER.path;
}

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Flags that load one unpacked extension and nothing else. */
export const extensionFlags = (dir: string): string[] => [
  `--disable-extensions-except=${dir}`,
  `--load-extension=${dir}`,
];
