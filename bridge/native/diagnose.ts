import { EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../protocol/extension-id.ts';
import { tokenPath } from '../pairing.ts';
import { browserTargets, customTarget, type BrowserTarget } from './browsers.ts';
import { httpUrl, resolveEndpoint, type BridgeEndpoint } from './endpoint.ts';
import type { HealthProbe } from './health.ts';
import { manifestPathFor, type NativeHostDeps } from './install.ts';
import { launcherContent, launcherPath } from './launcher.ts';
import { HostManifest } from './manifest.ts';
import { NATIVE_HOST_NAME } from './constants.ts';
import type { BridgeCommand } from './runtime.ts';

/** Everything `doctor` looks at, gathered over injected I/O so each verdict is unit-tested. */
interface BrowserCheck {
  target: BrowserTarget;
  /** the browser's profile exists here (installing for an absent browser is harmless) */
  browserPresent: boolean;
  manifestPath: string;
  installed: boolean;
  problems: string[];
}

export interface Diagnosis {
  configDir: string;
  endpoint: BridgeEndpoint;
  launcher: { path: string; present: boolean; current: boolean };
  browsers: BrowserCheck[];
  tokenPresent: boolean;
  health: HealthProbe;
}

const OUR_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

async function checkBrowser(target: BrowserTarget, deps: NativeHostDeps): Promise<BrowserCheck> {
  const manifestPath = manifestPathFor(target, deps.platform);
  const check: BrowserCheck = {
    target,
    browserPresent: deps.fs.exists(target.profileDir),
    manifestPath,
    installed: false,
    problems: [],
  };
  if (!deps.fs.exists(manifestPath)) return check;
  check.installed = true;
  let manifest: HostManifest | null = null;
  try {
    const parsed = HostManifest.safeParse(JSON.parse(deps.fs.readFile(manifestPath)));
    manifest = parsed.success ? parsed.data : null;
  } catch {
    manifest = null;
  }
  if (!manifest) {
    check.problems.push('manifest is not a valid host manifest');
    return check;
  }
  if (manifest.name !== NATIVE_HOST_NAME)
    check.problems.push(`manifest name is "${manifest.name}", expected "${NATIVE_HOST_NAME}"`);
  if (target.browser === 'firefox') {
    if (!manifest.allowed_extensions?.includes(FIREFOX_EXTENSION_ID))
      check.problems.push(`allowed_extensions does not list ${FIREFOX_EXTENSION_ID}`);
  } else if (!manifest.allowed_origins?.includes(OUR_ORIGIN))
    check.problems.push(`allowed_origins does not list ${OUR_ORIGIN}`);
  if (!deps.fs.exists(manifest.path)) check.problems.push(`launcher ${manifest.path} does not exist`);
  if (target.registryKey) {
    const query = await deps.reg(['query', target.registryKey, '/ve']);
    if (query.code !== 0) check.problems.push(`registry key ${target.registryKey} is missing`);
    else if (!query.stdout.toLowerCase().includes(manifestPath.toLowerCase()))
      check.problems.push(`registry key ${target.registryKey} points elsewhere`);
  }
  return check;
}

export async function diagnose(
  deps: NativeHostDeps & { command: BridgeCommand; probe: (url: string) => Promise<HealthProbe>; userDataDir?: string },
): Promise<Diagnosis> {
  const endpoint = resolveEndpoint(deps.configDir, deps.env, (path) => deps.fs.readFile(path));
  const path = launcherPath(deps.configDir, deps.platform);
  const present = deps.fs.exists(path);
  const expected = launcherContent({ command: deps.command, configDir: deps.configDir }, deps.platform);
  const targets = [
    ...browserTargets(deps, deps.configDir),
    ...(deps.userDataDir ? [customTarget(deps.userDataDir, deps)] : []),
  ];
  // Windows: every browser shares one manifest, so one file check per key is cheap anyway.
  const browsers: BrowserCheck[] = [];
  for (const target of targets) browsers.push(await checkBrowser(target, deps));
  return {
    configDir: deps.configDir,
    endpoint,
    launcher: { path, present, current: present && deps.fs.readFile(path) === expected },
    browsers,
    tokenPresent: deps.fs.exists(tokenPath(deps.configDir)),
    health: await deps.probe(httpUrl(endpoint)),
  };
}
