/**
 * What an open dashboard costs an idle bridge: the bridge (its own process, bench/bridge-server.ts)
 * with a fake extension and one ready tab, nothing running; its CPU time over a window with no
 * dashboard (a blank page), and with the dashboard open in headless Chromium (page loaded, its
 * event stream connected). The difference is the dashboard's idle cost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { FOUND_BROWSER } from '../sim/launch/chromium.ts';
import { FakePeer } from '../sim/launch/fake-peer.ts';

const TOKEN = 'bench-token-0123456789';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WINDOW_MS = Number(process.env.BENCH_DASHBOARD_WINDOW_MS ?? 20_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(): Promise<{ url: string; child: ChildProcess; lines: Interface }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bridge-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_TOKEN: TOKEN },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return { url, child, lines };
}

function cpuUs(child: ChildProcess, lines: Interface): Promise<number> {
  return new Promise((resolve) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { cpuUs: number }).cpuUs));
    child.stdin?.write('stats\n');
  });
}

/** CPU milliseconds the bridge spends per minute over the window. */
async function cpuPerMinute(child: ChildProcess, lines: Interface, ms = WINDOW_MS): Promise<number> {
  const before = await cpuUs(child, lines);
  await sleep(ms);
  const after = await cpuUs(child, lines);
  return ((after - before) / 1000) * (60_000 / ms);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * The machine is shared and an idle process's CPU time is a few tens of ms a minute, so windows
 * without and with the dashboard alternate (ROUNDS each) and the medians are compared.
 */
const ROUNDS = 3;

export async function run(): Promise<Record<string, string | number>> {
  if (!FOUND_BROWSER.ok) throw new Error(FOUND_BROWSER.message);
  const { url, child, lines } = await startServer();
  const peer = await FakePeer.connect(url, { token: TOKEN, tabs: [{ tabId: 't0', model: 'gemini-2.5-pro' }] });
  const browser = await chromium.launch({ executablePath: FOUND_BROWSER.path, headless: true });
  const page = await browser.newPage();
  const without: number[] = [];
  const withDashboard: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      await page.goto('about:blank');
      await sleep(2000);
      without.push(await cpuPerMinute(child, lines));
      await page.goto(`${url}/`);
      await page.waitForFunction(() => document.getElementById('conn')?.classList.contains('on'));
      await sleep(2000);
      withDashboard.push(await cpuPerMinute(child, lines));
    }
    const idle = median(without);
    const open = median(withDashboard);
    return {
      'idle bridge, no dashboard (CPU ms/min, median)': idle,
      'idle bridge, one dashboard open (CPU ms/min, median)': open,
      'dashboard idle cost (% of one core)': Math.max(0, ((open - idle) / 60_000) * 100),
      'windows without / with (CPU ms/min)': `${without.map(Math.round).join(', ')} / ${withDashboard.map(Math.round).join(', ')}`,
    };
  } finally {
    await browser.close();
    await peer.close().catch(() => undefined);
    child.stdin?.end();
    await new Promise((r) => child.once('exit', r));
  }
}
