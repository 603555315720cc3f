import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmdQuote, launcherContent, launcherPath, shQuote } from '../../../../bridge/native/launcher.ts';
import { currentBridgeCommand, MAIN_JS, MAIN_TS, PROJECT_ROOT } from '../../../../bridge/native/runtime.ts';

const scratch = mkdtempSync(join(tmpdir(), 'asb-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('launcher', () => {
  it('names the script per OS inside the config dir', () => {
    expect(launcherPath('/cfg', 'linux')).toBe('/cfg/native-host.sh');
    expect(launcherPath('C:\\cfg', 'win32')).toBe('C:\\cfg\\native-host.bat');
  });

  it('POSIX: absolute node, pinned config dir, project cwd, forwards Chrome’s arguments', () => {
    const text = launcherContent(
      {
        command: { node: '/n/node', args: ['--import', 'file:///p/l.mjs', '/p/bridge/main.ts'], cwd: '/p' },
        configDir: '/home/u/.config/aistudio-bridge',
      },
      'linux',
    );
    expect(text.split('\n')).toEqual([
      '#!/bin/sh',
      expect.stringMatching(/^# /),
      expect.stringMatching(/^# /),
      "AISTUDIO_BRIDGE_HOME='/home/u/.config/aistudio-bridge'",
      'export AISTUDIO_BRIDGE_HOME',
      "cd '/p' || exit 1",
      `exec '/n/node' '--import' 'file:///p/l.mjs' '/p/bridge/main.ts' native-host "$@"`,
      '',
    ]);
  });

  it('Windows: a .bat with CRLF line ends, quoted absolute paths and %* forwarding', () => {
    const text = launcherContent(
      {
        command: {
          node: 'C:\\Program Files\\nodejs\\node.exe',
          args: ['--import', 'file:///C:/p/l.mjs', 'C:\\p\\bridge\\main.ts'],
          cwd: 'C:\\p',
        },
        configDir: 'C:\\Users\\u\\AppData\\Roaming\\aistudio-bridge',
      },
      'win32',
    );
    expect(text.split('\r\n')).toEqual([
      '@echo off',
      expect.stringMatching(/^rem /),
      expect.stringMatching(/^rem /),
      'set "AISTUDIO_BRIDGE_HOME=C:\\Users\\u\\AppData\\Roaming\\aistudio-bridge"',
      'cd /d "C:\\p"',
      '"C:\\Program Files\\nodejs\\node.exe" "--import" "file:///C:/p/l.mjs" "C:\\p\\bridge\\main.ts" native-host %*',
      '',
    ]);
  });

  it('quotes shell and cmd metacharacters', () => {
    expect(shQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(cmdQuote('C:\\100%')).toBe('"C:\\100%%"');
    expect(() => cmdQuote('a"b')).toThrow();
  });

  it('runs: a POSIX launcher in a config dir with spaces and quotes reaches node with the right env, cwd and argv', () => {
    const configDir = join(scratch, "it's a dir");
    const script = join(scratch, 'native-host.sh');
    const probe =
      'console.log(JSON.stringify({ argv: process.argv.slice(1), home: process.env.AISTUDIO_BRIDGE_HOME, cwd: process.cwd() }))';
    writeFileSync(
      script,
      launcherContent({ command: { node: process.execPath, args: ['-e', probe], cwd: scratch }, configDir }, 'linux'),
    );
    chmodSync(script, 0o755);
    // A browser started from the desktop: almost nothing on PATH.
    const out = execFileSync(script, ['chrome-extension://kfpimojligboioadliockbjbjmdfjjcp/'], {
      env: { PATH: '/nonexistent' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      argv: ['native-host', 'chrome-extension://kfpimojligboioadliockbjbjmdfjjcp/'],
      home: configDir,
      cwd: realpathSync(scratch),
    });
  });

  it('points at this checkout’s main.ts and tsx loader through absolute paths', () => {
    const command = currentBridgeCommand();
    expect(command.node).toBe(process.execPath);
    expect(command.cwd).toBe(PROJECT_ROOT);
    expect(command.args).toEqual([
      '--import',
      expect.stringMatching(/^file:\/\/\/.*node_modules\/tsx\/dist\/loader\.mjs$/),
      MAIN_TS,
    ]);
    expect(MAIN_TS).toBe(join(PROJECT_ROOT, 'bridge', 'main.ts'));
  });

  it('from the compiled package: node runs dist/bridge/main.js, no tsx', () => {
    expect(currentBridgeCommand(true)).toEqual({ node: process.execPath, args: [MAIN_JS], cwd: PROJECT_ROOT });
    expect(MAIN_JS).toBe(join(PROJECT_ROOT, 'dist', 'bridge', 'main.js'));
  });
});
