import { posix, win32 } from 'node:path';
import { NATIVE_HOST_NAME } from './constants.ts';

/**
 * Where each Chromium browser looks for a user-level native-messaging host, per OS.
 * Linux/macOS: a `NativeMessagingHosts/` folder in the browser's user-data dir holds
 * `<name>.json`. Windows: the manifest may live anywhere; a registry key under HKCU whose default
 * value is the manifest's path points at it. Sources: Chrome's native-messaging docs, KeePassXC
 * NativeMessageInstaller.cpp, browserpass-native's Makefile.
 */
const BROWSER_IDS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type BrowserId = (typeof BROWSER_IDS)[number];

export interface BrowserTarget {
  /** a BrowserId, or 'custom' for an explicit --user-data-dir */
  browser: BrowserId | 'custom';
  label: string;
  /** the browser's user-data dir: its existence tells whether the browser is in use here */
  profileDir: string;
  /** folder of the manifest file */
  manifestDir: string;
  /** Windows only: HKCU key whose default value must be the manifest path */
  registryKey?: string;
}

export interface PlatformContext {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
}

const LABELS: Record<BrowserId, string> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  brave: 'Brave',
  firefox: 'Firefox',
};
type ChromiumId = Exclude<BrowserId, 'firefox'>;

/** User-data dir segments below ~/.config (Linux) and ~/Library/Application Support (macOS). */
const LINUX_DIRS: Record<ChromiumId, string[]> = {
  chrome: ['google-chrome'],
  chromium: ['chromium'],
  edge: ['microsoft-edge'],
  brave: ['BraveSoftware', 'Brave-Browser'],
};
const MAC_DIRS: Record<ChromiumId, string[]> = {
  chrome: ['Google', 'Chrome'],
  chromium: ['Chromium'],
  edge: ['Microsoft Edge'],
  brave: ['BraveSoftware', 'Brave-Browser'],
};
/** Vendor path shared by the registry key (HKCU\Software\…) and %LOCALAPPDATA%\…\User Data. */
const WINDOWS_VENDOR: Record<ChromiumId, string[]> = {
  chrome: ['Google', 'Chrome'],
  chromium: ['Chromium'],
  edge: ['Microsoft', 'Edge'],
  brave: ['BraveSoftware', 'Brave-Browser'],
};

export function browserTargets(ctx: PlatformContext, configDir: string): BrowserTarget[] {
  return BROWSER_IDS.map((browser) => browserTarget(browser, ctx, configDir));
}

function browserTarget(browser: BrowserId, ctx: PlatformContext, configDir: string): BrowserTarget {
  if (browser === 'firefox') return firefoxTarget(ctx, configDir);
  const label = LABELS[browser];
  if (ctx.platform === 'win32') {
    const localAppData = ctx.env.LOCALAPPDATA ?? win32.join(ctx.home, 'AppData', 'Local');
    return {
      browser,
      label,
      profileDir: win32.join(localAppData, ...WINDOWS_VENDOR[browser], 'User Data'),
      // One manifest serves every browser on Windows: the registry keys all point at it.
      manifestDir: configDir,
      registryKey: ['HKCU', 'Software', ...WINDOWS_VENDOR[browser], 'NativeMessagingHosts', NATIVE_HOST_NAME].join(
        '\\',
      ),
    };
  }
  const base =
    ctx.platform === 'darwin'
      ? posix.join(ctx.home, 'Library', 'Application Support', ...MAC_DIRS[browser])
      : posix.join(ctx.env.XDG_CONFIG_HOME || posix.join(ctx.home, '.config'), ...LINUX_DIRS[browser]);
  return { browser, label, profileDir: base, manifestDir: posix.join(base, 'NativeMessagingHosts') };
}

/**
 * Firefox reads one user-level folder for every profile (not one per profile like Chromium):
 * ~/.mozilla/native-messaging-hosts (Linux), ~/Library/Application Support/Mozilla/NativeMessagingHosts
 * (macOS), or on Windows the manifest a HKCU\Software\Mozilla\NativeMessagingHosts\<name> key
 * points at. Its manifest lists `allowed_extensions` (gecko ids) instead of `allowed_origins`, so on
 * Windows it is a file of its own next to the Chromium one.
 */
function firefoxTarget(ctx: PlatformContext, configDir: string): BrowserTarget {
  const label = LABELS.firefox;
  if (ctx.platform === 'win32') {
    const appData = ctx.env.APPDATA ?? win32.join(ctx.home, 'AppData', 'Roaming');
    return {
      browser: 'firefox',
      label,
      profileDir: win32.join(appData, 'Mozilla', 'Firefox'),
      manifestDir: win32.join(configDir, 'firefox'),
      registryKey: ['HKCU', 'Software', 'Mozilla', 'NativeMessagingHosts', NATIVE_HOST_NAME].join('\\'),
    };
  }
  if (ctx.platform === 'darwin') {
    const support = posix.join(ctx.home, 'Library', 'Application Support');
    return {
      browser: 'firefox',
      label,
      profileDir: posix.join(support, 'Firefox'),
      manifestDir: posix.join(support, 'Mozilla', 'NativeMessagingHosts'),
    };
  }
  return {
    browser: 'firefox',
    label,
    profileDir: posix.join(ctx.home, '.mozilla', 'firefox'),
    manifestDir: posix.join(ctx.home, '.mozilla', 'native-messaging-hosts'),
  };
}

/**
 * A browser started with `--user-data-dir DIR` (test profiles, Playwright, a second profile set)
 * looks in DIR/NativeMessagingHosts on Linux and macOS. Windows only reads the registry, so
 * there the manifest is written but only found through the registry keys.
 */
export function customTarget(userDataDir: string, ctx: PlatformContext): BrowserTarget {
  const path = ctx.platform === 'win32' ? win32 : posix;
  return {
    browser: 'custom',
    label: `user-data-dir ${userDataDir}`,
    profileDir: userDataDir,
    manifestDir: path.join(userDataDir, 'NativeMessagingHosts'),
  };
}

export function parseBrowserList(value: string): BrowserId[] | 'all' {
  if (value === 'all') return 'all';
  const ids = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const id of ids) {
    if (!(BROWSER_IDS as readonly string[]).includes(id))
      throw new Error(`unknown browser "${id}" (known: ${BROWSER_IDS.join(', ')}, all)`);
  }
  return ids as BrowserId[];
}
