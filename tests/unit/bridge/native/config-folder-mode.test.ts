import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installNativeHostCommand, systemDeps } from '../../../../bridge/cli/native-host-install.ts';
import { fileStore } from '../../../../bridge/accounts/file-store.ts';
import { nodeSpawnDeps } from '../../../../bridge/native/spawn-bridge.ts';

/** The config folder holds the pairing token: whoever creates it creates it 0700, as the bridge does. */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'asb-mode-'));
  made.push(dir);
  return dir;
};
const mode = (path: string) => statSync(path).mode & 0o777;

describe('config folder mode', () => {
  it('install-native-host creates it 0700', async () => {
    const root = scratch();
    const configDir = join(root, 'config');
    const code = await installNativeHostCommand(
      ['--user-data-dir', join(root, 'profile')],
      { ...systemDeps(), configDir },
      () => undefined,
    );
    expect(code).toBe(0);
    expect(mode(configDir)).toBe(0o700);
  });

  it('so do the bridge log the native host opens and the quota book', () => {
    const root = scratch();
    nodeSpawnDeps.closeLog(nodeSpawnDeps.openLog(join(root, 'a', 'bridge.log')));
    expect(mode(join(root, 'a'))).toBe(0o700);
    fileStore(join(root, 'b')).write('{}');
    expect(mode(join(root, 'b'))).toBe(0o700);
  });
});
