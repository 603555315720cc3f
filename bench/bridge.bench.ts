/**
 * Bridge overhead with a fake extension that answers as fast as it can:
 * - added latency per SSE chunk: the peer puts its send time in each chunk, the client subtracts
 *   it from the receive time (same process, same clock);
 * - chunks/s for one stream; requests/s for short non-stream requests on 4 tabs.
 * The bridge runs in its own process (bridge-server.ts); peer and client share this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { FakePeer, type Behaviour } from '../sim/launch/fake-peer.ts';
import { agent, now, percentile, postChat } from './measure.ts';

const TOKEN = 'bench-token-0123456789';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const yieldToIo = () => new Promise((r) => setImmediate(r));

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'bench/bridge-server.ts'],
    { cwd: ROOT, env: { ...process.env, BENCH_TOKEN: TOKEN }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return { url, child };
}

const ask = (stream: boolean) => ({ model: 'gemini-2.5-pro', stream, messages: [{ role: 'user', content: 'bench' }] });

async function chunkLatency(url: string, peer: FakePeer, chunks: number): Promise<number[]> {
  const paced: Behaviour = async (job) => {
    for (let i = 0; i < chunks; i++) {
      job.send({ kind: 'text', text: `${now().toFixed(4)};` });
      await new Promise((r) => setTimeout(r, 1));
    }
    job.send({ kind: 'done' });
  };
  peer.setBehaviour('t0', paced);
  const latencies: number[] = [];
  await postChat(url, ask(true), (data, at) => {
    if (data === '[DONE]') return;
    const content = (JSON.parse(data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content;
    if (content) for (const stamp of content.split(';')) if (stamp) latencies.push(at - Number(stamp));
  });
  return latencies.sort((a, b) => a - b);
}

async function streamThroughput(url: string, peer: FakePeer, chunks: number): Promise<number> {
  const flood: Behaviour = async (job) => {
    for (let i = 0; i < chunks; i++) {
      job.send({ kind: 'text', text: 'lorem ipsum dolor ' });
      if (i % 256 === 255) await yieldToIo();
    }
    job.send({ kind: 'done' });
  };
  peer.setBehaviour('t0', flood);
  let received = 0;
  const started = now();
  await postChat(url, ask(true), (data) => {
    if (data.includes('"content":"lorem')) received++;
  });
  const seconds = (now() - started) / 1000;
  if (received !== chunks) throw new Error(`received ${received} of ${chunks} chunks`);
  return chunks / seconds;
}

async function requestRate(
  url: string,
  peer: FakePeer,
  concurrency: number,
  ms: number,
): Promise<{ rps: number; p50: number; p99: number }> {
  const quick: Behaviour = (job) => {
    job.send({ kind: 'text', text: 'ok' });
    job.send({ kind: 'done' });
  };
  for (const tab of ['t0', 't1', 't2', 't3']) peer.setBehaviour(tab, quick);
  let done = 0;
  const durations: number[] = [];
  const until = now() + ms;
  const started = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (now() < until) {
        const t0 = now();
        await postChat(url, ask(false));
        durations.push(now() - t0);
        done++;
      }
    }),
  );
  durations.sort((a, b) => a - b);
  return { rps: done / ((now() - started) / 1000), p50: percentile(durations, 50), p99: percentile(durations, 99) };
}

export async function run(): Promise<Record<string, string | number>> {
  const { url, child } = await startServer();
  try {
    const peer = await FakePeer.connect(url, { token: TOKEN, tabs: [{ tabId: 't0' }] });
    // warm-up: JIT, sockets
    await chunkLatency(url, peer, 200);
    await streamThroughput(url, peer, 5_000);
    const lat = await chunkLatency(url, peer, 1_000);
    const cps = await streamThroughput(url, peer, 50_000);
    for (const tab of ['t1', 't2', 't3']) peer.addTab({ tabId: tab });
    await peer.sync();
    await requestRate(url, peer, 32, 500);
    const rate = await requestRate(url, peer, 32, 3_000);
    await peer.close();
    return {
      'chunk latency p50 (ms, target < 2)': percentile(lat, 50),
      'chunk latency p99 (ms, target < 10)': percentile(lat, 99),
      'stream throughput (chunks/s, target >= 20000)': Math.round(cps),
      'non-stream requests/s, 4 tabs, 32 concurrent (target >= 1000)': Math.round(rate.rps),
      'non-stream request time p50 / p99 (ms, incl. queueing)': `${rate.p50.toFixed(1)} / ${rate.p99.toFixed(1)}`,
      'machine load average (1 min) at the end': os.loadavg()[0] ?? 0,
    };
  } finally {
    agent.destroy();
    child.stdin?.end();
    await new Promise((r) => child.once('exit', r));
  }
}
