import { posix, win32 } from 'node:path';

/**
 * Which Chromium the demo, the benchmarks and the end-to-end tests start. In order:
 * 1. `CHROMIUM_PATH` (must exist);
 * 2. Playwright's own Chromium (`npx playwright install chromium`);
 * 3. an installed Chromium or Chrome for Testing (Linux, macOS, Windows);
 * branded Google Chrome is recognised but refused: since Chrome 137 it ignores `--load-extension`,
 * so the extension would silently not load. When nothing fits, `message` says what to run.
 */
export interface FinderDeps {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  exists(path: string): boolean;
  /** Playwright's expected Chromium path (whether or not it was downloaded), null if unknown */
  playwrightPath(): string | null;
  /** major version of a browser binary, null when it cannot be told */
  majorVersion(path: string): number | null;
}

type BrowserSource = 'CHROMIUM_PATH' | 'playwright' | 'installed';

export type FoundBrowser = { ok: true; path: string; source: BrowserSource } | { ok: false; message: string };

/** The first Chrome that ignores --load-extension (the flag works in Chromium and Chrome for Testing). */
const FIRST_CHROME_WITHOUT_LOAD_EXTENSION = 137;

export class BrowserNotFoundError extends Error {
  override readonly name = 'BrowserNotFoundError';
}

interface Candidate {
  path: string;
  branded: boolean;
}

function candidates(deps: FinderDeps): Candidate[] {
  const { env, platform } = deps;
  const ok = (path: string): Candidate => ({ path, branded: false });
  const chrome = (path: string): Candidate => ({ path, branded: true });
  if (platform === 'darwin') {
    const home = env.HOME ?? '';
    return ['/Applications', posix.join(home, 'Applications')].flatMap((apps) => [
      ok(`${apps}/Chromium.app/Contents/MacOS/Chromium`),
      ok(`${apps}/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing`),
      chrome(`${apps}/Google Chrome.app/Contents/MacOS/Google Chrome`),
    ]);
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    return roots.flatMap((root) => [
      ok(win32.join(root, 'Chromium', 'Application', 'chrome.exe')),
      ok(win32.join(root, 'Google', 'Chrome for Testing', 'Application', 'chrome.exe')),
      chrome(win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')),
    ]);
  }
  return [
    ok('/usr/bin/chromium'),
    ok('/usr/bin/chromium-browser'),
    ok('/usr/lib/chromium/chromium'),
    ok('/snap/bin/chromium'),
    ok('/opt/google/chrome-for-testing/chrome'),
    chrome('/usr/bin/google-chrome'),
    chrome('/usr/bin/google-chrome-stable'),
    chrome('/opt/google/chrome/chrome'),
  ];
}

/** Branded Chrome, told from its install location (Chrome for Testing and Chromium live elsewhere). */
export function looksLikeBrandedChrome(path: string): boolean {
  const p = path.replaceAll('\\', '/').toLowerCase();
  if (p.includes('for testing') || p.includes('chrome-for-testing') || p.includes('chromium')) return false;
  return /google[ -]chrome(-stable|-beta|-unstable)?$|\/google chrome\.app\/|\/google\/chrome\/(application\/)?chrome(\.exe)?$|\/opt\/google\/chrome\/chrome$/.test(
    p,
  );
}

function installHint(platform: NodeJS.Platform): string {
  const lines = ['  npx playwright install chromium      (downloads Chromium for Playwright; any OS)'];
  if (platform === 'linux')
    lines.push('  sudo apt-get install chromium        (Debian/Ubuntu; other distributions: their chromium package)');
  if (platform === 'darwin') lines.push('  brew install --cask chromium');
  lines.push('or set CHROMIUM_PATH to a Chromium or Chrome for Testing executable.');
  return lines.join('\n');
}

function chromeRefusal(path: string, major: number | null, platform: NodeJS.Platform): string {
  const which = major === null ? 'Google Chrome' : `Google Chrome ${major}`;
  return [
    `Found ${which} at ${path}, but Google Chrome ${FIRST_CHROME_WITHOUT_LOAD_EXTENSION} and later ignore --load-extension,`,
    'so the extension would not load. Use Chromium or Chrome for Testing instead:',
    installHint(platform),
  ].join('\n');
}

export function findBrowser(deps: FinderDeps): FoundBrowser {
  const fromEnv = deps.env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (!deps.exists(fromEnv))
      return {
        ok: false,
        message: `CHROMIUM_PATH is set to ${fromEnv}, which does not exist.\n${installHint(deps.platform)}`,
      };
    if (looksLikeBrandedChrome(fromEnv)) {
      const major = deps.majorVersion(fromEnv);
      if (major === null || major >= FIRST_CHROME_WITHOUT_LOAD_EXTENSION)
        return { ok: false, message: chromeRefusal(fromEnv, major, deps.platform) };
    }
    return { ok: true, path: fromEnv, source: 'CHROMIUM_PATH' };
  }
  const playwright = deps.playwrightPath();
  if (playwright && deps.exists(playwright)) return { ok: true, path: playwright, source: 'playwright' };
  const present = candidates(deps).filter((c) => deps.exists(c.path));
  const usable = present.find((c) => !c.branded);
  if (usable) return { ok: true, path: usable.path, source: 'installed' };
  const branded = present[0];
  if (branded) {
    const major = deps.majorVersion(branded.path);
    if (major !== null && major < FIRST_CHROME_WITHOUT_LOAD_EXTENSION)
      return { ok: true, path: branded.path, source: 'installed' };
    return { ok: false, message: chromeRefusal(branded.path, major, deps.platform) };
  }
  return {
    ok: false,
    message: `No Chromium found to run the extension in. Install one:\n${installHint(deps.platform)}`,
  };
}
