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

  // extension → bridge (the extension's own reasons to close)
  /** no welcome within the extension's welcome timeout */
  noWelcome: 4010,
  /** keepalive: the bridge stopped answering */
  bridgeSilent: 4011,
  /** the bridge URL or token changed in the settings */
  restart: 4012,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
