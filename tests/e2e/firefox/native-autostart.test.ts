import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installNativeHostCommand, systemDeps } from '../../../bridge/cli/native-host-install.ts';
import { launchFirefoxWithAddon, type FirefoxWithAddon } from '../../../sim/launch/firefox.ts';
import { getHealth } from '../../../sim/launch/health.ts';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { waitUntil } from '../../../sim/launch/wait.ts';
import { sparePort } from '../../../sim/launch/ports.ts';

/**
 * Auto-start in Firefox: no bridge is running; the add-on asks the native host (installed by the
 * real CLI for Firefox under a throwaway HOME), which starts the bridge and hands over the token.
 */
const FIREFOX_DIR = join(resolve(import.meta.dirname, '../../..'), 'dist', 'firefox');

describe('Firefox: the native host starts a stopped bridge', () => {
  let home = '';
  let sim: Sim | undefined;
  let firefox: FirefoxWithAddon | undefined;
  const spawnedPid = (): number | undefined => {
    const file = join(home, 'bridge.pid');
    const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  afterAll(async () => {
    await firefox?.close();
    // The host records the pid of the bridge it spawned: stop exactly that process.
    const pid = home ? spawnedPid() : undefined;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await sim?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('pairs via native messaging with the bridge the host started', async () => {
    home = await mkdtemp(join(tmpdir(), 'asb-firefox-autostart-'));
    const port = await sparePort();
    const code = await installNativeHostCommand(
      ['--browser', 'firefox', '--port', String(port)],
      { ...systemDeps(), home, configDir: home },
      () => undefined,
    );
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    sim = await startSim();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k, v]) => !k.startsWith('AISTUDIO_BRIDGE_') && v !== undefined),
    ) as Record<string, string>;
    firefox = await launchFirefoxWithAddon({
      extensionDir: FIREFOX_DIR,
      simPort: sim.port,
      env: { ...env, HOME: home },
    });
    const tail = (name: string): string =>
      existsSync(join(home, name)) ? readFileSync(join(home, name), 'utf8').slice(-1500) : '(none)';
    try {
      await waitUntil(spawnedPid, 'the native host to start the bridge', 40_000, 250);
      const health = await waitUntil(
        async () => {
          const h = await getHealth(`http://127.0.0.1:${port}`).catch(() => undefined);
          return h?.extensions.some((e) => e.paired_via === 'native') ? h : undefined;
        },
        'the add-on paired via native messaging',
        30_000,
        250,
      );
      expect(health.extensions).toHaveLength(1);
    } catch (error) {
      throw new Error(
        `${String(error)}\n--- native-host.log\n${tail('native-host.log')}\n--- bridge.log\n${tail('bridge.log')}`,
      );
    }
    expect(readFileSync(join(home, 'bridge.log'), 'utf8')).toContain(
      `AI Studio Bridge ready on http://127.0.0.1:${port}`,
    );
    expect(readFileSync(join(home, 'native-host.log'), 'utf8')).toContain('aistudio-bridge@aistudio-bridge.dev');
  });
});
