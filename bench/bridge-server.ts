/**
 * The bridge under benchmark, in its own process (its own core, as in real use). Prints
 * `{"url": …}` once listening; exits when stdin closes (the parent went away) or on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startBridge } from '../bridge/index.ts';

const configDir = mkdtempSync(join(tmpdir(), 'asb-bench-'));
const bridge = await startBridge({ port: 0, token: process.env.BENCH_TOKEN ?? 'bench-token-0123456789', configDir, logger: silentLogger, maxQueue: 10_000 });
process.stdout.write(`${JSON.stringify({ url: bridge.url })}\n`);

const stop = async () => {
  await bridge.close();
  rmSync(configDir, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
