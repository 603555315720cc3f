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
} from '../../../protocol/version.ts';

const P = PROTOCOL_VERSION;

describe('version compatibility', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1);
    expect(compareVersions('fake-1.0', '0.1.0')).toBe(1);
  });

  it('the same protocol and versions at the minimum are compatible both ways', () => {
    expect(
      bridgeAccepts({ protocolVersion: P, version: '9.9.9' }, { protocolVersion: P, version: MIN_EXTENSION_VERSION }),
    ).toBeNull();
    expect(
      extensionAccepts({ protocolVersion: P, version: MIN_BRIDGE_VERSION }, { protocolVersion: P, version: '9.9.9' }),
    ).toBeNull();
  });

  it('another protocol version: the side with the older protocol is the one to update', () => {
    expect(
      bridgeAccepts({ protocolVersion: 2, version: '0.3.0' }, { protocolVersion: 1, version: '0.2.0' })?.update,
    ).toBe('extension');
    expect(
      bridgeAccepts({ protocolVersion: 1, version: '0.2.0' }, { protocolVersion: 2, version: '0.3.0' })?.update,
    ).toBe('bridge');
    expect(
      extensionAccepts({ protocolVersion: 1, version: '0.2.0' }, { protocolVersion: 2, version: '0.3.0' })?.update,
    ).toBe('bridge');
  });

  it('a release below the other side’s minimum is refused, naming it', () => {
    expect(
      bridgeAccepts({ protocolVersion: P, version: '0.5.0' }, { protocolVersion: P, version: '0.1.0' }, '0.4.0')
        ?.update,
    ).toBe('extension');
    expect(
      extensionAccepts({ protocolVersion: P, version: '0.1.0' }, { protocolVersion: P, version: '0.5.0' }, '0.4.0')
        ?.update,
    ).toBe('bridge');
  });

  it('the refusal survives a WebSocket close reason (≤ 123 bytes) and reads as advice', () => {
    const refusal = bridgeAccepts(
      { protocolVersion: 2, version: '10.20.30-beta.1' },
      { protocolVersion: 1, version: `0.1.0-${'x'.repeat(200)}` },
    )!;
    const reason = formatRefusal(refusal);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect(parseRefusal(reason)).toMatchObject({
      update: 'extension',
      bridge: { version: '10.20.30-beta.1', protocolVersion: 2 },
      extension: { protocolVersion: 1 },
    });
    expect(parseRefusal('protocol 2 != 1')).toBeNull();
    expect(describeRefusal(refusal)).toMatch(
      /update the extension — reload it in chrome:\/\/extensions from the folder `aistudio-bridge extension-path` prints/,
    );
    expect(describeRefusal({ ...refusal, update: 'bridge' })).toContain(
      'update the bridge — npm install -g aistudio-bridge@latest',
    );
  });
});
