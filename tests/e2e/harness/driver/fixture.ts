/**
 * One Playwright fixture for the driver tests: the simulated AI Studio at its real URLs, a
 * Chromium whose pages get the real tap and the real job runner injected at document start
 * (no service worker needed), and helpers to run a job and read its events.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { fileURLToPath } from 'node:url';
import type { JobEvent, JobRequest } from '../../../../protocol/job.ts';
import type { RunTimings } from '../../../../extension/content/result.ts';
import { startSim, type PageVariant, type Sim, type SkeletonPage } from '../../../../sim/site/server.ts';
import type { DriverEvent } from './content-entry.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../../sim/launch/chromium.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [here(entry)],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome116',
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

export interface Driver {
  sim: Sim;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** open AI Studio (the sim) in a fresh page and wait until the tap and runner are connected */
  open(path?: string): Promise<Page>;
  start(jobId: string, request: JobRequest, timings?: Partial<RunTimings>): Promise<void>;
  /** events of a job until its terminal event */
  finish(jobId: string, timeoutMs?: number): Promise<DriverEvent[]>;
  events(jobId: string): Promise<DriverEvent[]>;
  cancel(jobId: string, reason?: string): Promise<void>;
  close(): Promise<void>;
}

export const request = (prompt: string, extra: Partial<JobRequest> = {}): JobRequest => ({
  model: null,
  systemInstruction: null,
  prompt,
  settings: {},
  ...extra,
});

export const textOf = (events: DriverEvent[]): string =>
  events.flatMap((e) => (e.event.kind === 'text' ? [e.event.text] : [])).join('');

export const terminal = (events: DriverEvent[]): JobEvent | undefined =>
  events.map((e) => e.event).find((e) => e.kind === 'done' || e.kind === 'error');

export interface DriverOptions {
  /** inject the network tap (false: the runner must fall back to reading the DOM) */
  tap?: boolean;
  /** simulated page variant (default today's page; tests may also call sim.setPage) */
  page?: PageVariant;
  /** serve this page skeleton instead of the simulated page (sim/skeleton.ts) */
  skeleton?: SkeletonPage;
}

export async function startDriver(options: DriverOptions = {}): Promise<Driver> {
  const [tapJs, contentJs, sim] = await Promise.all([
    bundle('./tap-entry.ts'),
    bundle('./content-entry.ts'),
    startSim({ page: options.page, ...(options.skeleton ? { skeleton: options.skeleton } : {}) }),
  ]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...sim.chromiumArgs, ...CHROMIUM_FLAGS],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 460, height: 800 } });
  if (options.tap !== false) await context.addInitScript({ content: tapJs });
  await context.addInitScript({ content: contentJs });
  let page: Page = await context.newPage();

  const driver: Driver = {
    sim,
    browser,
    context,
    get page() {
      return page;
    },
    async open(path = '/prompts/new_chat') {
      await page.close().catch(() => undefined);
      page = await context.newPage();
      await page.goto(`${sim.origin}${path}`);
      if (options.tap !== false) await page.waitForFunction(() => window.__driver?.tapConnected() === true);
      else await page.waitForFunction(() => window.__driver !== undefined);
      return page;
    },
    async start(jobId, req, timings) {
      await page.evaluate(({ jobId, req, timings }) => window.__driver.start(jobId, req, timings), {
        jobId,
        req,
        timings,
      });
    },
    async finish(jobId, timeoutMs = 30_000) {
      await page.waitForFunction(
        (id) => (window.__driver.events[id] ?? []).some((e) => e.event.kind === 'done' || e.event.kind === 'error'),
        jobId,
        { timeout: timeoutMs, polling: 50 },
      );
      return driver.events(jobId);
    },
    events: (jobId) => page.evaluate((id) => window.__driver.events[id] ?? [], jobId),
    cancel: (jobId, reason = 'client went away') =>
      page.evaluate(({ jobId, reason }) => window.__driver.cancel(jobId, reason), { jobId, reason }),
    async close() {
      await browser.close().catch(() => undefined);
      await sim.close();
    },
  };
  return driver;
}

/** Open the page in `variant` with fresh storage (so first-visit flags and preferences start empty). */
export async function openVariant(driver: Driver, variant: PageVariant, path = '/prompts/new_chat'): Promise<void> {
  driver.sim.setPage(variant);
  await driver.open('/__sim/blank').catch(() => undefined);
  await driver.page.evaluate(() => localStorage.clear());
  await driver.open(path);
}

/** Like the service worker: when the runner reports job.navigating, re-send the job after the reload (at most twice). */
export async function runAcrossReloads(driver: Driver, jobId: string, req: JobRequest): Promise<DriverEvent[]> {
  await driver.start(jobId, req);
  for (let reloads = 0; reloads < 2; reloads++) {
    const outcome = await Promise.race([
      driver.page.waitForEvent('load', { timeout: 20_000 }).then(() => 'navigated' as const),
      driver.finish(jobId, 20_000).then(() => 'finished' as const),
    ]);
    if (outcome === 'finished') break;
    await driver.page.waitForLoadState('domcontentloaded');
    await driver.page.waitForFunction(() => window.__driver?.tapConnected() === true);
    await driver.start(jobId, req);
  }
  return driver.finish(jobId);
}
