/**
 * The real content-script entry (extension/content/index.ts) and tap, built as in the manifest,
 * talking to a fake service worker: hello/models on load, nothing driven before `tab.role`,
 * banner, jobs over the Port, the job.navigating reload hand-over, release to idle.
 */
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BANNER_TEXT } from '../../../extension/content/banner.ts';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, extensionFlags } from '../../../sim/launch/chromium.ts';

interface Entry {
  tabId: number;
  message: {
    type: string;
    data?: Record<string, unknown> & { event?: { kind: string; text?: string; code?: string } };
  };
}

let sim: Sim;
let context: BrowserContext;
let worker: Worker;
let dir: string;

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

beforeAll(async () => {
  sim = await startSim();
  dir = await mkdtemp(join(tmpdir(), 'aistudio-bridge-content-'));
  const bundle = (entry: string, out: string) =>
    build({
      entryPoints: [here(entry)],
      bundle: true,
      format: 'iife',
      outfile: join(dir, out),
      target: 'chrome116',
      logLevel: 'silent',
    });
  await Promise.all([
    bundle('../../../extension/page/tap.iife.ts', 'tap.js'),
    bundle('../../../extension/content/index.ts', 'content.js'),
    bundle('../harness/driver/fake-worker.ts', 'worker.js'),
  ]);
  const match = ['https://aistudio.google.com/*'];
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'content script probe',
      version: '1',
      background: { service_worker: 'worker.js' },
      content_scripts: [
        { matches: match, js: ['tap.js'], world: 'MAIN', run_at: 'document_start' },
        { matches: match, js: ['content.js'], run_at: 'document_start' },
      ],
    }),
  );
  context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 460, height: 800 },
    args: [...sim.chromiumArgs, ...extensionFlags(dir), ...CHROMIUM_FLAGS],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
});

afterAll(async () => {
  await context?.close();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const inbox = (): Promise<Entry[]> =>
  worker.evaluate(() => (globalThis as unknown as { fake: { inbox: Entry[] } }).fake.inbox);
const send = (tabId: number, type: string, data: unknown): Promise<boolean> =>
  worker.evaluate(
    ({ tabId, type, data }) =>
      (globalThis as unknown as { fake: { send(t: number, ty: string, d: unknown): boolean } }).fake.send(
        tabId,
        type,
        data,
      ),
    { tabId, type, data },
  );

async function waitInbox(match: (e: Entry) => boolean, from = 0, timeoutMs = 15_000): Promise<Entry> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1_000 && Date.now() < deadline; i++) {
    const found = (await inbox()).slice(from).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for a content-script message');
}

const jobEvents = async (jobId: string) =>
  (await inbox())
    .filter((e) => e.message.type === 'job.event' && e.message.data?.jobId === jobId)
    .map((e) => e.message.data!.event!);

const banner = (page: Page) =>
  page.evaluate(() => document.querySelector('aistudio-bridge-banner')?.shadowRoot?.textContent ?? null);

it('reports the tab, waits for its role, then serves jobs with a banner', async () => {
  const page = await context.newPage();
  await page.goto(sim.url);
  const hello = await waitInbox(
    (e) => e.message.type === 'tab.hello' && (e.message.data?.health as { ok?: boolean })?.ok === true,
  );
  const tabId = hello.tabId;
  expect(hello.message.data).toMatchObject({ url: sim.url, model: expect.any(String) });
  await waitInbox((e) => e.message.type === 'tab.models' && e.tabId === tabId);

  // Not a worker yet: the page is left alone.
  const mark = (await inbox()).length;
  await send(tabId, 'job.start', {
    jobId: 'early',
    request: { model: null, systemInstruction: null, prompt: 'hi', settings: {} },
  });
  expect((await waitInbox((e) => e.message.type === 'job.event', mark)).message.data?.event).toMatchObject({
    kind: 'error',
    code: 'internal',
  });
  expect(await banner(page)).toBeNull();
  expect(sim.runs).toHaveLength(0);

  await send(tabId, 'tab.role', { role: 'worker' });
  await page.waitForFunction(() => document.querySelector('aistudio-bridge-banner') !== null);
  expect(await banner(page)).toBe(BANNER_TEXT);

  await send(tabId, 'job.start', {
    jobId: 'j1',
    request: { model: null, systemInstruction: null, prompt: 'over the port', settings: {} },
  });
  await waitInbox(
    (e) => e.message.type === 'job.event' && e.message.data?.jobId === 'j1' && e.message.data.event?.kind === 'done',
  );
  const events = await jobEvents('j1');
  expect(events[0]).toMatchObject({ kind: 'started' });
  expect(
    events
      .filter((e) => e.kind === 'text')
      .map((e) => e.text)
      .join(''),
  ).toBe(sim.runs.at(-1)!.answer);

  // A model switch: job.navigating, the Port closes with the reload, the new script says hello,
  // and the same job.start (re-sent like the real worker does) runs on the new model.
  const other = sim.runs.at(-1)!.request.model === 'gemini-2.5-flash' ? 'gemini-2.5-pro' : 'gemini-2.5-flash';
  const request = { model: other, systemInstruction: null, prompt: 'after the reload', settings: {} };
  const before = (await inbox()).length;
  await send(tabId, 'job.start', { jobId: 'j2', request });
  await waitInbox((e) => e.message.type === 'job.navigating' && e.message.data?.jobId === 'j2', before);
  await waitInbox((e) => e.message.type === 'disconnect' && e.tabId === tabId, before);
  await waitInbox(
    (e) => e.message.type === 'tab.hello' && e.tabId === tabId && e.message.data?.model === other,
    before,
  );
  await send(tabId, 'tab.role', { role: 'worker' });
  await send(tabId, 'job.start', { jobId: 'j2', request });
  await waitInbox(
    (e) => e.message.type === 'job.event' && e.message.data?.jobId === 'j2' && e.message.data.event?.kind === 'done',
    before,
  );
  expect(sim.runs.at(-1)!.request).toMatchObject({ model: other, prompt: 'after the reload' });

  // Released: banner gone, jobs refused again.
  await send(tabId, 'tab.role', { role: 'idle' });
  await page.waitForFunction(() => document.querySelector('aistudio-bridge-banner') === null);
});
