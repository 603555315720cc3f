/**
 * Start-up time of the bridge: from spawning `start` until it prints that it listens, through
 * tsx from the sources (`npm start`) and as compiled JavaScript (dist/bridge/main.js, what the
 * npm package and the native host run). Median of RUNS alternating starts; `npm run
 * bench:startup` builds dist/bridge first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = 7;
const root = resolve(import.meta.dirname, '..');
const compiled = join(root, 'dist', 'bridge', 'main.js');

function timeToReady(args: string[], configDir: string): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [...args, 'start', '--port', '0', '--config-dir', configDir, '--log-level', 'warn'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('AI Studio Bridge ready on')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.once('exit', () => done(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('AI Studio Bridge ready on'))
        fail(new Error(`bridge exited (${code}) before it was ready: ${out}`));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function run(): Promise<Record<string, string | number>> {
  if (!existsSync(compiled)) throw new Error('dist/bridge/main.js missing: npm run build:bridge');
  const configDir = await mkdtemp(join(tmpdir(), 'aistudio-bridge-bench-'));
  const tsxLoader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const viaTsx: number[] = [];
  const viaNode: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      viaTsx.push(await timeToReady(['--import', tsxLoader, join(root, 'bridge', 'main.ts')], configDir));
      viaNode.push(await timeToReady([compiled], configDir));
    }
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
  return {
    'start → listening, tsx from source (ms, median)': median(viaTsx),
    'start → listening, node dist/bridge/main.js (ms, median)': median(viaNode),
    runs: RUNS,
  };
}
