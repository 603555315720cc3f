import { describe, expect, it } from 'vitest';
import { extensionWsUrl, httpUrl, resolveEndpoint } from '../../../../bridge/native/endpoint.ts';

const files = (map: Record<string, string>) => (path: string) => {
  const data = map[path];
  if (data === undefined) throw new Error('ENOENT');
  return data;
};

describe('bridge endpoint for the native host', () => {
  it('defaults to 127.0.0.1:2048', () => {
    expect(resolveEndpoint('/cfg', {}, files({}))).toEqual({ host: '127.0.0.1', port: 2048 });
  });

  it('reads the settings written at install, and lets the environment override them', () => {
    const read = files({ '/cfg/native-host.json': '{"port":2051,"host":"localhost"}' });
    expect(resolveEndpoint('/cfg', {}, read)).toEqual({ host: 'localhost', port: 2051 });
    expect(resolveEndpoint('/cfg', { AISTUDIO_BRIDGE_PORT: '2060', AISTUDIO_BRIDGE_HOST: '::1' }, read)).toEqual({
      host: '::1',
      port: 2060,
    });
  });

  it('ignores a corrupt settings file and an invalid port', () => {
    expect(
      resolveEndpoint('/cfg', { AISTUDIO_BRIDGE_PORT: 'abc' }, files({ '/cfg/native-host.json': '{port' })),
    ).toEqual({ host: '127.0.0.1', port: 2048 });
    expect(resolveEndpoint('/cfg', {}, files({ '/cfg/native-host.json': '{"port":99999}' }))).toEqual({
      host: '127.0.0.1',
      port: 2048,
    });
  });

  it('builds connectable URLs (wildcard binds become loopback, IPv6 gets brackets)', () => {
    expect(extensionWsUrl({ host: '127.0.0.1', port: 2048 })).toBe('ws://127.0.0.1:2048/extension');
    expect(httpUrl({ host: '0.0.0.0', port: 2048 })).toBe('http://127.0.0.1:2048');
    expect(httpUrl({ host: '::1', port: 2051 })).toBe('http://[::1]:2051');
    expect(extensionWsUrl({ host: '::', port: 2051 })).toBe('ws://[::1]:2051/extension');
  });
});
