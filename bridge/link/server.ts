import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import { isAllowedHost } from '../host-check.ts';
import { CloseCode, throttledReason } from '../../protocol/close-codes.ts';
import { describeRefusal, type VersionRefusal } from '../../protocol/version.ts';
import { ExtensionConnection, type ConnectionDeps } from './connection.ts';
import { isLoopbackAddress, normaliseAddress, PairingGuard } from './pairing-guard.ts';
import { RefusalLog } from './refusal-log.ts';

const EXTENSION_PATH = '/extension';
/**
 * Frames from the extension are small (events, model lists) except a generated image, which
 * travels whole in one frame (base64: 4/3 of its size; the page's 4K PNGs stay well under this);
 * this bounds a hostile peer.
 */
const MAX_FRAME_BYTES = 48 * 1024 * 1024;
/** a throttled peer gets this long to answer the close before its socket is cut */
const THROTTLE_CUT_MS = 1_000;

/**
 * The `/extension` WebSocket endpoint. Browsers apply no CORS to WebSockets, so every web page
 * could open ws://127.0.0.1:2048: the Origin must be an extension's (`chrome-extension://…`, or
 * Firefox's `moz-extension://…`, whose announced id is then pinned) and
 * the Host a loopback name before the upgrade is even accepted; the pairing token follows in
 * `hello`. The peer itself must be on this machine (a LAN client can forge Host and Origin, not
 * its address) unless --allow-remote-extensions, and an address that keeps presenting wrong
 * tokens is refused for a while (closed with `throttled` and the wait, see throttle()).
 */
export class ExtensionLinkServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly connections = new Set<ExtensionConnection>();
  private seq = 0;
  /** the last extension refused for its version, until one is accepted (shown by /health) */
  private refusal: { refusal: VersionRefusal; at: number } | null = null;
  private readonly versions = {
    refused: (refusal: VersionRefusal) => (this.refusal = { refusal, at: this.deps.timers.now() }),
    accepted: () => (this.refusal = null),
  };
  private readonly guard: PairingGuard;
  private readonly refusals: RefusalLog;

  constructor(
    private readonly deps: ConnectionDeps & {
      logger: Logger;
      extraHosts: readonly string[];
      extensionIds: readonly string[];
      allowRemote?: boolean;
    },
  ) {
    this.guard = new PairingGuard(deps.timers);
    this.refusals = new RefusalLog(deps.logger, deps.timers);
  }

  /** the pairing token, for the proof /health gives the native host (bridge/http/health-proof.ts) */
  get token(): string {
    return this.deps.token;
  }

  /** Wire to http.Server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node detaches its own listeners from an upgraded socket: a reset after a refusal would
    // otherwise be an uncaught 'error' (the CLI logs a stack; the demo and the benches die).
    socket.on('error', (err) => this.deps.logger.debug('upgrade socket error', { error: err.message }));
    const path = (req.url ?? '').split('?')[0];
    if (path !== EXTENSION_PATH) return reject(socket, 404, 'Not Found');
    if (!isAllowedHost(req.headers.host, this.deps.extraHosts))
      return reject(socket, 403, 'Forbidden: Host is not a loopback name');
    const address = normaliseAddress(req.socket.remoteAddress);
    if (!this.deps.allowRemote && !isLoopbackAddress(address)) {
      this.refusals.warn('refused a WebSocket from another machine', `address ${address}`, { address });
      return reject(
        socket,
        403,
        'Forbidden: the extension must run on this machine (start the bridge with --allow-remote-extensions to accept others)',
      );
    }
    // Only our extension's worker: other extensions (or any page) never get to try a token.
    const origin = req.headers.origin ?? '';
    const id = /^chrome-extension:\/\/([a-p]{32})$/.exec(origin)?.[1];
    // Firefox: moz-extension://<uuid>, random per install, so it cannot be pinned here; the gecko
    // id the extension announces in hello is checked instead (after the token: ExtensionConnection).
    const firefox = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(origin);
    if (!firefox && (!id || !this.deps.extensionIds.includes(id))) {
      this.refusals.warn(
        'refused a WebSocket from an origin that is not the AI Studio Bridge extension',
        `origin ${origin}`,
        { origin },
      );
      return reject(
        socket,
        403,
        'Forbidden: only the AI Studio Bridge extension may connect (another build? start with --extension-id <id>)',
      );
    }
    // Per (address, origin): wrong tokens from another add-on or a local process do not lock out
    // the pinned Chrome extension or another Firefox install (each its own moz-extension uuid).
    const peer = `${address} ${origin}`;
    const wait = this.guard.retryAfterMs(peer);
    if (wait > 0) return this.throttle(req, socket, head, wait);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const pinId = firefox ? this.deps.extensionIds : undefined;
      const onPairingFailed = () => {
        this.guard.failed(peer);
        this.deps.logger.warn('failed pairing attempt', {
          address,
          origin,
          blockedForMs: this.guard.retryAfterMs(peer),
        });
      };
      const connection = new ExtensionConnection(`c${++this.seq}`, ws, {
        ...this.deps,
        versions: this.versions,
        announcedIdIn: pinId,
        onPairingFailed,
        onPaired: () => this.guard.succeeded(peer),
      });
      this.connections.add(connection);
      ws.on('close', () => this.connections.delete(connection));
    });
  }

  /**
   * An address in its pairing back-off: accepted only to be closed with `throttled` and the wait,
   * because a browser's WebSocket reports an HTTP 429 as a plain failure, and the popup would then
   * say no bridge is running. No frame is read. The socket is cut a second later whether or not
   * the peer answered the close, so a hostile peer cannot hold sockets open with this.
   */
  private throttle(req: IncomingMessage, socket: Duplex, head: Buffer, waitMs: number): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // a bad frame from the peer (nothing is read, but ws still parses) must not go uncaught
      ws.on('error', () => undefined);
      ws.close(CloseCode.throttled, throttledReason(Math.ceil(waitMs / 1000)));
      // terminate() after a clean close does nothing, so the timer is never cleared.
      this.deps.timers.setTimeout(() => ws.terminate(), THROTTLE_CUT_MS);
    });
  }

  /** Why the last extension was refused, and which side to update (null when none, or since fixed). */
  versionProblem(): {
    update: VersionRefusal['update'];
    bridge_version: string;
    extension_version: string;
    message: string;
    at: number;
  } | null {
    if (!this.refusal) return null;
    const { refusal, at } = this.refusal;
    return {
      update: refusal.update,
      bridge_version: refusal.bridge.version,
      extension_version: refusal.extension.version,
      message: describeRefusal(refusal),
      at,
    };
  }

  list(): ExtensionConnection[] {
    return [...this.connections].filter((c) => c.isPaired);
  }

  /** Says goodbye to every extension, then cuts whatever did not close within `graceMs`. */
  async close(graceMs = 500): Promise<void> {
    for (const c of this.connections) c.close(CloseCode.shutdown, 'bridge shutting down');
    const deadline = Date.now() + graceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const c of this.connections) c.terminate();
    this.wss.close();
  }
}

/** A complete HTTP answer to an upgrade request. */
function reject(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
