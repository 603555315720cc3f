import { describe, expect, it } from 'vitest';
import { spawnDetachedBridge, type ChildLike, type SpawnDeps } from '../../../../bridge/native/spawn-bridge.ts';

describe('spawnDetachedBridge', () => {
  it('starts node + tsx + main.ts start detached, logging to the config dir, and lets go of it', () => {
    const calls: { command: string; args: string[]; options: Parameters<SpawnDeps['spawn']>[2] }[] = [];
    const events: Record<string, (value: never) => void> = {};
    let unrefed = false;
    const closed: number[] = [];
    const deps: SpawnDeps = {
      spawn: (command, args, options) => {
        calls.push({ command, args, options });
        const child: ChildLike = {
          pid: 99,
          unref: () => void (unrefed = true),
          once: (event: string, l: (v: never) => void) => ((events[event] = l), child),
        };
        return child;
      },
      openLog: (path) => (path === '/cfg/bridge.log' ? 17 : -1),
      closeLog: (fd) => void closed.push(fd),
    };
    const child = spawnDetachedBridge(
      {
        command: { node: '/n/node', args: ['--import', 'file:///l.mjs', '/p/bridge/main.ts'], cwd: '/p' },
        configDir: '/cfg',
        endpoint: { host: '127.0.0.1', port: 2051 },
        env: { PATH: '/bin', AISTUDIO_BRIDGE_PORT: '1' },
      },
      deps,
    );
    expect(calls).toEqual([
      {
        command: '/n/node',
        args: ['--import', 'file:///l.mjs', '/p/bridge/main.ts', 'start', '--host', '127.0.0.1', '--port', '2051'],
        options: {
          cwd: '/p',
          env: {
            PATH: '/bin',
            AISTUDIO_BRIDGE_HOME: '/cfg',
            AISTUDIO_BRIDGE_HOST: '127.0.0.1',
            AISTUDIO_BRIDGE_PORT: '2051',
          },
          detached: true,
          stdio: ['ignore', 17, 17],
          windowsHide: true,
        },
      },
    ]);
    expect(unrefed).toBe(true);
    expect(closed).toEqual([17]);
    expect(child.pid).toBe(99);
    expect(child.exitCode()).toBeUndefined();
    events.exit?.(1 as never);
    expect(child.exitCode()).toBe(1);
  });

  it("lets the calling extension's id through to the bridge it starts", () => {
    const argsSeen: string[][] = [];
    const child: ChildLike = { pid: 1, unref: () => {}, once: () => child };
    const deps: SpawnDeps = { spawn: (_c, args) => (argsSeen.push(args), child), openLog: () => 3, closeLog: () => {} };
    spawnDetachedBridge(
      {
        command: { node: 'node', args: ['main.ts'], cwd: '/p' },
        configDir: '/cfg',
        endpoint: { host: '127.0.0.1', port: 2048 },
        env: {},
        extensionIds: ['abcdefghijklmnopabcdefghijklmnop'],
      },
      deps,
    );
    expect(argsSeen[0]).toEqual([
      'main.ts',
      'start',
      '--host',
      '127.0.0.1',
      '--port',
      '2048',
      '--extension-id',
      'abcdefghijklmnopabcdefghijklmnop',
    ]);
  });
});
