/**
 * The bridge under benchmark, in its own process (its own core, as in real use). Prints
 * `{"url": …}` once listening; exits when stdin closes (the parent went away) or on SIGTERM.
 * A `stats` line on stdin is answered with one JSON line: this process's memory (after a GC when
 * run with --expose-gc), its CPU time so far (cpuUs) and the pool's counters, so the figures are the bridge's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger, startBridge } from '../bridge/index.ts';

const env = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const configDir = mkdtempSync(join(tmpdir(), 'asb-bench-'));
const bridge = await startBridge({
  port: 0,
  token: process.env.BENCH_TOKEN ?? 'bench-token-0123456789',
  configDir,
  logger: silentLogger,
  maxQueue: env('BENCH_MAX_QUEUE') ?? 10_000,
  ...(env('BENCH_WRITE_TIMEOUT_MS') ? { writeTimeoutMs: env('BENCH_WRITE_TIMEOUT_MS') } : {}),
});
process.stdout.write(`${JSON.stringify({ url: bridge.url })}\n`);

const stop = async () => {
  await bridge.close();
  rmSync(configDir, { recursive: true, force: true });
  process.exit(0);
};
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats' && line.trim() !== 'stats gc') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (line.trim() === 'stats gc' && gc) gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  // maxRss: the process's peak resident size so far (bytes), for peaks between two samples.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ rss, maxRss, heapUsed, external, arrayBuffers, cpuUs: user + system, ...bridge.bridge.stats() })}\n`,
  );
});
process.stdin.on('end', () => void stop());
process.on('SIGTERM', () => void stop());
