/**
 * The tap channel across real worlds: a throwaway MV3 extension with the real MAIN-world tap
 * and a probe ISOLATED content script (the real content-side channel), both at document_start,
 * as the manifest declares them (tap first: the content script's "ask" makes the tap offer again).
 * Proves the relatedTarget handshake and records cross worlds.
 */
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, extensionFlags } from '../../../sim/launch/chromium.ts';

let sim: Sim;
let context: BrowserContext;
let dir: string;

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

beforeAll(async () => {
  sim = await startSim();
  dir = await mkdtemp(join(tmpdir(), 'aistudio-bridge-worlds-'));
  const bundle = async (entry: string, out: string): Promise<void> => {
    await build({
      entryPoints: [here(entry)],
      bundle: true,
      format: 'iife',
      outfile: join(dir, out),
      target: 'chrome116',
      logLevel: 'silent',
    });
  };
  await bundle('../harness/driver/tap-entry.ts', 'tap.js');
  await bundle('../harness/driver/isolated-probe.ts', 'probe.js');
  const match = ['https://aistudio.google.com/*'];
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'worlds probe',
      version: '1',
      content_scripts: [
        { matches: match, js: ['tap.js'], world: 'MAIN', run_at: 'document_start' },
        { matches: match, js: ['probe.js'], run_at: 'document_start' },
      ],
    }),
  );
  context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    args: [...sim.chromiumArgs, ...extensionFlags(dir), ...CHROMIUM_FLAGS],
  });
});

afterAll(async () => {
  await context?.close();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('hands the channel from the MAIN world to the ISOLATED world and delivers records', async () => {
  const page = await context.newPage();
  await page.goto(sim.url);
  await page.waitForFunction(() => document.documentElement.dataset.probeKinds?.includes('models'));
  expect(await page.evaluate(() => document.documentElement.dataset.probeConnected)).toBe('true');

  await page.locator('ms-prompt-box textarea').fill('[[sim:text text="across worlds"]] hi');
  await page.locator('ms-run-button button').click();
  await page.waitForFunction(() => document.documentElement.dataset.probeKinds?.includes('rpc.done'));
  expect(await page.evaluate(() => document.documentElement.dataset.probeText)).toBe(sim.runs.at(-1)!.answer);
  // The page (MAIN world) cannot see the channel node.
  expect(await page.evaluate(() => document.querySelector('aistudio-bridge-channel'))).toBeNull();
});

it("completes the handshake when the content script starts first (the tap's own offer)", async () => {
  const [tapJs, probeJs] = await Promise.all(
    ['../harness/driver/tap-entry.ts', '../harness/driver/isolated-probe.ts'].map(async (entry) => {
      const out = await build({
        entryPoints: [here(entry)],
        bundle: true,
        format: 'iife',
        write: false,
        target: 'chrome116',
        logLevel: 'silent',
      });
      return out.outputFiles[0]?.text ?? '';
    }),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...sim.chromiumArgs, ...CHROMIUM_FLAGS],
  });
  try {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
    await ctx.addInitScript({ content: probeJs ?? '' });
    await ctx.addInitScript({ content: tapJs ?? '' });
    const page = await ctx.newPage();
    await page.goto(sim.url);
    await page.waitForFunction(() => document.documentElement.dataset.probeKinds?.includes('models'));
    expect(await page.evaluate(() => document.documentElement.dataset.probeConnected)).toBe('true');
    expect(await page.evaluate(() => document.documentElement.dataset.probeKinds?.split(',') ?? [])).toContain(
      'models',
    );
  } finally {
    await browser.close();
  }
});
