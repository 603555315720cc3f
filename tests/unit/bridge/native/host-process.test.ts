import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installNativeHostCommand } from '../../../../bridge/cli/native-host-install.ts';
import { encodeFrame, FrameDecoder } from '../../../../bridge/native/framing.ts';
import { nodeFs, type RegRunner } from '../../../../bridge/native/system.ts';
import { readToken } from '../../../../bridge/pairing.ts';
import { memoryFs } from './fakes.ts';

/**
 * The real `native-host` process behind the real launcher, spoken to the way Chrome does:
 * frames on stdin, nothing but frames on stdout, a minimal environment.
 */
const scratch = mkdtempSync(join(tmpdir(), 'asb-host-proc-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const noReg: RegRunner = async () => ({ code: 1, stdout: '', stderr: 'not on Windows' });

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function talk(
  launcher: string,
  requests: unknown[],
): Promise<{ replies: unknown[]; stdoutBytes: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(launcher, ['chrome-extension://kfpimojligboioadliockbjbjmdfjjcp/'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { PATH: '/nonexistent' },
    });
    const decoder = new FrameDecoder();
    const replies: unknown[] = [];
    let stdoutBytes = 0;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('native host did not answer within 20 s'));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      replies.push(...decoder.push(chunk));
      if (replies.length === requests.length) child.stdin.end();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ replies, stdoutBytes, code });
    });
    child.stdin.write(Buffer.concat(requests.map((r) => encodeFrame(r))));
  });
}

describe('native-host process', () => {
  it('answers pair through the installed launcher with the config dir’s token, and nothing else on stdout', async () => {
    const home = join(scratch, 'home');
    const port = await closedPort();
    const lines: string[] = [];
    const code = await installNativeHostCommand(
      ['--user-data-dir', join(scratch, 'profile'), '--port', String(port)],
      { platform: process.platform, home: homedir(), env: {}, fs: nodeFs, reg: noReg, configDir: home },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    const manifest = JSON.parse(
      readFileSync(join(scratch, 'profile', 'NativeMessagingHosts', 'io.github.aistudio_bridge.json'), 'utf8'),
    ) as { path: string };

    const { replies, stdoutBytes, code: exit } = await talk(manifest.path, [{ type: 'pair' }, { type: 'hello?' }]);
    expect(exit).toBe(0);
    const token = readToken(home);
    expect(token).not.toBeNull();
    expect(replies).toEqual([
      {
        type: 'paired',
        bridgeUrl: `ws://127.0.0.1:${port}/extension`,
        httpUrl: `http://127.0.0.1:${port}`,
        token,
        running: false,
        hostVersion: expect.any(String),
      },
      { type: 'error', code: 'bad_request', message: expect.any(String) },
    ]);
    // Every byte on stdout belonged to a frame.
    expect(stdoutBytes).toBe(replies.reduce<number>((n, r) => n + encodeFrame(r).length, 0));
    expect(readFileSync(join(home, 'native-host.log'), 'utf8')).toContain('native host started');
  });

  it('CLI errors: a bad flag exits 2 with the usage, a failed registry write exits 1', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      // A Windows machine on paper: in-memory files (win32 paths would land in the cwd here).
      const deps = {
        platform: 'win32' as const,
        home: 'C:\\Users\\u',
        env: {},
        fs: memoryFs(),
        reg: noReg,
        configDir: 'C:\\cfg',
      };
      expect(await installNativeHostCommand(['--bogus'], deps, () => {})).toBe(2);
      expect(errors.join('\n')).toMatch(/Unknown option '--bogus'[\s\S]*usage: aistudio-bridge install-native-host/);
      errors.length = 0;
      expect(await installNativeHostCommand(['--browser', 'chrome'], deps, () => {})).toBe(1);
      expect(errors).toEqual([
        expect.stringMatching(
          /^error: reg add HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\io.github.aistudio_bridge failed: not on Windows$/,
        ),
      ]);
    } finally {
      console.error = original;
    }
  });
});
