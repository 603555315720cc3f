/**
 * Many accounts with the real path (`npm run bench:accounts`, after the fake-peer figures):
 * official OpenAI client → bridge → Chromium with the built extension → simulated AI Studio.
 * Throughput of N profiles × 1 worker tab (one Chromium each: N accounts) against 1 profile × N
 * worker tabs, with N clients at once, each request a short paced answer
 * (`[[sim:long chunks=5 intervalMs=100]]`). N = BENCH_ACCOUNTS_N (default 2: every Chromium costs
 * a few hundred MB and a share of the CPU; set 4 on a roomier machine).
 */
import OpenAI from 'openai';
import { launchWithExtension, type ExtensionBrowser } from '../sim/launch/browser.ts';
import { startStack, type Stack } from '../sim/launch/stack.ts';

const N = Number(process.env.BENCH_ACCOUNTS_N ?? 2);
const REQUESTS = Number(process.env.BENCH_ACCOUNTS_REQUESTS ?? 12);
const PROMPT = '[[sim:long chunks=5 intervalMs=100]] go';

async function load(stack: Stack): Promise<number> {
  const client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'x', maxRetries: 0, timeout: 60_000 });
  const ask = () =>
    client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: PROMPT }] });
  await Promise.all(Array.from({ length: N }, ask)); // warm every tab
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: N }, async () => {
      while (next < REQUESTS) {
        next++;
        await ask();
      }
    }),
  );
  return REQUESTS / ((Date.now() - started) / 1000);
}

async function profiles(): Promise<number> {
  const stack = await startStack({ workerTabs: 1 });
  const extra: ExtensionBrowser[] = [];
  try {
    for (let i = 1; i < N; i++) {
      const browser = await launchWithExtension({ extraArgs: stack.sim.chromiumArgs });
      extra.push(browser);
      await browser.worker.evaluate((s) => chrome.storage.local.set(s), {
        bridgeUrl: `ws://127.0.0.1:${stack.bridge.port}/extension`,
        token: stack.bridge.token,
        workerTabCount: 1,
      });
    }
    await stack.waitForReadyTabs(N, 60_000);
    return await load(stack);
  } finally {
    for (const b of extra) await b.close();
    await stack.close();
  }
}

async function tabs(): Promise<number> {
  const stack = await startStack({ workerTabs: N });
  try {
    return await load(stack);
  } finally {
    await stack.close();
  }
}

export async function run(): Promise<Record<string, string | number>> {
  return {
    [`demo req/s, ${N} profiles × 1 tab (${N} clients)`]: await profiles(),
    [`demo req/s, 1 profile × ${N} tabs (${N} clients)`]: await tabs(),
  };
}
