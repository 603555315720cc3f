import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparePort } from '../../sim/launch/ports.ts';

/**
 * The npm package as a person gets it: `npm pack` of this checkout, installed into an empty
 * folder, its `aistudio-bridge` command run from another folder. `npm run test:e2e` builds
 * dist/ first; packing with --ignore-scripts reuses that build instead of building again.
 */
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** Resolves with the output once `pattern` appears on stdout; rejects if the process exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        done(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before ${pattern}:\n${out}`));
    });
  });
}

describe('the npm package', () => {
  let scratch: string;
  let bin: string;
  let demo: ChildProcess | null = null;

  beforeAll(async () => {
    expect(existsSync(join(root, 'dist', 'bridge', 'main.js')), 'run npm run build first').toBe(true);
    scratch = await mkdtemp(join(tmpdir(), 'aistudio-bridge-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], {
      cwd: root,
    });
    const tarball = join(scratch, stdout.trim().split('\n').pop() ?? '');
    const app = join(scratch, 'app');
    await run('mkdir', ['-p', app]);
    await writeFile(join(app, 'package.json'), '{ "private": true }\n');
    await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], {
      cwd: app,
    });
    bin = join(app, 'node_modules', '.bin', 'aistudio-bridge');
  }, 180_000);

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      demo.kill('SIGKILL');
    }
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('ships the compiled CLI and the prebuilt extension, no TypeScript sources', async () => {
    const pkg = join(scratch, 'app', 'node_modules', 'aistudio-bridge');
    expect(await readdir(pkg)).not.toContain('bridge');
    expect(existsSync(join(pkg, 'dist', 'bridge', 'main.js'))).toBe(true);
    const { stdout } = await run(bin, ['extension-path'], { cwd: scratch });
    expect(realpathSync(stdout.trim())).toBe(realpathSync(join(pkg, 'dist', 'extension')));
    expect(existsSync(join(stdout.trim(), 'manifest.json'))).toBe(true);
  });

  it('`aistudio-bridge demo` serves a chat completion from any folder, and stops on Ctrl-C', async () => {
    const port = await sparePort();
    demo = spawn(bin, ['demo', '--port', String(port)], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(demo, /AI Studio Bridge demo ready/, 90_000);
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'anything' });
    const answer = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello from the package' }],
    });
    expect(answer.choices[0]?.message.content).toContain('You said: "Hello from the package"');
    // The dashboard ships built in the package (dist/dashboard/) and opens at the bridge's address.
    const dashboard = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('/dashboard/assets/');
    const exited = new Promise<number | null>((done) => demo?.once('exit', (code) => done(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 120_000);
});
