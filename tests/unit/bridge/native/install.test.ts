import { describe, expect, it } from 'vitest';
import { browserTargets, parseBrowserList } from '../../../../bridge/native/browsers.ts';
import { NATIVE_HOST_NAME } from '../../../../bridge/native/constants.ts';
import { installNativeHost, uninstallNativeHost, type NativeHostDeps } from '../../../../bridge/native/install.ts';
import { HostManifest } from '../../../../bridge/native/manifest.ts';
import type { BridgeCommand } from '../../../../bridge/native/runtime.ts';
import { EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../../../protocol/extension-id.ts';
import { fakeRegistry, memoryFs } from './fakes.ts';

const command: BridgeCommand = {
  node: '/opt/node/bin/node',
  args: ['--import', 'file:///p/node_modules/tsx/dist/loader.mjs', '/p/bridge/main.ts'],
  cwd: '/p',
};
const OTHER_ID = 'abcdefghijklmnopabcdefghijklmnop';

function deps(
  platform: NodeJS.Platform,
  home: string,
  configDir: string,
  dirs: string[] = [],
  env: NodeJS.ProcessEnv = {},
) {
  const fs = memoryFs(dirs);
  const reg = fakeRegistry();
  const d: NativeHostDeps = { platform, home, env, fs, reg, configDir };
  return { d, fs, reg };
}

const manifestIn = (fs: ReturnType<typeof memoryFs>, path: string) => HostManifest.parse(JSON.parse(fs.readFile(path)));

describe('browser path tables', () => {
  it('Linux: ~/.config/<browser>/NativeMessagingHosts, honouring XDG_CONFIG_HOME', () => {
    const dirs = browserTargets({ platform: 'linux', home: '/home/u', env: {} }, '/cfg').map((t) => t.manifestDir);
    expect(dirs).toEqual([
      '/home/u/.config/google-chrome/NativeMessagingHosts',
      '/home/u/.config/chromium/NativeMessagingHosts',
      '/home/u/.config/microsoft-edge/NativeMessagingHosts',
      '/home/u/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      '/home/u/.mozilla/native-messaging-hosts',
    ]);
    const xdg = browserTargets({ platform: 'linux', home: '/home/u', env: { XDG_CONFIG_HOME: '/x' } }, '/cfg');
    expect(xdg[0]?.manifestDir).toBe('/x/google-chrome/NativeMessagingHosts');
  });

  it('macOS: ~/Library/Application Support/<vendor>/NativeMessagingHosts', () => {
    const dirs = browserTargets({ platform: 'darwin', home: '/Users/u', env: {} }, '/cfg').map((t) => t.manifestDir);
    expect(dirs).toEqual([
      '/Users/u/Library/Application Support/Google/Chrome/NativeMessagingHosts',
      '/Users/u/Library/Application Support/Chromium/NativeMessagingHosts',
      '/Users/u/Library/Application Support/Microsoft Edge/NativeMessagingHosts',
      '/Users/u/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      '/Users/u/Library/Application Support/Mozilla/NativeMessagingHosts',
    ]);
  });

  it('Windows: one Chromium manifest in the config dir and a Firefox one beside it, one HKCU key per browser', () => {
    const targets = browserTargets(
      { platform: 'win32', home: 'C:\\Users\\u', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' } },
      'C:\\cfg',
    );
    expect(targets.map((t) => t.manifestDir)).toEqual(['C:\\cfg', 'C:\\cfg', 'C:\\cfg', 'C:\\cfg', 'C:\\cfg\\firefox']);
    expect(targets.map((t) => t.registryKey)).toEqual([
      `HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      `HKCU\\Software\\Chromium\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      `HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      `HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      `HKCU\\Software\\Mozilla\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
    ]);
    expect(targets[2]?.profileDir).toBe('C:\\Users\\u\\AppData\\Local\\Microsoft\\Edge\\User Data');
  });

  it('parses --browser lists and rejects unknown names', () => {
    expect(parseBrowserList('chrome, Edge')).toEqual(['chrome', 'edge']);
    expect(parseBrowserList('all')).toBe('all');
    expect(parseBrowserList('firefox')).toEqual(['firefox']);
    expect(() => parseBrowserList('safari')).toThrow(/unknown browser "safari"/);
  });
});

describe('installNativeHost', () => {
  it('Linux: installs for the browsers found, with an absolute launcher and the pinned origin', async () => {
    const { d, fs } = deps('linux', '/home/u', '/home/u/.config/aistudio-bridge', ['/home/u/.config/chromium']);
    const report = await installNativeHost({ command }, d);
    const path = '/home/u/.config/chromium/NativeMessagingHosts/io.github.aistudio_bridge.json';
    expect(report.installed.map((i) => i.manifestPath)).toEqual([path]);
    const manifest = manifestIn(fs, path);
    expect(manifest).toEqual({
      name: NATIVE_HOST_NAME,
      description: expect.any(String),
      path: '/home/u/.config/aistudio-bridge/native-host.sh',
      type: 'stdio',
      allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
    });
    const launcher = fs.files.get(manifest.path);
    expect(launcher?.mode).toBe(0o755);
    expect(launcher?.data).toContain("exec '/opt/node/bin/node'");
    expect(fs.files.has('/home/u/.config/google-chrome/NativeMessagingHosts/io.github.aistudio_bridge.json')).toBe(
      false,
    );
  });

  it('installs for every browser when none is found, and says so', async () => {
    const { d, fs } = deps('linux', '/home/u', '/cfg');
    const report = await installNativeHost({ command }, d);
    expect(report.installed).toHaveLength(5);
    expect(report.notes.join()).toMatch(/no browser profile found/);
    expect([...fs.files.keys()].filter((p) => p.endsWith('.json'))).toHaveLength(5);
  });

  it('Firefox (Linux): ~/.mozilla/native-messaging-hosts, allowed_extensions with the gecko id and extra gecko ids', async () => {
    const { d, fs } = deps('linux', '/home/u', '/cfg', ['/home/u/.mozilla/firefox']);
    const report = await installNativeHost({ command, extraIds: [OTHER_ID, 'fork@example.org'] }, d);
    const path = '/home/u/.mozilla/native-messaging-hosts/io.github.aistudio_bridge.json';
    expect(report.installed.map((i) => i.manifestPath)).toEqual([path]);
    expect(manifestIn(fs, path)).toEqual({
      name: NATIVE_HOST_NAME,
      description: expect.any(String),
      path: '/cfg/native-host.sh',
      type: 'stdio',
      allowed_extensions: [FIREFOX_EXTENSION_ID, 'fork@example.org'],
    });
  });

  it('Firefox (macOS and Windows): Mozilla folder, and on Windows its own file behind the Mozilla registry key', async () => {
    const mac = deps('darwin', '/Users/u', '/cfg');
    await installNativeHost({ command, browsers: ['firefox'] }, mac.d);
    const macPath = '/Users/u/Library/Application Support/Mozilla/NativeMessagingHosts/io.github.aistudio_bridge.json';
    expect(manifestIn(mac.fs, macPath).allowed_extensions).toEqual([FIREFOX_EXTENSION_ID]);
    const win = deps('win32', 'C:\\Users\\u', 'C:\\cfg');
    await installNativeHost({ command, browsers: ['chrome', 'firefox'] }, win.d);
    const winPath = 'C:\\cfg\\firefox\\io.github.aistudio_bridge.json';
    expect(manifestIn(win.fs, winPath).allowed_extensions).toEqual([FIREFOX_EXTENSION_ID]);
    expect(manifestIn(win.fs, 'C:\\cfg\\io.github.aistudio_bridge.json').allowed_origins).toEqual([
      `chrome-extension://${EXTENSION_ID}/`,
    ]);
    expect(win.reg.keys.get(`HKCU\\Software\\Mozilla\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`)).toBe(winPath);
  });

  it('macOS: --browser all writes each vendor folder and extra extension ids', async () => {
    const { d, fs } = deps('darwin', '/Users/u', '/Users/u/Library/Application Support/aistudio-bridge');
    await installNativeHost({ command, browsers: 'all', extraIds: [OTHER_ID.toUpperCase()] }, d);
    const manifest = manifestIn(
      fs,
      '/Users/u/Library/Application Support/Microsoft Edge/NativeMessagingHosts/io.github.aistudio_bridge.json',
    );
    expect(manifest.allowed_origins).toEqual([
      `chrome-extension://${EXTENSION_ID}/`,
      `chrome-extension://${OTHER_ID}/`,
    ]);
    expect(manifest.path).toBe('/Users/u/Library/Application Support/aistudio-bridge/native-host.sh');
  });

  it('--user-data-dir installs only into DIR/NativeMessagingHosts and records --port', async () => {
    const { d, fs } = deps('linux', '/home/u', '/cfg', ['/home/u/.config/google-chrome']);
    const report = await installNativeHost({ command, userDataDir: '/tmp/profile', port: 2051 }, d);
    expect(report.installed.map((i) => i.manifestPath)).toEqual([
      '/tmp/profile/NativeMessagingHosts/io.github.aistudio_bridge.json',
    ]);
    expect(JSON.parse(fs.readFile('/cfg/native-host.json'))).toEqual({ port: 2051 });
  });

  it('Windows: writes one manifest and a registry key per chosen browser pointing at it, and a .bat launcher', async () => {
    const { d, fs, reg } = deps('win32', 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Roaming\\aistudio-bridge');
    await installNativeHost(
      { command: { ...command, node: 'C:\\Program Files\\nodejs\\node.exe' }, browsers: ['chrome', 'edge'] },
      d,
    );
    const manifestPath = 'C:\\Users\\u\\AppData\\Roaming\\aistudio-bridge\\io.github.aistudio_bridge.json';
    expect(manifestIn(fs, manifestPath).path).toBe('C:\\Users\\u\\AppData\\Roaming\\aistudio-bridge\\native-host.bat');
    expect([...reg.keys.entries()]).toEqual([
      [`HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`, manifestPath],
      [`HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`, manifestPath],
    ]);
    expect(reg.calls[0]).toEqual([
      'add',
      `HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      '/ve',
      '/t',
      'REG_SZ',
      '/d',
      manifestPath,
      '/f',
    ]);
  });

  it('fails on a failed reg add instead of reporting success', async () => {
    const { d } = deps('win32', 'C:\\Users\\u', 'C:\\cfg');
    d.reg = async () => ({ code: 1, stdout: '', stderr: 'ERROR: Access is denied.' });
    await expect(installNativeHost({ command, browsers: ['chrome'] }, d)).rejects.toThrow(/Access is denied/);
  });

  it('rejects a malformed extra id before writing anything', async () => {
    const { d, fs } = deps('linux', '/home/u', '/cfg');
    await expect(installNativeHost({ command, extraIds: ['not-an-id'] }, d)).rejects.toThrow(
      /not a Chrome extension id .*nor a Firefox add-on id/,
    );
    expect(fs.files.size).toBe(0);
  });
});

describe('uninstallNativeHost', () => {
  it('Linux/macOS: removes every manifest, the launcher and the settings, and keeps the token', async () => {
    const { d, fs } = deps('linux', '/home/u', '/cfg');
    await installNativeHost({ command, browsers: 'all', port: 2051, userDataDir: '/tmp/p' }, d);
    fs.writeFile('/cfg/pairing-token', 'x'.repeat(43));
    const report = await uninstallNativeHost({ userDataDir: '/tmp/p' }, d);
    expect(report.removed).toHaveLength(5 + 1 + 2);
    expect([...fs.files.keys()]).toEqual(['/cfg/pairing-token']);
    expect((await uninstallNativeHost({}, d)).removed).toEqual([]);
  });

  it('Windows: deletes the registry keys that exist and the shared manifest', async () => {
    const { d, fs, reg } = deps('win32', 'C:\\Users\\u', 'C:\\cfg');
    await installNativeHost({ command, browsers: ['brave'] }, d);
    const report = await uninstallNativeHost({}, d);
    expect(reg.keys.size).toBe(0);
    expect(report.removed).toContain(
      `HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
    );
    expect(reg.calls.filter((c) => c[0] === 'delete')).toHaveLength(1);
    expect([...fs.files.keys()]).toEqual([]);
  });
});
