/**
 * Compatibility between a bridge and an extension, checked by both at hello/welcome:
 * - the same PROTOCOL_VERSION (bumped on any incompatible change to protocol/messages.ts), and
 * - each side at least the other's minimum: MIN_EXTENSION_VERSION is the oldest extension release
 *   this bridge works with, MIN_BRIDGE_VERSION the oldest bridge this extension works with.
 * A refused pair names the side to update; the reason travels in the WebSocket close frame
 * (formatRefusal, ≤ 123 bytes) so the other side can show it too.
 */
/** 2: the pairing token is proven (hello → challenge → proof → welcome), never sent */
export const PROTOCOL_VERSION = 2;
export const MIN_EXTENSION_VERSION = '0.1.0';
export const MIN_BRIDGE_VERSION = '0.1.0';

type Side = 'bridge' | 'extension';

export interface PeerVersion {
  protocolVersion: number;
  version: string;
}

export interface VersionRefusal {
  /** the side that is too old */
  update: Side;
  bridge: PeerVersion;
  extension: PeerVersion;
}

/** Numeric comparison of the first dotted number in each version ("0.10.0" > "0.9.1", "fake-1.0" = "1.0"). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => (/\d+(?:\.\d+)*/.exec(v)?.[0] ?? '0').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function verdict(
  bridge: PeerVersion,
  extension: PeerVersion,
  min: { side: Side; version: string },
): VersionRefusal | null {
  if (bridge.protocolVersion !== extension.protocolVersion) {
    return { update: bridge.protocolVersion < extension.protocolVersion ? 'bridge' : 'extension', bridge, extension };
  }
  const checked = min.side === 'extension' ? extension : bridge;
  if (compareVersions(checked.version, min.version) < 0) return { update: min.side, bridge, extension };
  return null;
}

/** The bridge's check of a `hello`. */
export function bridgeAccepts(
  bridge: PeerVersion,
  extension: PeerVersion,
  minExtension = MIN_EXTENSION_VERSION,
): VersionRefusal | null {
  return verdict(bridge, extension, { side: 'extension', version: minExtension });
}

/** The extension's check of a `welcome`. */
export function extensionAccepts(
  bridge: PeerVersion,
  extension: PeerVersion,
  minBridge = MIN_BRIDGE_VERSION,
): VersionRefusal | null {
  return verdict(bridge, extension, { side: 'bridge', version: minBridge });
}

const short = (v: string): string => v.replace(/[^\w.+-]/g, '').slice(0, 24);

/** Close-frame reason, e.g. `update extension; bridge 0.3.0 p2; extension 0.1.0 p1`. */
export function formatRefusal(r: VersionRefusal): string {
  return `update ${r.update}; bridge ${short(r.bridge.version)} p${r.bridge.protocolVersion}; extension ${short(r.extension.version)} p${r.extension.protocolVersion}`;
}

export function parseRefusal(reason: string | null | undefined): VersionRefusal | null {
  const m = /^update (bridge|extension); bridge (\S+) p(\d+); extension (\S+) p(\d+)$/.exec(reason ?? '');
  if (!m) return null;
  return {
    update: m[1] as Side,
    bridge: { version: m[2]!, protocolVersion: Number(m[3]) },
    extension: { version: m[4]!, protocolVersion: Number(m[5]) },
  };
}

/** How to update each side, said the same way by /health, the bridge's log and the popup. */
const UPDATE_HOW: Record<Side, string> = {
  bridge: 'npm install -g aistudio-bridge@latest (in a checkout: git pull && npm install), then restart the bridge',
  extension:
    'reload it in chrome://extensions from the folder `aistudio-bridge extension-path` prints (or update it in the Chrome Web Store)',
};

export function describeRefusal(r: VersionRefusal): string {
  const them = `bridge ${r.bridge.version} (protocol ${r.bridge.protocolVersion}) and extension ${r.extension.version} (protocol ${r.extension.protocolVersion}) do not work together`;
  return `The ${them}: update the ${r.update} — ${UPDATE_HOW[r.update]}.`;
}
