/**
 * Many accounts (`npm run bench:accounts`), with fake extensions whose "page" takes a fixed time
 * per answer (first token after 40 ms, then 5 chunks 10 ms apart), bridge in this process:
 * - throughput (requests/s) of 4 accounts × 1 tab against 1 account × 4 tabs, 16 clients at once;
 * - fail-over: the time from account A's quota error (the peer's send time) to the client's first
 *   token from account B, p50/p99 over many requests (A's cool-down is 1 ms so every request
 *   tries A first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startBridge, type BridgeConfig, type RunningBridge } from '../bridge/index.ts';
import { FakePeer, type Behaviour } from '../sim/launch/fake-peer.ts';
import { now, percentile, postChat } from './measure.ts';

const TOKEN = 'bench-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const paced: Behaviour = async (job) => {
  job.send({ kind: 'started' });
  await sleep(40);
  for (let i = 0; i < 5; i++) {
    if (job.signal.aborted) return;
    job.send({ kind: 'text', text: `${now()}|` });
    await sleep(10);
  }
  job.send({ kind: 'done' });
};

/** Streams a chat request; resolves with the receive time of the first content chunk and its send time. */
async function ask(url: string): Promise<{ firstAt: number; firstSentAt: number }> {
  let first: { firstAt: number; firstSentAt: number } | null = null;
  await postChat(
    url,
    { model: 'gemini-2.5-pro', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    (data, at) => {
      const m = first ? null : /"content":"(\d+(?:\.\d+)?)\|/.exec(data);
      if (m) first = { firstAt: at, firstSentAt: Number(m[1]) };
    },
  );
  if (!first) throw new Error('the stream carried no content');
  return first;
}

async function withBridge<T>(options: Partial<BridgeConfig>, fn: (bridge: RunningBridge) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'asb-bench-'));
  const bridge = await startBridge({ port: 0, token: TOKEN, configDir: dir, logger: silentLogger, ...options });
  try {
    return await fn(bridge);
  } finally {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(accounts: number, tabsEach: number): Promise<number> {
  return withBridge({}, async (bridge) => {
    const peers: FakePeer[] = [];
    for (let a = 0; a < accounts; a++) {
      const tabs = Array.from({ length: tabsEach }, (_, t) => ({ tabId: String(t + 1), behaviour: paced }));
      peers.push(await FakePeer.connect(bridge.url, { token: TOKEN, account: `acct-${a}`, tabs }));
    }
    const total = 240;
    let next = 0;
    const started = now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          next++;
          await ask(bridge.url);
        }
      }),
    );
    const perSecond = total / ((now() - started) / 1000);
    for (const p of peers) await p.close();
    return perSecond;
  });
}

async function failover(runs: number): Promise<{ p50: number; p99: number; retried: number }> {
  return withBridge({ cooldown: { rateLimitMs: 1, dailyMs: null } }, async (bridge) => {
    let erroredAt = 0;
    const quota: Behaviour = (job) => {
      erroredAt = now();
      job.send({ kind: 'error', code: 'quota_exceeded', message: 'Resource has been exhausted (rate limit).' });
    };
    const fast: Behaviour = (job) => {
      job.send({ kind: 'text', text: `${now()}|` });
      job.send({ kind: 'done' });
    };
    const a = await FakePeer.connect(bridge.url, {
      token: TOKEN,
      account: 'a',
      tabs: [{ tabId: '1', behaviour: quota }],
    });
    const b = await FakePeer.connect(bridge.url, {
      token: TOKEN,
      account: 'b',
      tabs: [{ tabId: '1', behaviour: fast }],
    });
    const gaps: number[] = [];
    for (let i = 0; i < runs; i++) {
      await sleep(3); // A's 1 ms cool-down is over: the next request tries A first again
      const before = a.started.length;
      const { firstAt } = await ask(bridge.url);
      if (a.started.length > before) gaps.push(firstAt - erroredAt);
    }
    await a.close();
    await b.close();
    gaps.sort((x, y) => x - y);
    return { p50: percentile(gaps, 50), p99: percentile(gaps, 99), retried: gaps.length };
  });
}

export async function run(): Promise<Record<string, string | number>> {
  await throughput(1, 1); // warm up
  const spread = await throughput(4, 1);
  const tabs = await throughput(1, 4);
  const f = await failover(300);
  return {
    'req/s, 4 accounts × 1 tab (16 clients)': spread,
    'req/s, 1 account × 4 tabs (16 clients)': tabs,
    'quota error → first token elsewhere, p50 ms': f.p50,
    'quota error → first token elsewhere, p99 ms': f.p99,
    'fail-over samples': f.retried,
  };
}
