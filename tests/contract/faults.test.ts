import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startBridge, type RunningBridge } from '../../bridge/index.ts';
import { FakePeer, stallAfter, streamText } from '../../sim/launch/fake-peer.ts';
import { sseEvents, startHarness, TEST_TOKEN, type Harness } from './harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ask = (stream: boolean) =>
  JSON.stringify({ model: 'gemini-2.5-pro', stream, messages: [{ role: 'user', content: 'hi' }] });

let h: Harness | null = null;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await h?.close();
  h = null;
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An open SSE stream: resolves `started` once `marker` arrived, `body` with everything at the end (never waits forever). */
function openStream(baseURL: string, marker: string): { started: Promise<void>; body: Promise<string> } {
  let markSeen: () => void = () => {};
  const started = new Promise<void>((resolve) => (markSeen = resolve));
  const body = (async () => {
    const res = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: ask(true),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
      if (text.includes(marker)) markSeen();
    }
  })();
  return { started, body };
}

/** The stream ended the way SDKs understand: an OpenAI error event, then [DONE]. */
function endsWithError(body: string): { code: string | null } {
  const events = sseEvents(body);
  expect(events.at(-1)).toBe('[DONE]');
  const error = JSON.parse(events.at(-2) ?? '{}') as { error?: { code: string | null; message: string } };
  expect(error.error?.message).toBeTypeOf('string');
  return { code: error.error?.code ?? null };
}

async function answer(baseURL: string): Promise<string> {
  const res = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    body: ask(false),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content ?? '';
}

describe('faults end every client cleanly and the next request works', () => {
  it('bridge restarted mid-stream', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'asb-fault-'));
    cleanups.push(() => rmSync(configDir, { recursive: true, force: true }));
    const first: RunningBridge = await startBridge({ port: 0, token: TEST_TOKEN, configDir, logger: silentLogger });
    const peer = await FakePeer.connect(first.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: stallAfter(['partial ']) }],
    });
    const stream = openStream(`${first.url}/v1`, 'partial');
    await stream.started;
    await first.close();
    expect(endsWithError(await stream.body).code).toBe('shutting_down');
    await peer.close();
    // Same port again, and the extension reconnects to it.
    const second = await startBridge({ port: first.port, token: TEST_TOKEN, configDir, logger: silentLogger });
    cleanups.push(() => second.close());
    const back = await FakePeer.connect(second.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['after ', 'restart']) }],
    });
    cleanups.push(() => back.close());
    expect(await answer(`${second.url}/v1`)).toBe('after restart');
  });

  it('extension dropping mid-stream, then reconnecting', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['partial ']) }]);
    const stream = openStream(h.baseURL, 'partial');
    await stream.started;
    h.peer.drop();
    expect(endsWithError(await stream.body).code).toBe('tab_gone');
    const back = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['reconnected']) }],
    });
    cleanups.push(() => back.close());
    expect(await answer(h.baseURL)).toBe('reconnected');
  });

  it('extension dropping before the first token: the request waits and runs on the reconnected extension', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter() }]);
    const pending = answer(h.baseURL);
    await h.peer.waitFor(() => h!.peer.started.length === 1);
    h.peer.drop();
    const back = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['second try']) }],
    });
    cleanups.push(() => back.close());
    expect(await pending).toBe('second try');
    expect(back.started).toHaveLength(1);
  });

  it('a page stalling before the first token: 504, the run is stopped, the tab serves the next request', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter() }], {
      timeouts: { firstTokenMs: 300, idleMs: 300, totalMs: 10_000, queueWaitMs: 10_000 },
    });
    for (const stream of [false, true]) {
      const res = await fetch(`${h.baseURL}/chat/completions`, {
        method: 'POST',
        body: ask(stream),
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status).toBe(504);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
    }
    await h.peer.waitFor(() => h!.peer.cancels.length === 2);
    h.peer.setBehaviour('1', streamText(['unstuck']));
    expect(await answer(h.baseURL)).toBe('unstuck');
  });

  it('a page stalling after the first token: an error event ends the stream, the tab serves the next request', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['partial ']) }], {
      timeouts: { firstTokenMs: 5000, idleMs: 300, totalMs: 10_000, queueWaitMs: 10_000 },
    });
    const stream = openStream(h.baseURL, 'partial');
    expect(endsWithError(await stream.body).code).toBe('upstream_timeout');
    const plain = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      body: ask(false),
      signal: AbortSignal.timeout(10_000),
    });
    expect(plain.status).toBe(504);
    await h.peer.waitFor(() => h!.peer.cancels.length === 2);
    h.peer.setBehaviour('1', streamText(['unstuck']));
    expect(await answer(h.baseURL)).toBe('unstuck');
  });

  it('SIGTERM with streams open: each stream gets an error event, the process exits 0, a restarted bridge serves', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'asb-sigterm-'));
    cleanups.push(() => rmSync(configDir, { recursive: true, force: true }));
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'pairing-token'), `${TEST_TOKEN}\n`);

    const start = async (): Promise<{ child: ChildProcess; url: string; exit: Promise<number | null> }> => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'bridge/main.ts',
          'start',
          '--port',
          '0',
          '--config-dir',
          configDir,
          '--log-level',
          'error',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      cleanups.push(() => void child.kill('SIGKILL'));
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      const url = await new Promise<string>((resolve, reject) => {
        void exit.then((code) => reject(new Error(`bridge exited with ${code}`)));
        lines.on('line', (line) => {
          const m = /ready on (http:\/\/\S+)/.exec(line);
          if (m?.[1]) resolve(m[1]);
        });
      });
      return { child, url, exit };
    };

    const one = await start();
    const peer = await FakePeer.connect(one.url, {
      token: TEST_TOKEN,
      tabs: [
        { tabId: '1', behaviour: stallAfter(['partial ']) },
        { tabId: '2', behaviour: stallAfter(['partial ']) },
      ],
    });
    const streams = [openStream(`${one.url}/v1`, 'partial'), openStream(`${one.url}/v1`, 'partial')];
    await Promise.all(streams.map((s) => s.started));
    one.child.kill('SIGTERM');
    for (const s of streams) expect(endsWithError(await s.body).code).toBe('shutting_down');
    expect(await one.exit).toBe(0);
    await peer.close();

    const two = await start();
    const back = await FakePeer.connect(two.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['serving again']) }],
    });
    expect(await answer(`${two.url}/v1`)).toBe('serving again');
    await back.close();
    two.child.kill('SIGTERM');
    expect(await two.exit).toBe(0);
  }, 40_000);
});
