/**
 * The demo path end to end: official OpenAI client → real bridge → Chromium with the built
 * extension → simulated AI Studio page (real DOM driving, real network tap).
 *
 * - dispatch latency: client sends the request → the page issues GenerateContent (the sim stamps
 *   `receivedAt`); with unchanged settings, and with settings that change on every request
 *   (temperature, top_p, max_tokens, stop, system instructions alternate between two sets);
 * - relay latency: the sim writes a network chunk → the SSE delta reaches the client. The sim
 *   paces chunks 120 ms apart, so the latest chunk written before a delta arrived is the one that
 *   carried it (as long as the relay takes < 120 ms). Split in two at the service worker's
 *   WebSocket send (instrumented for the bench only): page side (the page's XHR delivers the
 *   chunk, the MAIN-world tap parses it, the content script forwards it) and bridge side
 *   (worker → bridge → SSE → client).
 * All timestamps come from one process (sim, bridge and client share Date.now()).
 */
import OpenAI from 'openai';
import { startStack, type Stack } from '../sim/launch/stack.ts';

type Harness = Stack & { client: OpenAI };
import { collectStream } from '../sim/launch/collect-stream.ts';

const N = Number(process.env.BENCH_DEMO_N ?? 50);
const MODEL = 'gemini-2.5-flash';
const CHUNK_INTERVAL_MS = 120;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const SETTINGS = [
  { temperature: 0.2, top_p: 0.9, max_tokens: 1000, stop: ['ALPHA'], system: 'Be brief.' },
  { temperature: 0.9, top_p: 0.6, max_tokens: 2000, stop: ['BETA'], system: 'Be thorough.' },
] as const;

async function dispatchOnce(h: Harness, n: number, changeSettings: boolean): Promise<number> {
  const index = h.sim.runs.length;
  const s = SETTINGS[n % 2]!;
  const sentAt = Date.now();
  await h.client.chat.completions.create(
    changeSettings
      ? {
          model: MODEL,
          temperature: s.temperature,
          top_p: s.top_p,
          max_tokens: s.max_tokens,
          stop: [...s.stop],
          messages: [
            { role: 'system', content: s.system },
            { role: 'user', content: `Bench ${n}` },
          ],
        }
      : { model: MODEL, messages: [{ role: 'user', content: `Bench ${n}` }] },
  );
  const run = h.sim.runs[index];
  if (!run) throw new Error(`request ${n} never reached the page`);
  return run.receivedAt - sentAt;
}

type WorkerSends = Array<[number, string]>;

/** Record when the extension's worker sends each text event to the bridge (bench instrumentation). */
async function instrumentWorker(h: Harness): Promise<void> {
  await h.browser.worker.evaluate(() => {
    const g = globalThis as unknown as { __benchSends?: Array<[number, string]> };
    if (g.__benchSends) return;
    g.__benchSends = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      if (typeof data === 'string' && data.includes('"kind":"text"')) g.__benchSends!.push([Date.now(), data]);
      return send.call(this, data);
    };
  });
}

const takeSends = (h: Harness): Promise<WorkerSends> =>
  h.browser.worker.evaluate(() => {
    const g = globalThis as unknown as { __benchSends: Array<[number, string]> };
    return g.__benchSends.splice(0);
  });

interface RelaySample {
  total: number;
  page: number;
  bridge: number;
}

async function relayOnce(h: Harness, n: number): Promise<RelaySample[]> {
  const index = h.sim.runs.length;
  await takeSends(h);
  const stream = await h.client.chat.completions.create({
    model: MODEL,
    stream: true,
    messages: [{ role: 'user', content: `Stream bench ${n}` }],
  });
  const got = await collectStream(stream);
  if (got.error) throw got.error instanceof Error ? got.error : new Error(String(got.error));
  const sends = (await takeSends(h)).filter(([, frame]) => !frame.includes('"text":""'));
  const chunks = h.sim.runs[index]?.chunkTimes ?? [];
  if (sends.length !== got.deltas.length)
    throw new Error(`worker sent ${sends.length} text events, client got ${got.deltas.length} deltas`);
  return got.deltas
    .map((d, i) => {
      const sentAt = sends[i]![0];
      const carrier = chunks.filter((t) => t <= sentAt).at(-1) ?? Number.NaN;
      return { total: d.at - carrier, page: sentAt - carrier, bridge: d.at - sentAt };
    })
    .filter((r) => Number.isFinite(r.total));
}

export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack();
  const h: Harness = Object.assign(stack, {
    client: new OpenAI({ baseURL: stack.baseURL, apiKey: 'bench', maxRetries: 0 }),
  });
  try {
    // Fast page answers so the page's own streaming time does not dominate the loop.
    h.sim.setScenario({ name: 'echo', intervalMs: 5 });
    for (let i = 0; i < 3; i++) await dispatchOnce(h, i, true); // model switch + first settings happen here

    const same: number[] = [];
    await dispatchOnce(h, 0, false);
    for (let i = 0; i < N; i++) same.push(await dispatchOnce(h, i, false));
    const changed: number[] = [];
    for (let i = 0; i < N; i++) changed.push(await dispatchOnce(h, i, true));

    h.sim.setScenario({ name: 'long', chunks: 6, intervalMs: CHUNK_INTERVAL_MS });
    await instrumentWorker(h);
    const relay: RelaySample[] = [];
    for (let i = 0; i < N; i++) relay.push(...(await relayOnce(h, i)));
    const total = relay.map((r) => r.total);
    const bridge = relay.map((r) => r.bridge);

    return {
      requests_per_series: N,
      dispatch_same_settings_p50_ms: percentile(same, 50),
      dispatch_same_settings_p99_ms: percentile(same, 99),
      dispatch_changed_settings_p50_ms: percentile(changed, 50),
      dispatch_changed_settings_p99_ms: percentile(changed, 99),
      relay_chunks: relay.length,
      relay_p50_ms: percentile(total, 50),
      relay_p99_ms: percentile(total, 99),
      relay_page_side_p50_ms: percentile(
        relay.map((r) => r.page),
        50,
      ),
      relay_bridge_side_p50_ms: percentile(bridge, 50),
      relay_bridge_side_p99_ms: percentile(bridge, 99),
    };
  } finally {
    await h.close();
  }
}
