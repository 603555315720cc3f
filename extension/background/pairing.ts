import type { StorageAreaLike } from './chrome-api.ts';
import { loadSettings, normaliseBridgeUrl, type PairedVia } from '../lib/settings.ts';

/** The native-messaging pairing client (native.ts `requestPairing`; tests hand in a fake). */
export type RequestPairing = (opts: {
  start: boolean;
}) => Promise<{ bridgeUrl: string; token: string; started: boolean } | null>;

export type PairingOutcome = 'changed' | 'unchanged' | 'unavailable';

/**
 * Ask the native host for the bridge URL and token and store them. `start` lets the host start
 * the bridge (on browser startup); after a 4001 rejection we only ask for the current token.
 * Falls back to whatever the person pasted in the popup when the host is missing or fails.
 */
export async function pairViaNative(
  request: RequestPairing | null,
  local: StorageAreaLike,
  start: boolean,
  log: (m: string) => void,
): Promise<PairingOutcome> {
  if (!request) return 'unavailable';
  let answer: Awaited<ReturnType<RequestPairing>>;
  try {
    answer = await request({ start });
  } catch (error) {
    log(`native pairing failed: ${String(error)}`);
    return 'unavailable';
  }
  if (!answer || !answer.token) return 'unavailable';
  const bridgeUrl = normaliseBridgeUrl(answer.bridgeUrl);
  if (!bridgeUrl) {
    log(`native pairing returned an unusable bridge URL: ${answer.bridgeUrl}`);
    return 'unavailable';
  }
  const current = await loadSettings(local);
  const pairedVia: PairedVia = 'native';
  if (current.token === answer.token && current.bridgeUrl === bridgeUrl && current.pairedVia === pairedVia)
    return 'unchanged';
  await local.set({ token: answer.token, bridgeUrl, pairedVia });
  log(`paired via native messaging${answer.started ? ' (bridge started)' : ''}`);
  return current.token === answer.token && current.bridgeUrl === bridgeUrl ? 'unchanged' : 'changed';
}
