import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isBridge, probeHealth, waitForBridge } from '../../../../bridge/native/health.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(status: number, body: string): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('bridge health probe', () => {
  it('reads the bridge’s health document', async () => {
    const url = await serve(
      200,
      JSON.stringify({
        status: 'ok',
        version: '0.1.0',
        extensions: [{ id: 'c1', version: '0.1.0', paired_via: 'native' }],
        tabs: { total: 2, ready: 1, list: [] },
        extra: true,
      }),
    );
    const probe = await probeHealth(url);
    expect(probe).toMatchObject({
      reachable: true,
      httpStatus: 200,
      body: {
        status: 'ok',
        version: '0.1.0',
        extensions: [{ paired_via: 'native' }],
        tabs: { total: 2, ready: 1 },
        extra: true,
      },
    });
    expect(isBridge(probe)).toBe(true);
  });

  it('keeps counting a bridge whose optional fields changed shape', async () => {
    const probe = await probeHealth(await serve(200, JSON.stringify({ status: 'ok', extensions: 3, tabs: 'many' })));
    expect(probe).toMatchObject({ reachable: true, body: { status: 'ok', extensions: undefined, tabs: undefined } });
    expect(isBridge(probe)).toBe(true);
  });

  it('tells a foreign server from the bridge', async () => {
    const probe = await probeHealth(await serve(404, '<html>'));
    expect(probe).toEqual({ reachable: true, httpStatus: 404, body: null });
    expect(isBridge(probe)).toBe(false);
  });

  it('reports a closed port as unreachable', async () => {
    const url = await serve(200, '{}');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const probe = await probeHealth(url);
    expect(probe.reachable).toBe(false);
    expect(isBridge(probe)).toBe(false);
  });

  it('waitForBridge polls until the bridge answers, within its deadline', async () => {
    let calls = 0;
    const fetchImpl = async () => {
      calls += 1;
      if (calls < 3) throw new Error('ECONNREFUSED');
      return { status: 200, json: async () => ({ status: 'ok' }) };
    };
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    expect(await waitForBridge('http://x', { timeoutMs: 1000, intervalMs: 100, ...clock }, fetchImpl)).toBe(true);
    expect(calls).toBe(3);
    now = 0;
    const never = async () => {
      throw new Error('ECONNREFUSED');
    };
    expect(await waitForBridge('http://x', { timeoutMs: 1000, intervalMs: 100, ...clock }, never)).toBe(false);
    expect(now).toBe(1000);
    expect(
      await waitForBridge('http://x', { timeoutMs: 1000, intervalMs: 100, gaveUp: () => true, ...clock }, never),
    ).toBe(false);
  });
});
