import {
  CloseCode,
  throttledSeconds,
  PROTOCOL_VERSION,
  encode,
  extensionAccepts,
  formatRefusal,
  parseEnvelope,
  type Envelope,
  type MessageData,
  type MessageType,
  newNonce,
  signProof,
  verifyProof,
} from '../../protocol/index.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { bridgeTakes } from './bridge-features.ts';
import { imageFramesOf } from './image-pieces.ts';
import { COUNT_TOKENS_FEATURE } from '../../protocol/token-count.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { Keepalive } from './keepalive.ts';
import type { PairedVia } from '../lib/settings.ts';
import { SOCKET_OPEN, type OpenSocket, type SocketLike } from './socket.ts';
import type { LinkReason, LinkStatus } from '../lib/status.ts';

const UNPROVEN = 'the listener did not prove it knows the pairing token';

/** the wait after a `throttled` close whose reason names none (the bridge's first block is 30 s) */
const THROTTLE_FALLBACK_S = 30;

export interface Credentials {
  bridgeUrl: string;
  token: string;
  pairedVia: PairedVia;
  /** the account label sent in `proof`, once the bridge proved it knows the token ('' = none) */
  account?: string;
  /** the account's identity (a keyed hash), sent in `proof` with the label ('' = none) */
  accountId?: string;
}

export interface LinkDeps {
  openSocket: OpenSocket;
  clock: Clock;
  random: () => number;
  credentials: () => Promise<Credentials>;
  /** the bridge rejected the token: try to pair again; true when new credentials were stored */
  repair: () => Promise<boolean>;
  extensionVersion: string;
  /** runtime.id: the bridge pins it for Firefox, whose Origin (moz-extension://<uuid>) names no id */
  extensionId?: string;
  userAgent?: string;
  /** frames from the bridge after the handshake (job.start, job.cancel, error) */
  onMessage: (message: Envelope) => void;
  /** the handshake completed: announce tabs and models */
  onReady: () => void;
  /** a welcomed link closed: the bridge has failed every job it sent and forgotten every tab */
  onLost: () => void;
  onStatus: (status: LinkStatus) => void;
  log: (message: string) => void;
  backoff?: BackoffPolicy;
  welcomeTimeoutMs?: number;
}

/**
 * The service worker's one WebSocket to the bridge: hello/welcome handshake, keepalive, and
 * reconnect with jittered exponential backoff. `wake()` is safe to call at any time (startup,
 * alarm tick, settings change): it connects now unless a connection exists or is being made.
 */
export class BridgeLink {
  private socket: SocketLike | null = null;
  private welcomed = false;
  /** this socket's hello nonce, and whether the peer proved it knows the token (protocol/pairing-proof.ts) */
  private handshake: { nonce: string; proven: boolean } | null = null;
  /** what the bridge said it takes beyond protocol 1's first release (welcome.features) */
  private bridgeFeatures: ReadonlySet<string> = new Set();
  private connecting = false;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private welcomeTimer: TimerHandle | null = null;
  private readonly keepalive: Keepalive;
  private creds: Credentials = { bridgeUrl: '', token: '', pairedVia: 'unknown' };

  constructor(private readonly deps: LinkDeps) {
    this.keepalive = new Keepalive(
      deps.clock,
      (t) => this.send('ping', { t }),
      () => this.drop(CloseCode.bridgeSilent, 'keepalive: bridge silent'),
    );
  }

  get ready(): boolean {
    return this.welcomed && this.socket?.readyState === SOCKET_OPEN;
  }

  wake(): void {
    if (this.socket || this.connecting) return;
    this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  /** credentials changed: drop the current socket (if any) and connect again right away */
  restart(): void {
    this.attempt = 0;
    if (this.socket) this.drop(CloseCode.restart, 'settings changed', true);
    else this.wake();
  }

  /** Send after the handshake; false when the link is not ready (the caller decides what to do). */
  send<T extends MessageType>(type: T, data: MessageData<T>): boolean {
    if (!this.ready || !this.socket) return false;
    if (!bridgeTakes(this.bridgeFeatures, type, data)) return true;
    const images = imageFramesOf(this.bridgeFeatures, type, data);
    if (images) for (const frame of images) this.socket.send(frame);
    else this.socket.send(encode(type, data));
    return true;
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    try {
      this.creds = await this.deps.credentials();
    } catch (error) {
      this.connecting = false;
      return this.scheduleRetry('bridge_unreachable', `could not read the settings: ${String(error)}`);
    }
    this.connecting = false;
    if (this.socket) return;
    if (!this.creds.token) {
      // Nothing to try until a token is pasted or paired; the settings listener calls restart().
      this.status(
        'disconnected',
        'no_token',
        'Paste the pairing token from the bridge (npx aistudio-bridge pairing).',
        null,
      );
      return;
    }
    let socket: SocketLike;
    try {
      socket = this.deps.openSocket(this.creds.bridgeUrl);
    } catch (error) {
      this.status('disconnected', 'bridge_unreachable', `bad bridge URL: ${String(error)}`, null);
      this.scheduleRetry('bridge_unreachable', String(error));
      return;
    }
    this.socket = socket;
    let opened = false;
    this.status('connecting', null, null, null);
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      // Protocol 2: no token and no account label until the peer proved it knows the token.
      this.handshake = { nonce: newNonce(), proven: false };
      socket.send(
        encode('hello', {
          protocolVersion: PROTOCOL_VERSION,
          nonce: this.handshake.nonce,
          extensionVersion: this.deps.extensionVersion,
          userAgent: this.deps.userAgent,
          pairedVia: this.creds.pairedVia,
          extensionId: this.deps.extensionId,
          features: [COUNT_TOKENS_FEATURE],
        }),
      );
      this.welcomeTimer = this.deps.clock.setTimeout(
        () => this.drop(CloseCode.noWelcome, 'no welcome from the bridge'),
        this.deps.welcomeTimeoutMs ?? 10_000,
      );
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onFrame(event.data);
    };
    socket.onerror = () => undefined; // onclose follows and carries the code
    socket.onclose = (event) => {
      if (this.socket === socket) void this.onClosed(event.code, event.reason, opened);
    };
  }

  private onFrame(data: unknown): void {
    this.keepalive.heard();
    const parsed = parseEnvelope(typeof data === 'string' ? data : '');
    if (!parsed.ok) {
      this.deps.log(`bridge frame ignored: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    if (!this.welcomed) {
      if (message.type === 'challenge') return void this.onChallenge(message.data);
      if (message.type !== 'welcome') return this.deps.log(`frame before welcome ignored: ${message.type}`);
      // A welcome from a peer that never proved the token is a listener pretending to be the bridge.
      if (!this.handshake?.proven) return this.drop(CloseCode.unprovenBridge, UNPROVEN);
      this.deps.clock.clearTimeout(this.welcomeTimer);
      const refusal = extensionAccepts(
        { protocolVersion: message.data.protocolVersion, version: message.data.bridgeVersion },
        { protocolVersion: PROTOCOL_VERSION, version: this.deps.extensionVersion },
      );
      if (refusal) return this.drop(CloseCode.badVersion, formatRefusal(refusal));
      this.welcomed = true;
      this.bridgeFeatures = new Set(message.data.features ?? []);
      this.attempt = 0;
      this.keepalive.start();
      this.status('connected', null, null, message.data.bridgeVersion);
      this.deps.onReady();
      return;
    }
    if (message.type === 'ping') this.send('pong', { t: message.data.t });
    else if (message.type !== 'pong' && message.type !== 'welcome') this.deps.onMessage(message);
  }

  /** The bridge's proof first; only then ours, with the account label. */
  private async onChallenge(challenge: MessageData<'challenge'>): Promise<void> {
    const socket = this.socket;
    const handshake = this.handshake;
    if (!socket || !handshake || handshake.proven) return this.drop(CloseCode.unprovenBridge, UNPROVEN);
    const { token, account, accountId } = this.creds;
    const nonces = [handshake.nonce, challenge.nonce];
    const proven = await verifyProof(token, 'bridge', nonces, challenge.proof).catch(() => false);
    if (this.socket !== socket) return;
    if (!proven) return this.drop(CloseCode.unprovenBridge, UNPROVEN);
    handshake.proven = true;
    const proof = await signProof(token, 'extension', nonces);
    if (this.socket !== socket || socket.readyState !== SOCKET_OPEN) return;
    socket.send(encode('proof', { proof, ...(account ? { account } : {}), ...(accountId ? { accountId } : {}) }));
  }

  /** Close from our side and handle it as closed now: a dead TCP link may never deliver onclose. */
  private drop(code: number, reason: string, immediate = false): void {
    const socket = this.socket;
    if (!socket) return;
    const opened = socket.readyState === SOCKET_OPEN;
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
    void this.onClosed(code, reason, opened, immediate);
  }

  private async onClosed(code: number, reason: string, opened: boolean, immediate = false): Promise<void> {
    const wasWelcomed = this.welcomed;
    const socket = this.socket;
    if (socket) socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    this.socket = null;
    this.handshake = null;
    this.welcomed = false;
    this.keepalive.stop();
    this.deps.clock.clearTimeout(this.welcomeTimer);
    this.deps.log(`bridge link closed (${code}${reason ? `: ${reason}` : ''})`);
    if (wasWelcomed) this.deps.onLost();
    if (immediate) return this.wake();
    if (code === CloseCode.badToken) {
      if (await this.deps.repair()) return this.wake();
      return this.scheduleRetry('bad_token', 'The bridge rejected the pairing token: paste the current one.');
    }
    // The peer could not prove our token: our token may be stale (ask the native host for the
    // current one), or the port is held by something that is not the bridge (told nothing).
    if (code === CloseCode.unprovenBridge) {
      if (await this.deps.repair()) return this.wake();
      return this.scheduleRetry('bridge_unproven', `${UNPROVEN} at ${this.creds.bridgeUrl}`);
    }
    // Too many wrong tokens from this machine: the bridge says how long to wait. Pairing again
    // now would only count as one more failure, so the next attempt comes when the wait ends.
    if (code === CloseCode.throttled) {
      const seconds = throttledSeconds(reason) ?? THROTTLE_FALLBACK_S;
      return this.scheduleRetry('pairing_throttled', reason, seconds * 1000);
    }
    if (code === CloseCode.badVersion)
      return this.scheduleRetry(
        'version_mismatch',
        reason || 'protocol version mismatch: update the bridge or the extension',
      );
    // The bridge could not read our hello: the token may be fine, so pairing again would not help.
    if (code === CloseCode.protocolError) {
      return this.scheduleRetry(
        'version_mismatch',
        `the bridge did not understand this extension (${reason || 'protocol error'}): update the bridge or the extension`,
      );
    }
    if (!opened)
      return this.scheduleRetry('bridge_unreachable', `No bridge at ${this.creds.bridgeUrl}: is it running?`);
    if (wasWelcomed) this.attempt = 0; // a link that worked retries fast first
    this.scheduleRetry('connection_lost', reason || `closed with code ${code}`);
  }

  private scheduleRetry(reason: LinkReason, detail: string, fixedDelayMs?: number): void {
    const delay = fixedDelayMs ?? backoffDelay(this.attempt++, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF);
    const at = this.deps.clock.now() + delay;
    this.status('disconnected', reason, detail, null, at);
    this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, delay);
  }

  private status(
    state: LinkStatus['state'],
    reason: LinkReason | null,
    detail: string | null,
    bridgeVersion: string | null,
    nextRetryAt: number | null = null,
  ): void {
    this.deps.onStatus({
      state,
      reason,
      detail,
      bridgeVersion,
      nextRetryAt,
      bridgeUrl: this.creds.bridgeUrl,
      pairedVia: this.creds.pairedVia,
      since: this.deps.clock.now(),
    });
  }
}
