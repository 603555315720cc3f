import { afterEach, describe, expect, it, vi } from 'vitest';
import { NATIVE_HOST_NAME as HOST_SIDE_NAME } from '../../../../bridge/native/constants.ts';
import { createHostHandler } from '../../../../bridge/native/handler.ts';
import type { HealthProbe } from '../../../../bridge/native/health.ts';
import { proofFor } from '../../../../bridge/link/proof.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import {
  NATIVE_HOST_NAME,
  NativeReply,
  requestPairing,
  type NativeRuntime,
} from '../../../../extension/background/native.ts';

/**
 * The extension's native client against a fake chrome.runtime whose port is answered by the
 * real host handler: both ends of the shared schema in protocol/native.ts.
 */
type Listener<T extends unknown[]> = (...args: T) => void;

function fakeRuntime(answer: (message: unknown, port: FakePort) => void, opts: { missing?: boolean } = {}) {
  const runtime: NativeRuntime & { connected: string[]; ports: FakePort[]; lastError?: { message: string } } = {
    connected: [],
    ports: [],
    lastError: undefined,
    connectNative(name: string) {
      this.connected.push(name);
      const port = new FakePort(
        answer,
        () =>
          (runtime.lastError = opts.missing ? { message: 'Specified native messaging host not found.' } : undefined),
      );
      this.ports.push(port);
      if (opts.missing) setTimeout(() => port.disconnectFromHost(), 5);
      return port as unknown as chrome.runtime.Port;
    },
  };
  return runtime;
}

class FakePort {
  readonly messageListeners: Listener<[unknown]>[] = [];
  readonly disconnectListeners: Listener<[]>[] = [];
  readonly sent: unknown[] = [];
  disconnected = false;
  onMessage = { addListener: (l: Listener<[unknown]>) => this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: Listener<[]>) => this.disconnectListeners.push(l) };
  constructor(
    private readonly answer: (message: unknown, port: FakePort) => void,
    private readonly setLastError: () => void,
  ) {}
  postMessage(message: unknown) {
    this.sent.push(message);
    queueMicrotask(() => this.answer(message, this));
  }
  reply(message: unknown) {
    for (const l of this.messageListeners) l(message);
  }
  disconnect() {
    this.disconnected = true;
  }
  disconnectFromHost() {
    this.setLastError();
    for (const l of this.disconnectListeners) l();
  }
}

const TOKEN = 'k'.repeat(43);
function hostAnswering(probe: (nonce: string) => HealthProbe) {
  const handle = createHostHandler({
    endpoint: { host: '127.0.0.1', port: 2051 },
    loadToken: () => TOKEN,
    probe: async (_url, nonce) => probe(nonce),
    startBridge: async () => ({ ok: true, pid: 7 }),
    logFile: '/cfg/bridge.log',
    hostVersion: '0.1.0',
    logger: silentLogger,
  });
  return (message: unknown, port: FakePort) =>
    void handle(message).then((reply) => port.reply(JSON.parse(JSON.stringify(reply))));
}

const up = (nonce: string): HealthProbe => ({
  reachable: true,
  httpStatus: 200,
  body: { status: 'ok', pairing_proof: proofFor(TOKEN, 'health', [nonce]) },
});
const down: HealthProbe = { reachable: false, error: 'ECONNREFUSED' };
const quiet = { log: () => {} };

afterEach(() => vi.useRealTimers());

describe('requestPairing (extension side)', () => {
  it('uses the same host name as the installer', () => {
    expect(NATIVE_HOST_NAME).toBe(HOST_SIDE_NAME);
  });

  it('pairs with a running bridge in one request and closes the port', async () => {
    const runtime = fakeRuntime(hostAnswering(up));
    expect(await requestPairing({ start: true, runtime, ...quiet })).toEqual({
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      token: TOKEN,
      started: false,
    });
    expect(runtime.connected).toEqual(['io.github.aistudio_bridge']);
    expect(runtime.ports[0]?.sent).toEqual([{ type: 'pair' }]);
    expect(runtime.ports[0]?.disconnected).toBe(true);
  });

  it('asks the host to start a stopped bridge when start is true', async () => {
    const runtime = fakeRuntime(hostAnswering(() => down));
    expect(await requestPairing({ start: true, runtime, ...quiet })).toEqual({
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      token: TOKEN,
      started: true,
    });
    expect(runtime.ports[0]?.sent).toEqual([{ type: 'pair' }, { type: 'start' }]);
  });

  it('only reads the token when start is false, even if the bridge is down', async () => {
    const runtime = fakeRuntime(hostAnswering(() => down));
    expect(await requestPairing({ start: false, runtime, ...quiet })).toEqual({
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      token: TOKEN,
      started: false,
    });
    expect(runtime.ports[0]?.sent).toEqual([{ type: 'pair' }]);
  });

  it('returns null when the host is not installed, and says why', async () => {
    const log = vi.fn();
    const runtime = fakeRuntime(() => {}, { missing: true });
    expect(await requestPairing({ start: true, runtime, log })).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/Specified native messaging host not found/));
  });

  it('returns null on a host error, an unreadable reply, or a throwing connectNative', async () => {
    const failing = fakeRuntime((_m, port) =>
      port.reply({ type: 'error', code: 'start_failed', message: 'port taken' }),
    );
    expect(await requestPairing({ start: true, runtime: failing, ...quiet })).toBeNull();
    const garbage = fakeRuntime((_m, port) => port.reply({ type: 'paired', token: 'short' }));
    expect(await requestPairing({ start: true, runtime: garbage, ...quiet })).toBeNull();
    const throwing: NativeRuntime = {
      connectNative: () => {
        throw new Error('no permission');
      },
    };
    expect(await requestPairing({ start: true, runtime: throwing, ...quiet })).toBeNull();
  });

  it('keeps the pairing when the bridge fails to start: right token, started false', async () => {
    const log = vi.fn();
    const runtime = fakeRuntime((message, port) =>
      (message as { type: string }).type === 'pair'
        ? port.reply({
            type: 'paired',
            bridgeUrl: 'ws://127.0.0.1:2051/extension',
            httpUrl: 'http://127.0.0.1:2051',
            token: TOKEN,
            running: false,
            hostVersion: '1',
          })
        : port.reply({ type: 'error', code: 'start_timeout', message: 'slow', logFile: '/cfg/bridge.log' }),
    );
    expect(await requestPairing({ start: true, runtime, log })).toEqual({
      bridgeUrl: 'ws://127.0.0.1:2051/extension',
      token: TOKEN,
      started: false,
    });
    expect(log).toHaveBeenCalledWith('native host: start_timeout: slow (see /cfg/bridge.log)');
  });

  it('gives up after the timeout when the host never answers', async () => {
    vi.useFakeTimers();
    const runtime = fakeRuntime(() => {});
    const result = requestPairing({ start: false, runtime, timeoutMs: 1000, ...quiet });
    await vi.advanceTimersByTimeAsync(1001);
    expect(await result).toBeNull();
    expect(runtime.ports[0]?.disconnected).toBe(true);
  });

  it('the extension schema accepts every reply shape the host sends', async () => {
    const handle = createHostHandler({
      endpoint: { host: '127.0.0.1', port: 2048 },
      loadToken: () => TOKEN,
      probe: async () => down,
      startBridge: async () => ({ ok: false, code: 'start_timeout', message: 'slow' }),
      logFile: '/l',
      hostVersion: '1',
      logger: silentLogger,
    });
    for (const request of [{ type: 'pair' }, { type: 'start' }, { type: 'x' }]) {
      expect(NativeReply.safeParse(await handle(request)).success).toBe(true);
    }
  });
});
