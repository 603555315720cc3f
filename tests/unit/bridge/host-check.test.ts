import { describe, expect, it } from 'vitest';
import { boundHosts, isAllowedHost } from '../../../bridge/host-check.ts';

describe('--allow-host names are matched exactly', () => {
  const allowed = ['host.docker.internal'];

  it('accepts the allowed name with or without a port, in any case', () => {
    for (const host of ['host.docker.internal', 'host.docker.internal:2048', 'HOST.Docker.Internal:80']) {
      expect(isAllowedHost(host, allowed), host).toBe(true);
    }
  });

  it('refuses names that merely start or end with the allowed one (a rebinding page can register those)', () => {
    for (const host of [
      'host.docker.internal.evil.com',
      'host.docker.internal.evil.com:2048',
      'evil-host.docker.internal',
      'x.host.docker.internal',
      'host.docker.interna',
      'host.docker.internalx:2048',
    ]) {
      expect(isAllowedHost(host, allowed), host).toBe(false);
    }
  });

  it('accepts the address a non-loopback bind names, and only that one', () => {
    expect(boundHosts('192.168.1.20')).toEqual(['192.168.1.20']);
    expect(isAllowedHost('192.168.1.20:2048', boundHosts('192.168.1.20'))).toBe(true);
    expect(isAllowedHost('192.168.1.200:2048', boundHosts('192.168.1.20'))).toBe(false);
    expect(isAllowedHost('192.168.1.2:2048', boundHosts('192.168.1.20'))).toBe(false);
    expect(boundHosts('0.0.0.0')).toEqual([]);
    expect(isAllowedHost('[fd00::1]:2048', boundHosts('fd00::1'))).toBe(true);
  });
});
