/**
 * WebSocket close codes of the bridge link, both directions in one table so the ends never
 * disagree or collide (PROTOCOL.md lists them). Only `badToken` makes the extension pair again:
 * every other code means the token was fine and asking for a new one would not help.
 */
export const CloseCode = {
  // bridge → extension
  /** standard "going away": the bridge shuts down */
  shutdown: 1001,
  /** the hello carried a token other than the bridge's pairing token */
  badToken: 4001,
  /** the hello (or the welcome, seen from the extension) names another protocol version */
  badVersion: 4002,
  /** no hello within the bridge's hello timeout */
  helloTimeout: 4003,
  /** reserved: peer silent */
  silent: 4004,
  /** the first frame was not a valid envelope, or not a hello */
  protocolError: 4005,
  /**
   * this address failed to pair too often and must wait (bridge/link/pairing-guard.ts); closed right
   * after the upgrade, before any token is read. The reason starts with the wait: throttledReason.
   */
  throttled: 4006,

  // extension → bridge (the extension's own reasons to close)
  /** no welcome within the extension's welcome timeout */
  noWelcome: 4010,
  /** keepalive: the bridge stopped answering */
  bridgeSilent: 4011,
  /** the bridge URL or token changed in the settings */
  restart: 4012,
  /** the listener did not prove it knows the pairing token (a wrong `challenge`, or a `welcome` without one) */
  unprovenBridge: 4013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The reason of a `throttled` close. A browser WebSocket never sees an HTTP status, so a 429 on
 * the upgrade would look to the extension like no bridge at all: the wait travels in the close
 * reason instead, seconds first so the extension can read them back (throttledSeconds).
 */
export function throttledReason(seconds: number): string {
  return `retry in ${seconds} s: too many failed pairing attempts from this address`;
}

/** The wait a `throttled` close asks for, or null when the reason is not throttledReason's. */
export function throttledSeconds(reason: string): number | null {
  const match = /^retry in (\d{1,6}) s\b/.exec(reason);
  return match ? Number(match[1]) : null;
}
