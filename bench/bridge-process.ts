import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What bench/bridge-server.ts prints for `stats`: its process's memory and the pool's counters. */
export interface BridgeStats {
  rss: number;
  /** the process's peak resident size so far, for peaks between two samples */
  maxRss: number;
  heapUsed: number;
  runningJobs: number;
  queuedJobs: number;
  completedJobs: number;
  failedJobs: number;
}

/**
 * The bridge in its own process (bench/bridge-server.ts, with --expose-gc), so every RSS figure
 * is the bridge's own: `env` configures it (BENCH_TOKEN, BENCH_MAX_QUEUE, …), `stats` asks for a
 * sample (after a GC with `gc`), `stop` ends it.
 */
export class BridgeProcess {
  private readonly waiting: Array<(s: BridgeStats) => void> = [];
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    lines: Interface,
  ) {
    lines.on('line', (line) => this.waiting.shift()?.(JSON.parse(line) as BridgeStats));
  }

  static async start(env: Record<string, string>): Promise<BridgeProcess> {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/bridge-server.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bridge exited with ${code}`)));
      lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    });
    return new BridgeProcess(child, url, lines);
  }

  stats(gc = false): Promise<BridgeStats> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin?.write(gc ? 'stats gc\n' : 'stats\n');
    });
  }

  async stop(): Promise<void> {
    this.child.stdin?.end();
    await new Promise((r) => this.child.once('exit', r));
  }
}
