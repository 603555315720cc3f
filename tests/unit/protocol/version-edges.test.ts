import { describe, expect, it } from 'vitest';
import {
  bridgeAccepts,
  compareVersions,
  describeRefusal,
  extensionAccepts,
  formatRefusal,
  MIN_BRIDGE_VERSION,
  MIN_EXTENSION_VERSION,
  parseRefusal,
  PROTOCOL_VERSION,
  type VersionRefusal,
} from '../../../protocol/version.ts';

// The edges of the hello/welcome version check: exact refusals (which side, which versions), the
// close reason's exact text, and reasons that are not refusals.

const P = PROTOCOL_VERSION;

describe('version constants', () => {
  it('are the released protocol and minimums', () => {
    expect(PROTOCOL_VERSION).toBe(2);
    expect(MIN_EXTENSION_VERSION).toBe('0.1.0');
    expect(MIN_BRIDGE_VERSION).toBe('0.1.0');
  });
});

describe('compareVersions', () => {
  it('compares part by part, the longer version winning on a non-zero extra part', () => {
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.4', '1.2.3')).toBe(1);
    expect(compareVersions('1.2.3', '1.2.4')).toBe(-1);
    expect(compareVersions('2.0.0', '10.0.0')).toBe(-1);
    expect(compareVersions('1.0.1', '1.0')).toBe(1);
    expect(compareVersions('1.0', '1.0.1')).toBe(-1);
    expect(compareVersions('1.0.0.0', '1')).toBe(0);
    expect(compareVersions('0.0.0', '0.0.1')).toBe(-1);
  });

  it('reads the first dotted number only, and a version without digits as 0', () => {
    expect(compareVersions('v1.2.3-beta.4', '1.2.3')).toBe(0);
    expect(compareVersions('release 3.1 (build 7)', '3.1')).toBe(0);
    expect(compareVersions('dev', '0')).toBe(0);
    expect(compareVersions('dev', '0.0.1')).toBe(-1);
    expect(compareVersions('', '1')).toBe(-1);
    expect(compareVersions('12', '9')).toBe(1);
    expect(compareVersions('1.10', '1.9')).toBe(1);
  });
});

describe('bridgeAccepts / extensionAccepts', () => {
  it('name the whole pair in a refusal', () => {
    const bridge = { protocolVersion: P, version: '0.5.0' };
    const extension = { protocolVersion: P, version: '0.3.9' };
    expect(bridgeAccepts(bridge, extension, '0.4.0')).toEqual({ update: 'extension', bridge, extension });
    expect(extensionAccepts(extension, bridge, '0.4.0')).toEqual({
      update: 'bridge',
      bridge: extension,
      extension: bridge,
    });
    const newer = { protocolVersion: P + 1, version: '9.0.0' };
    expect(bridgeAccepts(bridge, newer)).toEqual({ update: 'bridge', bridge, extension: newer });
    expect(extensionAccepts(newer, extension)).toEqual({ update: 'extension', bridge: newer, extension });
  });

  it('check only the other side against the minimum, and accept a version equal to it', () => {
    const old = { protocolVersion: P, version: '0.0.1' };
    const current = { protocolVersion: P, version: '0.4.0' };
    // the bridge does not check its own version, nor the extension its own
    expect(bridgeAccepts(old, current, '0.4.0')).toBeNull();
    expect(extensionAccepts(current, old, '0.4.0')).toBeNull();
    expect(bridgeAccepts(current, old, '0.4.0')?.update).toBe('extension');
    expect(extensionAccepts(old, current, '0.4.0')?.update).toBe('bridge');
    // the default minimum
    expect(bridgeAccepts(current, { protocolVersion: P, version: '0.0.9' })?.update).toBe('extension');
    expect(extensionAccepts({ protocolVersion: P, version: '0.0.9' }, current)?.update).toBe('bridge');
  });
});

describe('formatRefusal / parseRefusal', () => {
  const refusal: VersionRefusal = {
    update: 'bridge',
    bridge: { protocolVersion: 1, version: '0.1.0' },
    extension: { protocolVersion: 2, version: '0.3.0' },
  };

  it('write the exact close reason and read it back', () => {
    const reason = formatRefusal(refusal);
    expect(reason).toBe('update bridge; bridge 0.1.0 p1; extension 0.3.0 p2');
    expect(parseRefusal(reason)).toEqual(refusal);
    expect(formatRefusal({ ...refusal, update: 'extension' })).toBe(
      'update extension; bridge 0.1.0 p1; extension 0.3.0 p2',
    );
  });

  it('keep only version characters, at most 24 of them', () => {
    const odd = { ...refusal, bridge: { protocolVersion: 1, version: '1.0.0+build_7 (dirty); x' } };
    expect(formatRefusal(odd)).toBe('update bridge; bridge 1.0.0+build_7dirtyx p1; extension 0.3.0 p2');
    const long = { ...refusal, extension: { protocolVersion: 2, version: '1234567890'.repeat(4) } };
    expect(formatRefusal(long)).toBe(
      `update bridge; bridge 0.1.0 p1; extension ${'1234567890'.repeat(3).slice(0, 24)} p2`,
    );
  });

  it('read nothing from a reason that is not exactly a refusal', () => {
    for (const reason of [
      null,
      undefined,
      '',
      'update both; bridge 0.1.0 p1; extension 0.3.0 p2',
      'x update bridge; bridge 0.1.0 p1; extension 0.3.0 p2',
      'update bridge; bridge 0.1.0 p1; extension 0.3.0 p2 x',
      'update bridge; bridge 0.1.0 pX; extension 0.3.0 p2',
      'update bridge; bridge 0.1.0 p1; extension 0.3.0 p',
      'update bridge; bridge  p1; extension 0.3.0 p2',
    ]) {
      expect(parseRefusal(reason)).toBeNull();
    }
    expect(parseRefusal('update extension; bridge 0.2.0 p12; extension 0.1.0-rc.1 p34')).toEqual({
      update: 'extension',
      bridge: { version: '0.2.0', protocolVersion: 12 },
      extension: { version: '0.1.0-rc.1', protocolVersion: 34 },
    });
  });
});

describe('describeRefusal', () => {
  it('says both versions and protocols, and how to update the old side', () => {
    const refusal: VersionRefusal = {
      update: 'extension',
      bridge: { protocolVersion: 2, version: '0.3.0' },
      extension: { protocolVersion: 1, version: '0.1.0' },
    };
    expect(describeRefusal(refusal)).toBe(
      'The bridge 0.3.0 (protocol 2) and extension 0.1.0 (protocol 1) do not work together: update the extension — ' +
        'reload it in chrome://extensions from the folder `aistudio-bridge extension-path` prints (or update it in the Chrome Web Store).',
    );
    expect(describeRefusal({ ...refusal, update: 'bridge' })).toBe(
      'The bridge 0.3.0 (protocol 2) and extension 0.1.0 (protocol 1) do not work together: update the bridge — ' +
        'npm install -g aistudio-bridge@latest (in a checkout: git pull && npm install), then restart the bridge.',
    );
  });
});
