import { posix, win32 } from 'node:path';
import { browserTargets, customTarget, type BrowserId, type BrowserTarget, type PlatformContext } from './browsers.ts';
import { nativeSettingsPath } from './endpoint.ts';
import { launcherContent, launcherPath } from './launcher.ts';
import { buildFirefoxHostManifest, buildHostManifest, manifestFileName, serializeManifest } from './manifest.ts';
import type { BridgeCommand } from './runtime.ts';
import type { HostFs, RegRunner } from './system.ts';

/**
 * `install-native-host` / `uninstall-native-host` as plain functions over injected I/O:
 * write the launcher into the config dir, then one manifest per browser (Linux, macOS) or one
 * manifest plus one HKCU registry key per browser (Windows).
 */
export interface NativeHostDeps extends PlatformContext {
  fs: HostFs;
  reg: RegRunner;
  configDir: string;
}

export interface InstallOptions {
  /** default: the browsers whose user-data dir exists here (all of them when none does) */
  browsers?: BrowserId[] | 'all';
  /** also (or, without `browsers`, only) install into DIR/NativeMessagingHosts */
  userDataDir?: string;
  /** extension ids of differently-keyed builds, allowed next to the pinned one */
  extraIds?: string[];
  /** recorded for the host (and the bridge it starts) when the bridge does not use 127.0.0.1:2048 */
  host?: string;
  port?: number;
  command: BridgeCommand;
}

export interface InstallReport {
  launcher: string;
  settings: string | null;
  installed: { target: BrowserTarget; manifestPath: string }[];
  notes: string[];
}

const pathFor = (platform: NodeJS.Platform) => (platform === 'win32' ? win32 : posix);

export function manifestPathFor(target: BrowserTarget, platform: NodeJS.Platform): string {
  return pathFor(platform).join(target.manifestDir, manifestFileName);
}

/** Which browsers to install for; see InstallOptions.browsers. */
function selectTargets(
  deps: NativeHostDeps,
  browsers: BrowserId[] | 'all' | undefined,
  userDataDir?: string,
): { targets: BrowserTarget[]; notes: string[] } {
  const all = browserTargets(deps, deps.configDir);
  const custom = userDataDir ? [customTarget(userDataDir, deps)] : [];
  if (browsers === 'all') return { targets: [...all, ...custom], notes: [] };
  if (browsers)
    return { targets: [...all.filter((t) => browsers.includes(t.browser as BrowserId)), ...custom], notes: [] };
  if (custom.length > 0) return { targets: custom, notes: [] };
  const found = all.filter((t) => deps.fs.exists(t.profileDir));
  if (found.length > 0) return { targets: found, notes: [] };
  return { targets: all, notes: ['no browser profile found here; installed for every known browser'] };
}

export async function installNativeHost(options: InstallOptions, deps: NativeHostDeps): Promise<InstallReport> {
  const { platform, fs } = deps;
  const { targets, notes } = selectTargets(deps, options.browsers, options.userDataDir);
  const launcher = launcherPath(deps.configDir, platform);
  // Build the manifest first: a bad --extension-id must fail before anything is written.
  const manifest = serializeManifest(buildHostManifest(launcher, options.extraIds));
  const firefoxManifest = serializeManifest(buildFirefoxHostManifest(launcher, options.extraIds));

  // 0700: it holds the pairing token; the bridge creates it the same way (bridge/pairing.ts).
  fs.mkdir(deps.configDir, 0o700);
  fs.writeFile(launcher, launcherContent({ command: options.command, configDir: deps.configDir }, platform), 0o755);

  let settings: string | null = null;
  if (options.host !== undefined || options.port !== undefined) {
    settings = nativeSettingsPath(deps.configDir);
    fs.writeFile(settings, `${JSON.stringify({ host: options.host, port: options.port }, null, 2)}\n`, 0o600);
  }

  const installed: InstallReport['installed'] = [];
  for (const target of targets) {
    const manifestPath = manifestPathFor(target, platform);
    fs.mkdir(target.manifestDir);
    fs.writeFile(manifestPath, target.browser === 'firefox' ? firefoxManifest : manifest, 0o644);
    if (target.registryKey) {
      const result = await deps.reg(['add', target.registryKey, '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f']);
      if (result.code !== 0)
        throw new Error(`reg add ${target.registryKey} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    installed.push({ target, manifestPath });
  }
  if (platform === 'win32' && options.userDataDir) {
    notes.push(
      'on Windows browsers find hosts through the registry only; the --user-data-dir manifest is not read there',
    );
  }
  return { launcher, settings, installed, notes };
}

export interface UninstallReport {
  removed: string[];
}

/** Removes what any install may have written: every browser's manifest and key, launcher, settings. */
export async function uninstallNativeHost(
  options: { userDataDir?: string },
  deps: NativeHostDeps,
): Promise<UninstallReport> {
  const { platform, fs } = deps;
  const targets = [
    ...browserTargets(deps, deps.configDir),
    ...(options.userDataDir ? [customTarget(options.userDataDir, deps)] : []),
  ];
  const removed: string[] = [];
  const removeFile = (path: string) => {
    if (!fs.exists(path)) return;
    fs.remove(path);
    removed.push(path);
  };
  for (const target of targets) {
    removeFile(manifestPathFor(target, platform));
    if (target.registryKey) {
      const query = await deps.reg(['query', target.registryKey]);
      if (query.code !== 0) continue; // not there: nothing to delete
      const result = await deps.reg(['delete', target.registryKey, '/f']);
      if (result.code !== 0)
        throw new Error(`reg delete ${target.registryKey} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
      removed.push(target.registryKey);
    }
  }
  removeFile(launcherPath(deps.configDir, platform));
  removeFile(nativeSettingsPath(deps.configDir));
  return { removed };
}
