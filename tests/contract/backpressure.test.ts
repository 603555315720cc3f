import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Logger } from '../../bridge/logger.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { floodText, stallAfter, streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ask = (stream: boolean) =>
  JSON.stringify({ model: 'gemini-2.5-pro', stream, messages: [{ role: 'user', content: 'hi' }] });

async function tabsFree(): Promise<boolean> {
  const health = (await (await fetch(`${h!.bridge.url}/health`)).json()) as {
    tabs: { list: Array<{ busy: boolean }> };
  };
  return health.tabs.list.every((t) => !t.busy);
}

describe('a client that does not read', () => {
  it('gets its job cancelled once the link stopped pulling for 2 s and the unsent bytes passed the cap; the write timeout cuts its socket', async () => {
    h = await startHarness([{ tabId: '1', behaviour: floodText(256 * 1024 * 1024) }], {
      maxUnsentBytes: 256 * 1024,
      writeTimeoutMs: 2500,
    });
    // The bridge's side of the connection: the write timeout must close it.
    const serverSocketClosed = new Promise<void>((resolve) =>
      h!.bridge.bridge.server.once('connection', (socket) => socket.once('close', () => resolve())),
    );
    let response: IncomingMessage | null = null;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${h!.baseURL}/chat/completions`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          response = res;
          // read one chunk, then never again
          res.once('data', () => {
            res.pause();
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(ask(true));
    });
    await h.peer.waitFor(() => h!.peer.cancels.length === 1, 10_000);
    expect(h.peer.cancels[0]?.reason).toBe('the client is not reading the answer');
    await serverSocketClosed;
    // Reading again, the client finds the connection cut, not an endless stream.
    const ended = await new Promise<string>((resolve) => {
      const res = response as unknown as IncomingMessage;
      res.on('error', (err) => resolve(`error ${err.message}`));
      res.on('aborted', () => resolve('aborted'));
      res.on('end', () => resolve('end'));
      res.on('data', () => {});
      res.resume();
    });
    expect(ended).toMatch(/aborted|error/);
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    expect(await tabsFree()).toBe(true);
    h.peer.setBehaviour('1', streamText(['next ', 'one']));
    const next = (
      await h.client.chat.completions.create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] })
    ).choices[0]?.message.content;
    expect(next).toBe('next one');
  });

  it('holds a non-stream answer up to maxAnswerChars, then ends it with finish_reason "length" and stops the run', async () => {
    h = await startHarness(
      [{ tabId: '1', behaviour: streamText(Array.from({ length: 50 }, () => 'y'.repeat(1000))) }],
      { maxAnswerChars: 10_000 },
    );
    const answer = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(answer.choices[0]?.finish_reason).toBe('length');
    expect(answer.choices[0]?.message.content).toBe('y'.repeat(11_000));
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    expect(h.peer.cancels[0]?.reason).toBe('the answer exceeded 10000 characters');
    expect(await tabsFree()).toBe(true);
  });

  it('a client that keeps reading gets an answer many times the cap (sent at up to 16 MB/s, far above any page)', async () => {
    const chunks = Array.from({ length: 256 }, () => 'z'.repeat(16 * 1024));
    h = await startHarness([{ tabId: '1', behaviour: streamText(chunks, { delayMs: 1 }) }], {
      maxUnsentBytes: 1024 * 1024,
    });
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: ask(true) });
    const body = await res.text();
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(body).not.toContain('"error"');
    expect(body.split('z'.repeat(16 * 1024)).length - 1).toBe(256);
    expect(h.peer.cancels).toHaveLength(0);
  });

  it('a client behind a page flooding 16 MB gets all of it: the link stops pulling until the client drains', async () => {
    h = await startHarness([{ tabId: '1', behaviour: floodText(16 * 1024 * 1024) }]);
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: ask(true) });
    const body = await res.text();
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(body).not.toContain('"error"');
    expect(body.split('x'.repeat(64 * 1024)).length - 1).toBe(256);
    expect(h.peer.cancels).toHaveLength(0);
  });

  it('logs client aborts at info, never as errors (mid-body and mid-stream)', async () => {
    const lines: Array<[string, string]> = [];
    const logger: Logger = {
      debug: () => {},
      info: (m) => lines.push(['info', m]),
      warn: (m) => lines.push(['warn', m]),
      error: (m) => lines.push(['error', m]),
    };
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['partial ']) }], { logger });
    // gone halfway through sending its body
    const socket = connect(h.bridge.port, '127.0.0.1');
    // Written (handed to the kernel) before the socket goes: the bridge then reads a request cut short.
    await new Promise<void>((resolve) =>
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 1000\r\n\r\n{"messages":`,
        () => resolve(),
      ),
    );
    socket.destroy();
    await h.peer.waitFor(() => lines.some(([, m]) => m.includes('client went away')));
    // gone in the middle of a stream
    const ctrl = new AbortController();
    const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: ask(true), signal: ctrl.signal });
    await res.body?.getReader().read();
    ctrl.abort();
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    expect(lines.filter(([level]) => level === 'error')).toEqual([]);
    expect(lines).toContainEqual(['info', 'client went away before its request was read']);
    expect(lines).toContainEqual(['info', 'chat completion']);
  });
});
