import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../bridge/logger.ts';
import { encodeFrame, FrameDecoder } from '../../../../bridge/native/framing.ts';
import { createHostHandler, type HandlerDeps } from '../../../../bridge/native/handler.ts';
import type { HealthProbe } from '../../../../bridge/native/health.ts';
import { runHostLoop } from '../../../../bridge/native/host.ts';
import { NativeReply } from '../../../../protocol/native.ts';
import { proofFor } from '../../../../bridge/link/proof.ts';

const TOKEN = 't'.repeat(43);
/** the bridge: its /health proves the token for the host's nonce */
const up = (nonce: string): HealthProbe => ({
  reachable: true,
  httpStatus: 200,
  body: { status: 'ok', pairing_proof: proofFor(TOKEN, 'health', [nonce]) },
});
/** a process on the port that copies the bridge's /health but does not know the token */
const squatter = (nonce: string): HealthProbe => ({
  reachable: true,
  httpStatus: 200,
  body: { status: 'ok', pairing_proof: proofFor('another-token', 'health', [nonce]) },
});
const down: HealthProbe = { reachable: false, error: 'ECONNREFUSED' };

function handlerDeps(over: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    endpoint: { host: '127.0.0.1', port: 2051 },
    loadToken: () => TOKEN,
    probe: async () => down,
    startBridge: async () => ({ ok: true, pid: 4242 }),
    logFile: '/cfg/bridge.log',
    hostVersion: '0.1.0',
    logger: silentLogger,
    ...over,
  };
}

describe('native host requests', () => {
  it('pair: answers the endpoint and the token, and whether the bridge runs, without starting it', async () => {
    const startBridge = vi.fn(async () => ({ ok: true as const, pid: 1 }));
    const handle = createHostHandler(handlerDeps({ startBridge }));
    expect(await handle({ type: 'pair' })).toEqual({
      type: 'paired',
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      httpUrl: 'http://127.0.0.1:2051',
      token: TOKEN,
      running: false,
      hostVersion: '0.1.0',
    });
    expect(startBridge).not.toHaveBeenCalled();
    const running = createHostHandler(handlerDeps({ probe: async (_url, nonce) => up(nonce) }));
    expect(await running({ type: 'pair' })).toMatchObject({ type: 'paired', running: true });
  });

  it('does not call a listener running, nor start it, unless it proves the token for a fresh nonce', async () => {
    const nonces: string[] = [];
    const startBridge = vi.fn(async () => ({ ok: true as const, pid: 1 }));
    const copying = createHostHandler(
      handlerDeps({ probe: async (_url, nonce) => (nonces.push(nonce), squatter(nonce)), startBridge }),
    );
    expect(await copying({ type: 'pair' })).toMatchObject({ type: 'paired', running: false });
    const refused = await copying({ type: 'start' });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'start_failed',
      message: expect.stringMatching(/cannot prove it knows this pairing token/),
    });
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
    expect(startBridge).not.toHaveBeenCalled();
    expect(new Set(nonces).size).toBe(2);
    // an old bridge (no proof at all), or a replayed proof, is no better
    const replay = up(nonces[0]!);
    for (const probe of [{ reachable: true as const, httpStatus: 200, body: { status: 'ok' } }, replay]) {
      const handle = createHostHandler(handlerDeps({ probe: async () => probe, startBridge }));
      expect(await handle({ type: 'pair' })).toMatchObject({ running: false });
      expect(await handle({ type: 'start' })).toMatchObject({ type: 'error', code: 'start_failed' });
    }
  });

  it('start: spawns a stopped bridge once even when asked twice at the same time', async () => {
    let release!: () => void;
    const startBridge = vi.fn(
      () => new Promise<{ ok: true; pid: number }>((resolve) => (release = () => resolve({ ok: true, pid: 4242 }))),
    );
    const handle = createHostHandler(handlerDeps({ startBridge }));
    const first = handle({ type: 'start' });
    const second = handle({ type: 'start' });
    await vi.waitFor(() => expect(startBridge).toHaveBeenCalledTimes(1));
    release();
    const expected = {
      type: 'started',
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      httpUrl: 'http://127.0.0.1:2051',
      token: TOKEN,
      spawned: true,
      pid: 4242,
    };
    expect(await first).toEqual(expected);
    expect(await second).toEqual(expected);
    expect(startBridge).toHaveBeenCalledTimes(1);
  });

  it('start: does not spawn when the bridge already answers', async () => {
    const startBridge = vi.fn(async () => ({ ok: true as const, pid: 1 }));
    const handle = createHostHandler(handlerDeps({ probe: async (_url, nonce) => up(nonce), startBridge }));
    expect(await handle({ type: 'start' })).toMatchObject({ type: 'started', spawned: false });
    expect(startBridge).not.toHaveBeenCalled();
  });

  it('start: reports a port held by something else, and spawn failures with the log file', async () => {
    const foreign = createHostHandler(
      handlerDeps({ probe: async () => ({ reachable: true, httpStatus: 404, body: null }) }),
    );
    expect(await foreign({ type: 'start' })).toMatchObject({
      type: 'error',
      code: 'start_failed',
      message: expect.stringMatching(/not the bridge/),
    });
    const timeout = createHostHandler(
      handlerDeps({ startBridge: async () => ({ ok: false, code: 'start_timeout', message: 'slow' }) }),
    );
    expect(await timeout({ type: 'start' })).toEqual({
      type: 'error',
      code: 'start_timeout',
      message: 'slow',
      logFile: '/cfg/bridge.log',
    });
  });

  it('start: a spawn that lost the port to another host’s bridge still reports a running bridge', async () => {
    const probes = [() => down, up];
    const handle = createHostHandler(
      handlerDeps({
        probe: async (_url, nonce) => (probes.shift() ?? up)(nonce),
        startBridge: async () => ({ ok: false, code: 'start_failed', message: 'exit 3' }),
      }),
    );
    expect(await handle({ type: 'start' })).toMatchObject({ type: 'started', spawned: false });
  });

  it('refuses unknown requests and survives a throwing dependency', async () => {
    const handle = createHostHandler(
      handlerDeps({
        loadToken: () => {
          throw new Error('EACCES');
        },
      }),
    );
    expect(await handle({ type: 'steal' })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await handle('pair')).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await handle({ type: 'pair' })).toEqual({ type: 'error', code: 'internal', message: 'EACCES' });
  });

  it('every reply it produces matches the reply schema', async () => {
    const handle = createHostHandler(handlerDeps());
    for (const request of [{ type: 'pair' }, { type: 'start' }, { type: 'nope' }]) {
      expect(NativeReply.safeParse(await handle(request)).success).toBe(true);
    }
  });
});

describe('native host I/O loop', () => {
  async function exchange(chunks: Buffer[], handle = createHostHandler(handlerDeps())) {
    const input = new PassThrough();
    const output = new PassThrough();
    const frames: unknown[] = [];
    const decoder = new FrameDecoder();
    output.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
    const done = runHostLoop({ input, output, handle, logger: silentLogger });
    for (const chunk of chunks) input.write(chunk);
    input.end();
    await done;
    return frames;
  }

  it('answers each framed request in order, even when frames arrive split and batched', async () => {
    const both = Buffer.concat([encodeFrame({ type: 'pair' }), encodeFrame({ type: 'start' })]);
    const frames = await exchange([both.subarray(0, 3), both.subarray(3, 20), both.subarray(20)]);
    expect(frames.map((f) => (f as { type: string }).type)).toEqual(['paired', 'started']);
  });

  it('stops reading on an oversize frame without writing garbage', async () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(64 * 1024 * 1024, 0);
    const frames = await exchange([encodeFrame({ type: 'pair' }), header]);
    expect(frames).toHaveLength(1);
  });

  it('never sends a reply over 1 MiB: an oversize answer becomes an error frame', async () => {
    const handle = async () => ({ type: 'error', code: 'internal', message: 'x'.repeat(2 * 1024 * 1024) }) as const;
    const frames = await exchange([encodeFrame({ type: 'pair' })], handle);
    expect(frames).toEqual([{ type: 'error', code: 'internal', message: expect.stringMatching(/exceeds/) }]);
  });
});
