/**
 * `npm run bench:load`: the bridge under load and abuse, in its own process (bridge-server.ts), so
 * every RSS figure is the bridge's own. Fake extension peers (sim/launch/fake-peer.ts) answer; this
 * process is the clients. Prints one table.
 *
 * 1. Rounds of 500 requests from 50 concurrent clients over 4 tabs, half streamed:
 *    completed / errored / lost (lost must be 0), latency p50/p99, longest queue, RSS before/after
 *    (four rounds, LOAD_ROUNDS=n for more: RSS settles after the first two; the heap shows nothing is retained).
 * 2. A 100 MB answer to a client that reads one byte a second: the bridge's peak RSS (target
 *    < 150 MB), what the page sent before the job was cancelled, when the socket was cut.
 * 3. 1,000 client aborts in a row: tabs still busy afterwards (must be 0).
 * 4. The stop-sequence scan on hostile input, in this process.
 * 5. Memory budgets: 20 bodies of 31 MiB sent half-way and held open; 60 requests of 30 MiB
 *    while every tab is busy (they queue): the bridge's peak RSS and how many it refused (503).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { StopScanner } from '../bridge/conversation/stop.ts';
import { FakePeer, floodText, stallAfter, streamText } from '../sim/launch/fake-peer.ts';
import { BridgeProcess } from './bridge-process.ts';
import { agent, percentile } from './measure.ts';

const TOKEN = 'bench-token-0123456789';
const MB = 1024 * 1024;
const WRITE_TIMEOUT_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const body = (stream: boolean) =>
  JSON.stringify({ model: 'gemini-2.5-pro', stream, messages: [{ role: 'user', content: 'load' }] });
type Outcome = 'completed' | 'errored' | 'lost';

/** One request: completed (200 with the whole answer), errored (an error status or event) or lost (anything else). */
function one(url: string, stream: boolean): Promise<{ outcome: Outcome; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => resolve({ outcome, ms: performance.now() - started });
    const req = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent, timeout: 60_000, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (t: string) => (text += t));
        res.on('error', () => done('lost'));
        res.on('end', () => {
          if (res.statusCode !== 200) return done(text.includes('"error"') ? 'errored' : 'lost');
          if (stream)
            return done(
              text.includes('"error"')
                ? 'errored'
                : text.endsWith('data: [DONE]\n\n') && text.includes('answer 9')
                  ? 'completed'
                  : 'lost',
            );
          done(text.includes('answer 9') ? 'completed' : 'lost');
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done('lost'));
    req.end(body(stream));
  });
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function round(bridge: BridgeProcess, total: number, clients: number): Promise<Record<string, string | number>> {
  const before = await bridge.stats(true);
  const counts: Record<Outcome, number> = { completed: 0, errored: 0, lost: 0 };
  const times: number[] = [];
  let maxQueue = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxQueue = Math.max(maxQueue, (await bridge.stats()).queuedJobs);
      await sleep(10);
    }
  })();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const r = await one(bridge.url, i % 2 === 0);
        counts[r.outcome]++;
        times.push(r.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const after = await bridge.stats(true);
  times.sort((a, b) => a - b);
  return {
    'completed / errored / lost': `${counts.completed} / ${counts.errored} / ${counts.lost}`,
    'latency p50 / p99 (ms)': `${percentile(times, 50).toFixed(0)} / ${percentile(times, 99).toFixed(0)}`,
    'requests/s': Math.round(total / seconds),
    'longest queue': maxQueue,
    'bridge RSS before → after (after GC)': `${mb(before.rss)} → ${mb(after.rss)}`,
    'bridge heap before → after': `${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
  };
}

/** A client that reads one byte a second while the page sends a 100 MB answer. */
async function slowReader(bridge: BridgeProcess, peer: FakePeer): Promise<Record<string, string | number>> {
  let pageSent = 0;
  const flood = floodText(100 * MB);
  peer.setBehaviour('t0', (job) =>
    flood({ ...job, send: (e) => ((pageSent += e.kind === 'text' ? e.text.length : 0), job.send(e)) }),
  );
  const baseline = (await bridge.stats(true)).rss;
  const { hostname: host, port } = new URL(bridge.url);
  const socket = connect(Number(port), host);
  socket.on('error', () => {});
  const payload = body(true);
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: ${host}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n${payload}`,
  );
  socket.pause();
  let read = 0;
  let sentAtCancel = -1;
  const cancelsBefore = peer.cancels.length;
  const cancelled = () => peer.cancels.length > cancelsBefore;
  // One byte a second (Node's socket still takes up to 64 KB from the kernel to refill its buffer).
  const reader = setInterval(() => (read += cancelled() ? 0 : (socket.read(1)?.length ?? 0)), 1000);
  const started = performance.now();
  let peak = 0;
  while (performance.now() - started < 20_000 && !cancelled()) {
    peak = Math.max(peak, (await bridge.stats()).rss);
    await sleep(50);
  }
  sentAtCancel = pageSent;
  const cancelledAfter = performance.now() - started;
  // Now the client reads nothing at all: the bridge must cut it after the write timeout.
  for (let i = 0; i < 10; i++) {
    peak = Math.max(peak, (await bridge.stats()).rss);
    await sleep(((2 * WRITE_TIMEOUT_MS) / 10) | 0);
  }
  const cut = await new Promise<string>((resolve) => {
    socket.once('close', () => resolve('yes'));
    socket.once('end', () => resolve('yes'));
    socket.resume();
    setTimeout(() => resolve('no'), 2000);
  });
  clearInterval(reader);
  socket.destroy();
  return {
    'bridge RSS: idle → peak (target < 150 MB)': `${mb(baseline)} → ${mb(peak)}`,
    'job cancelled after (s)': cancelled() ? Number((cancelledAfter / 1000).toFixed(1)) : 'NOT CANCELLED',
    'cancel reason': peer.cancels.at(-1)?.reason ?? '',
    'page had sent when the cancel arrived': mb(sentAtCancel),
    'page sent in all': mb(pageSent),
    'bytes the client read': read,
    [`socket cut within 2 × the write timeout (${WRITE_TIMEOUT_MS / 1000} s) once it stopped reading`]: cut,
  };
}

/** 1,000 requests dropped by their clients, most after dispatch, some while queued. */
async function aborts(bridge: BridgeProcess, peer: FakePeer, count: number): Promise<Record<string, string | number>> {
  for (const tab of ['t0', 't1', 't2', 't3']) peer.setBehaviour(tab, stallAfter(['partial']));
  const cancelsBefore = peer.cancels.length;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const dispatched = peer.started.length;
    const req = request(`${bridge.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => {});
    req.end(body(i % 2 === 0));
    if (i % 4 === 3) await sleep(0);
    else await peer.waitFor(() => peer.started.length > dispatched, 10_000);
    req.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  let stats = await bridge.stats();
  for (let i = 0; i < 500 && (stats.runningJobs > 0 || stats.queuedJobs > 0); i++) {
    await sleep(20);
    stats = await bridge.stats();
  }
  const health = (await (await fetch(`${bridge.url}/health`)).json()) as { tabs: { list: Array<{ busy: boolean }> } };
  return {
    'aborts in a row': count,
    'time (s)': Number(seconds.toFixed(1)),
    'job.cancel sent to the page': peer.cancels.length - cancelsBefore,
    'tabs busy afterwards (must be 0)': health.tabs.list.filter((t) => t.busy).length,
    'running / queued afterwards': `${stats.runningJobs} / ${stats.queuedJobs}`,
  };
}

/** Peak RSS of the bridge while `during` runs, sampled every 50 ms. */
async function peakWhile(bridge: BridgeProcess, during: Promise<unknown>): Promise<number> {
  let peak = 0;
  let running = true;
  void during.finally(() => (running = false));
  while (running) {
    peak = Math.max(peak, (await bridge.stats()).rss);
    await sleep(50);
  }
  return Math.max(peak, (await bridge.stats()).rss);
}

/** Raw HTTP: headers for a `size`-byte chat body, then `sendBytes` of it; resolves with the status (or 'open'). */
function rawBody(bridge: BridgeProcess, size: number, sendBytes: number, chunk: Buffer) {
  const { hostname: host, port } = new URL(bridge.url);
  const socket = connect(Number(port), host);
  socket.on('error', () => {});
  let status = 'open';
  socket.on('data', (b: Buffer) => (status = /^HTTP\/1\.1 (\d{3})/.exec(b.toString('latin1'))?.[1] ?? status));
  const written = new Promise<void>((resolve) => {
    // a refused body is answered and its socket closed before all of it is sent
    socket.once('close', () => resolve());
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: ${host}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`,
    );
    const head = Buffer.from('{"model":"gemini-2.5-pro","messages":[{"role":"user","content":"');
    const tail = Buffer.from('"}]}');
    const fill = size - head.length - tail.length;
    const parts: Buffer[] = [head];
    for (let left = fill; left > 0; left -= chunk.length)
      parts.push(left >= chunk.length ? chunk : chunk.subarray(0, left));
    parts.push(tail);
    let budget = sendBytes;
    const pump = (): void => {
      while (budget > 0 && parts.length > 0 && !socket.destroyed) {
        let part = parts.shift()!;
        if (part.length > budget) part = part.subarray(0, budget);
        budget -= part.length;
        if (!socket.write(part)) return void socket.once('drain', pump);
      }
      resolve();
    };
    pump();
  });
  return { socket, written, status: () => status };
}

async function budgets(bridge: BridgeProcess, peer: FakePeer): Promise<Record<string, string | number>> {
  const chunk = Buffer.alloc(MB, 'x');
  const out: Record<string, string | number> = {};
  // 20 half-sent 31 MiB bodies, held open.
  let baseline = (await bridge.stats(true)).rss;
  const half = Array.from({ length: 20 }, () => rawBody(bridge, 31 * MB, 15.5 * MB, chunk));
  const halfPeak = await peakWhile(
    bridge,
    Promise.all(half.map((h) => h.written)).then(() => sleep(2000)),
  );
  out['20 half-sent 31 MiB bodies: RSS idle → peak'] = `${mb(baseline)} → ${mb(halfPeak)}`;
  out['20 half-sent 31 MiB bodies: refused 503 / held'] =
    `${half.filter((h) => h.status() === '503').length} / ${half.filter((h) => h.status() === 'open').length}`;
  for (const h of half) h.socket.destroy();
  await sleep(500);
  // 60 requests of 30 MiB while all four tabs are busy: they queue.
  for (const tab of ['t0', 't1', 't2', 't3']) peer.setBehaviour(tab, stallAfter([]));
  baseline = (await bridge.stats(true)).rss;
  const queued = Array.from({ length: 60 }, () => rawBody(bridge, 30 * MB, 30 * MB, chunk));
  let maxQueued = 0;
  const queuePeak = await peakWhile(
    bridge,
    Promise.all(queued.map((q) => q.written)).then(async () => {
      for (let i = 0; i < 40; i++) {
        maxQueued = Math.max(maxQueued, (await bridge.stats()).queuedJobs);
        await sleep(50);
      }
    }),
  );
  out['60 queued 30 MiB requests: RSS idle → peak'] = `${mb(baseline)} → ${mb(queuePeak)}`;
  out['60 queued 30 MiB requests: refused 503 / longest queue'] =
    `${queued.filter((q) => q.status() === '503').length} / ${maxQueued}`;
  for (const q of queued) q.socket.destroy();
  for (let i = 0; i < 200 && (await bridge.stats()).queuedJobs + (await bridge.stats()).runningJobs > 0; i++)
    await sleep(50);
  out['after both: RSS (after GC)'] = mb((await bridge.stats(true)).rss);
  return out;
}

/** The previous partial-suffix scan (quadratic in the sequence length), kept here only to measure against. */
function quadraticPartialSuffix(buffer: string, stops: readonly string[]): number {
  let best = 0;
  for (const stop of stops) {
    for (let n = Math.min(stop.length - 1, buffer.length); n > best; n--) {
      if (buffer.endsWith(stop.slice(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}

/** CPU and wall time of `fn` (the machine may be shared: CPU time is the cost, wall time what a client waits). */
function timed(fn: () => void): string {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  fn();
  const used = process.cpuUsage(cpu);
  return `${((used.user + used.system) / 1000).toFixed(1)} / ${(performance.now() - wall).toFixed(1)}`;
}

/**
 * The partial-match scan on the worst input: 16 sequences of 1,000 characters (the cap) against
 * output that is a long prefix of all of them, arriving in 16-character chunks as tokens do.
 */
function stopScan(): Record<string, string | number> {
  // Each sequence: 500 a's, b, 498 a's, a letter of its own; the output is a's only, so the
  // longest partial match is 500 characters and every longer candidate fails at its 501st.
  const stops = Array.from(
    { length: 16 },
    (_, i) => `${'a'.repeat(500)}b${'a'.repeat(498)}${String.fromCharCode(67 + i)}`,
  );
  const chunk = 'a'.repeat(16);
  const scan = (bytes: number) => () => {
    const scanner = new StopScanner(stops);
    for (let i = 0; i < bytes / chunk.length; i++) scanner.push(chunk);
  };
  const quadratic = (bytes: number) => () => {
    let held = '';
    for (let i = 0; i < bytes / chunk.length; i++) {
      const buffer = held + chunk;
      held = buffer.slice(buffer.length - quadraticPartialSuffix(buffer, stops));
    }
  };
  scan(64 * 1024)();
  return {
    'linear (KMP) scan, 1 MB of output (cpu / wall ms)': timed(scan(MB)),
    'linear (KMP) scan, 256 KB of output (cpu / wall ms)': timed(scan(256 * 1024)),
    'previous quadratic scan, 256 KB of output (cpu / wall ms)': timed(quadratic(256 * 1024)),
  };
}

const rows: Array<[string, string, string]> = [];
const add = (section: string, values: Record<string, string | number>) => {
  for (const [k, v] of Object.entries(values))
    rows.push([section, k, typeof v === 'number' ? v.toLocaleString('en-US') : v]);
};

/** `npm run bench:load -- slow aborts` runs only those parts (rounds, slow, aborts, budgets, stop). */
const only = process.argv.slice(2);
const part = (name: string) => only.length === 0 || only.includes(name);

const bridge = await BridgeProcess.start({
  BENCH_TOKEN: TOKEN,
  BENCH_MAX_QUEUE: '64',
  BENCH_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
});
let failed = false;
try {
  const answer = Array.from({ length: 10 }, (_, i) => `answer ${i} `);
  const peer = await FakePeer.connect(bridge.url, {
    token: TOKEN,
    tabs: ['t0', 't1', 't2', 't3'].map((tabId) => ({ tabId, behaviour: streamText(answer, { delayMs: 1 }) })),
  });
  const rounds = Number(process.env.LOAD_ROUNDS ?? 4);
  for (const n of part('rounds') ? Array.from({ length: rounds }, (_, i) => i + 1) : []) {
    process.stderr.write(`[load] round ${n}…\n`);
    const r = await round(bridge, 500, 50);
    if (!String(r['completed / errored / lost']).endsWith(' 0')) failed = true;
    add(`round ${n}: 500 req, 50 clients, 4 tabs`, r);
  }
  if (part('slow')) {
    process.stderr.write('[load] slow reader…\n');
    add('100 MB answer, 1 B/s reader', await slowReader(bridge, peer));
  }
  if (part('aborts')) {
    process.stderr.write('[load] aborts…\n');
    const a = await aborts(bridge, peer, 1000);
    if (a['tabs busy afterwards (must be 0)'] !== 0) failed = true;
    add('client aborts', a);
  }
  if (part('budgets')) {
    process.stderr.write('[load] memory budgets…\n');
    add('memory budgets', await budgets(bridge, peer));
  }
  add('after everything', { 'bridge RSS (after GC)': mb((await bridge.stats(true)).rss) });
  if (part('stop')) add('stop: 16 × 1,000-char sequences vs matching prefixes', stopScan());
  await peer.close();
} finally {
  agent.destroy();
  await bridge.stop();
}

const widths = [0, 1, 2].map((i) =>
  Math.max(...[['part', 'metric', 'value'], ...rows].map((r) => (r[i] ?? '').length)),
);
const line = (r: string[]) =>
  r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(['part', 'metric', 'value']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
process.exit(failed ? 1 : 0);
