import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../../bridge/cli/doctor.ts';
import type { HealthProbe } from '../../../../bridge/native/health.ts';
import { installNativeHost, type NativeHostDeps } from '../../../../bridge/native/install.ts';
import type { BridgeCommand } from '../../../../bridge/native/runtime.ts';
import { fakeRegistry, memoryFs } from './fakes.ts';

const command: BridgeCommand = { node: '/n/node', args: ['--import', 'file:///l.mjs', '/p/bridge/main.ts'], cwd: '/p' };
const healthy: HealthProbe = {
  reachable: true,
  httpStatus: 200,
  body: { status: 'ok', version: '0.1.0', extensions: [{ paired_via: 'native' }], tabs: { total: 3, ready: 2 } },
};

async function run(deps: NativeHostDeps, probe: HealthProbe, argv: string[] = [], cmd = command): Promise<string> {
  const lines: string[] = [];
  expect(await doctorCommand(argv, { ...deps, command: cmd, probe: async () => probe }, (l) => lines.push(l))).toBe(0);
  return lines.join('\n');
}

function linux(dirs: string[]) {
  const fs = memoryFs(dirs);
  const deps: NativeHostDeps = {
    platform: 'linux',
    home: '/home/u',
    env: {},
    fs,
    reg: fakeRegistry(),
    configDir: '/cfg',
  };
  return { fs, deps };
}

describe('doctor', () => {
  it('nothing installed, bridge down: says what to install and start', async () => {
    const { deps } = linux(['/home/u/.config/google-chrome']);
    const out = await run(deps, { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:2048' });
    expect(out).toContain('launcher: missing (/cfg/native-host.sh)');
    expect(out).toContain('native host for Google Chrome: not installed');
    expect(out).toContain('bridge: not running at http://127.0.0.1:2048 (connect ECONNREFUSED 127.0.0.1:2048)');
    expect(out).toContain('install the native host: aistudio-bridge install-native-host');
    expect(out).not.toContain('Microsoft Edge'); // not present here, not installed: not worth a line
  });

  it('all good: installed, bridge up with an extension and ready tabs', async () => {
    const { deps, fs } = linux(['/home/u/.config/google-chrome']);
    await installNativeHost({ command, port: 2051 }, deps);
    fs.writeFile('/cfg/pairing-token', 'x'.repeat(43));
    const out = await run(deps, healthy);
    expect(out).toContain('launcher: ok');
    expect(out).toContain('native host for Google Chrome: installed');
    expect(out).toContain('bridge: ok at http://127.0.0.1:2051 (version 0.1.0)');
    expect(out).toContain('extensions connected: 1 (paired via native)');
    expect(out).toContain('AI Studio tabs: 2 ready of 3');
    expect(out).toContain('pairing token: present');
    expect(out).toContain('everything looks fine');
  });

  it('groups the tabs by account, with the models whose quota ran out', async () => {
    const { deps } = linux(['/home/u/.config/google-chrome']);
    const accounts = [
      {
        account: 'a…@gmail.com',
        tabs: 2,
        ready: 2,
        busy: 1,
        exhausted: [{ model: 'gemini-2.5-pro', retry_after_s: 3600 }],
      },
      { account: 'work', tabs: 1, ready: 1, busy: 0, exhausted: [] },
    ];
    const out = await run(deps, { ...healthy, body: { ...healthy.body!, accounts } });
    expect(out).toContain(
      '  account a…@gmail.com: 2 ready of 2 tab(s), 1 busy; gemini-2.5-pro out of quota for 3600 s',
    );
    expect(out).toContain('  account work: 1 ready of 1 tab(s), 0 busy');
  });

  it('spots a moved node, a broken manifest and a bridge without extension', async () => {
    const { deps, fs } = linux(['/home/u/.config/google-chrome', '/home/u/.config/chromium']);
    await installNativeHost({ command, browsers: 'all' }, deps);
    fs.writeFile(
      '/home/u/.config/chromium/NativeMessagingHosts/io.github.aistudio_bridge.json',
      '{"name":"io.github.aistudio_bridge","description":"","path":"/gone","type":"stdio","allowed_origins":[]}',
    );
    const out = await run(
      deps,
      { ...healthy, body: { status: 'waiting_for_tab', extensions: [], tabs: { total: 0, ready: 0 } } },
      [],
      { ...command, node: '/new/node' },
    );
    expect(out).toContain('launcher: present but out of date');
    expect(out).toMatch(
      /native host for Chromium: broken: allowed_origins does not list chrome-extension:\/\/kfpimojligboioadliockbjbjmdfjjcp\/; launcher \/gone does not exist/,
    );
    expect(out).toContain('repair Chromium: aistudio-bridge install-native-host --browser chromium');
    expect(out).toContain('no extension connected');
  });

  it('Firefox: a good install is reported, a manifest without our gecko id in allowed_extensions is broken', async () => {
    const { deps, fs } = linux(['/home/u/.mozilla/firefox']);
    await installNativeHost({ command }, deps);
    expect(await run(deps, healthy)).toContain('native host for Firefox: installed');
    // A Chrome-style manifest in Firefox's folder: Firefox would refuse the add-on.
    fs.writeFile(
      '/home/u/.mozilla/native-messaging-hosts/io.github.aistudio_bridge.json',
      '{"name":"io.github.aistudio_bridge","description":"","path":"/cfg/native-host.sh","type":"stdio","allowed_origins":[]}',
    );
    const out = await run(deps, healthy);
    expect(out).toMatch(
      /native host for Firefox: broken: allowed_extensions does not list aistudio-bridge@aistudio-bridge\.dev/,
    );
    expect(out).toContain('repair Firefox: aistudio-bridge install-native-host --browser firefox');
  });

  it('Windows: checks the registry key points at the manifest', async () => {
    const fs = memoryFs();
    const reg = fakeRegistry();
    const deps: NativeHostDeps = { platform: 'win32', home: 'C:\\Users\\u', env: {}, fs, reg, configDir: 'C:\\cfg' };
    await installNativeHost({ command, browsers: ['chrome', 'edge'] }, deps);
    reg.keys.set(
      'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\io.github.aistudio_bridge',
      'D:\\elsewhere.json',
    );
    const out = await run(deps, healthy);
    expect(out).toContain('native host for Google Chrome: installed');
    expect(out).toMatch(/native host for Microsoft Edge: broken: registry key .*Edge.* points elsewhere/);
  });

  it('a foreign server on the port is named as such', async () => {
    const { deps } = linux([]);
    const out = await run(deps, { reachable: true, httpStatus: 404, body: null });
    expect(out).toContain('answers (HTTP 404) but not as the bridge');
  });
});
