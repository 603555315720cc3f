import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../../../sim/launch/connect-proxy.ts';

/** Sends a CONNECT, then (when tunnelled) `payload`; resolves with everything the client read. */
function tunnel(proxyPort: number, target: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1', () =>
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`),
    );
    let got = '';
    socket.on('data', (chunk) => {
      got += chunk.toString();
      if (got.startsWith('HTTP/1.1 200') && got.endsWith('\r\n\r\n')) socket.write(payload);
      if (got.includes(`echo:${payload}`)) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
  });
}

describe('the loopback CONNECT proxy Firefox uses to reach the simulator', () => {
  let echo: Server | undefined;
  let proxy: ConnectProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((r) => (echo ? echo.close(r) : r(undefined)));
  });

  it('tunnels only the named hosts on 443 to the target port and refuses everything else', async () => {
    echo = createServer((s) => s.on('data', (d) => s.write(`echo:${d.toString()}`)));
    await new Promise<void>((r) => echo!.listen(0, '127.0.0.1', r));
    const address = echo.address();
    proxy = await startConnectProxy(['aistudio.google.com'], typeof address === 'object' && address ? address.port : 0);

    expect(await tunnel(proxy.port, 'aistudio.google.com:443', 'hi')).toBe(
      'HTTP/1.1 200 Connection Established\r\n\r\necho:hi',
    );
    expect(await tunnel(proxy.port, 'AIStudio.Google.com:443', 'case')).toContain('echo:case');
    for (const target of ['example.com:443', 'aistudio.google.com:80', 'aistudio.google.com.evil.example:443']) {
      expect(await tunnel(proxy.port, target, 'x'), target).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    }
    expect(proxy.refused).toEqual([
      'example.com:443',
      'aistudio.google.com:80',
      'aistudio.google.com.evil.example:443',
    ]);
  });
});
