import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { accountLabel } from '../../protocol/account.ts';
import { CloseCode } from '../../protocol/close-codes.ts';
import { BEYOND_TEXT_FEATURE } from '../../protocol/job-extras.ts';
import { decodeImageFrame, IMAGE_PIECES_FEATURE } from '../../protocol/image-frame.ts';
import { encode, parseEnvelope } from '../../protocol/envelope.ts';
import type { MessageData, MessageType, TabLoad } from '../../protocol/messages.ts';
import type { SelectorOverrides, TabPageReport } from '../../protocol/selector-overrides.ts';
import {
  bridgeAccepts,
  describeRefusal,
  formatRefusal,
  PROTOCOL_VERSION,
  type VersionRefusal,
} from '../../protocol/version.ts';
import type { Logger } from '../logger.ts';
import type { ModelRegistry } from '../models/registry.ts';
import type { JobPool } from '../pool/pool.ts';
import type { LinkPort } from '../pool/types.ts';
import type { Timers } from '../timers.ts';
import { BRIDGE_VERSION } from '../version.ts';
import type { AdmittedJob } from '../pool/admission.ts';
import { jobStartFrame } from './frames.ts';
import { bridgeNonce, proofFor, proofMatches } from './proof.ts';

/** Longest a slow client may hold the extension's socket unread (see throttle). */
export const MAX_PAUSE_MS = 2_000;

export interface ConnectionDeps {
  token: string;
  pool: JobPool;
  models: ModelRegistry;
  logger: Logger;
  timers: Timers;
  heartbeatMs: number;
  helloTimeoutMs?: number;
  /** version check outcomes, for /health (ExtensionLinkServer keeps the last refusal) */
  versions?: { refused(refusal: VersionRefusal): void; accepted(): void };
  /** sent after every welcome (empty: none), so a bridge restart without the file clears them */
  selectorOverrides?: SelectorOverrides;
  /** when set (a moz-extension:// Origin, which carries no id), hello must announce one of these ids */
  announcedIdIn?: readonly string[];
  /** a peer presented a wrong pairing token (close 4001, nothing else): counted per address by the link server */
  onPairingFailed?: () => void;
  onPaired?: () => void;
}

export interface ConnectionInfo {
  id: string;
  extensionVersion: string | null;
  userAgent: string | null;
  pairedVia: string | null;
  connectedAt: number;
  /** the account label from proof (reduced again: never a full address in logs) */
  account: string | null;
  /** the account's identity from proof (a keyed hash computed in the page; protocol/account.ts) */
  accountId: string | null;
}

/**
 * One extension (one browser profile) connected at /extension. Nothing but `hello` is accepted
 * until the token and protocol version match; after `welcome` its tabs join the pool.
 */
export class ExtensionConnection implements LinkPort {
  readonly info: ConnectionInfo;
  /** page load state of this browser's worker tabs, also those that never registered (/health) */
  readonly tabLoads = new Map<string, TabLoad>();
  private paired = false;
  /** the hello and this bridge's nonce, between `challenge` and the extension's `proof` */
  private challenged: { hello: MessageData<'hello'> & { nonce: string }; nonce: string } | null = null;
  private reportSeq = 0;
  private readonly reports = new Map<string, (tabs: TabPageReport[]) => void>();
  private readonly reportsInFlight = new Map<'report' | 'skeleton', Promise<TabPageReport[]>>();
  private lastFrameAt: number;
  private helloTimer: unknown;
  private pingTimer: unknown;
  /** jobs whose clients are behind (see throttle) */
  private readonly throttled = new Set<string>();
  private pauseTimer: unknown = undefined;
  private pauseSpent = false;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.lastFrameAt = deps.timers.now();
    this.info = {
      id,
      extensionVersion: null,
      userAgent: null,
      pairedVia: null,
      connectedAt: this.lastFrameAt,
      account: null,
      accountId: null,
    };
    this.helloTimer = deps.timers.setTimeout(
      () => this.close(CloseCode.helloTimeout, 'no hello'),
      deps.helloTimeoutMs ?? 10_000,
    );
    ws.on('message', (raw, isBinary) => {
      try {
        if (isBinary) this.onImageFrame(raw as Buffer);
        else this.onFrame(raw.toString());
      } catch (err) {
        // Last resort: an exception here would otherwise escape the socket and end the process.
        deps.logger.error('internal error while handling a frame from the extension', {
          connection: id,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
      }
    });
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => deps.logger.debug('extension socket error', { connection: id, error: err.message }));
  }

  get account(): string | undefined {
    return this.info.account ?? undefined;
  }

  get accountId(): string | undefined {
    return this.info.accountId ?? undefined;
  }

  /** what the extension said it does beyond its protocol's first release (hello.features) */
  features: ReadonlySet<string> = new Set();

  get isPaired(): boolean {
    return this.paired;
  }

  startJob(tabId: string, jobId: string, job: AdmittedJob): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(jobStartFrame(jobId, tabId, job.json));
    return true;
  }

  cancelJob(jobId: string, reason: string): void {
    this.throttle(jobId, false);
    this.send('job.cancel', { jobId, reason });
  }

  /**
   * doctor --page: every worker tab's page report (or page skeleton); [] when the extension does
   * not answer in time. One report of each kind in flight per extension: a caller that asks
   * meanwhile shares it, so no number of requests makes the tabs walk their DOM more than once at
   * a time.
   */
  requestPageReport(timeoutMs: number, skeleton = false): Promise<TabPageReport[]> {
    const kind = skeleton ? 'skeleton' : 'report';
    const inFlight = this.reportsInFlight.get(kind);
    if (inFlight) return inFlight;
    const asked = this.askPageReport(timeoutMs, skeleton).finally(() => this.reportsInFlight.delete(kind));
    this.reportsInFlight.set(kind, asked);
    return asked;
  }

  private askPageReport(timeoutMs: number, skeleton: boolean): Promise<TabPageReport[]> {
    const requestId = `r${++this.reportSeq}`;
    return new Promise((resolve) => {
      const timer = this.deps.timers.setTimeout(() => finish([]), timeoutMs);
      const finish = (tabs: TabPageReport[]): void => {
        this.deps.timers.clearTimeout(timer);
        this.reports.delete(requestId);
        resolve(tabs);
      };
      this.reports.set(requestId, finish);
      if (!this.send('page.report.request', { requestId, ...(skeleton ? { skeleton } : {}) })) finish([]);
    });
  }

  /**
   * "Stop pulling" for a client that is behind: frames stay in the socket (TCP pushes back on the
   * extension) until the client drains. Every tab of this browser shares the socket, so one pause
   * lasts at most MAX_PAUSE_MS while the same clients stay behind; a client that still does not
   * read then runs into its response's unsent-bytes cap and its job is cancelled.
   */
  throttle(jobId: string, on: boolean): void {
    if (on) this.throttled.add(jobId);
    else if (!this.throttled.delete(jobId)) return;
    if (this.throttled.size === 0) {
      this.deps.timers.clearTimeout(this.pauseTimer);
      this.pauseTimer = undefined;
      this.pauseSpent = false;
      if (this.ws.isPaused) this.ws.resume();
    } else if (!this.pauseSpent && !this.ws.isPaused) {
      this.ws.pause();
      this.pauseTimer = this.deps.timers.setTimeout(() => {
        this.pauseSpent = true;
        this.ws.resume();
      }, MAX_PAUSE_MS);
    }
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private send<T extends MessageType>(type: T, data: MessageData<T>): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(encode(type, data));
    return true;
  }

  /** A piece of a generated image (protocol/image-frame.ts), after pairing only. */
  private onImageFrame(raw: Buffer): void {
    this.lastFrameAt = this.deps.timers.now();
    if (!this.paired) return this.close(CloseCode.protocolError, 'first frame must be a hello');
    const frame = decodeImageFrame(raw);
    if (!frame.ok) {
      this.deps.logger.warn('bad frame from extension', { connection: this.id, error: frame.error });
      this.send('error', { code: 'protocol', message: frame.error });
      // The rest of that image must not arrive with a hole in it.
      const last = frame.last ?? false;
      const refused = { kind: 'image_piece', mimeType: '', data: new Uint8Array(), last, refused: true } as const;
      if (frame.jobId) this.deps.pool.jobEvent(this, frame.jobId, refused);
      return;
    }
    this.deps.pool.jobEvent(this, frame.jobId, frame.piece);
  }

  private onFrame(raw: string): void {
    this.lastFrameAt = this.deps.timers.now();
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) {
      this.deps.logger.warn('bad frame from extension', { connection: this.id, error: parsed.error });
      // Not a token problem: closing with badToken would make the extension pair again for nothing.
      if (!this.paired) this.close(CloseCode.protocolError, 'first frame must be a hello');
      else this.send('error', { code: 'protocol', message: parsed.error });
      return;
    }
    const { message } = parsed;
    if (!this.paired) {
      if (this.challenged) {
        if (message.type !== 'proof') return this.close(CloseCode.protocolError, 'the answer to challenge is proof');
        return this.onProof(message.data.proof, message.data.account, message.data.accountId);
      }
      if (message.type !== 'hello') return this.close(CloseCode.protocolError, 'first frame must be a hello');
      return this.onHello(message.data);
    }
    const { pool } = this.deps;
    switch (message.type) {
      case 'job.event':
        return pool.jobEvent(this, message.data.jobId, message.data.event);
      case 'tab.ready':
        return pool.tabReady(this, message.data);
      case 'tab.busy':
        return pool.tabBusy(this, message.data.tabId);
      case 'tab.gone':
        return pool.tabGone(this, message.data.tabId, message.data.reason);
      case 'page.report':
        return this.reports.get(message.data.requestId)?.(message.data.tabs);
      case 'tab.load':
        if (message.data.state === 'closed') this.tabLoads.delete(message.data.tabId);
        else this.tabLoads.set(message.data.tabId, message.data);
        return;
      case 'models':
        return this.deps.models.report(message.data.models);
      case 'account':
        this.info.account = accountLabel(message.data.label) || this.info.account;
        this.info.accountId = message.data.id ?? this.info.accountId;
        this.deps.logger.info('extension account named', { connection: this.id, account: this.info.account });
        return;
      case 'ping':
        this.send('pong', { t: message.data.t });
        return;
      case 'pong':
        return;
      case 'error':
        this.deps.logger.warn('extension reported an error', { connection: this.id, ...message.data });
        return;
      default:
        this.send('error', {
          code: 'protocol',
          message: `"${message.type}" is not sent by an extension`,
          about: message.id,
        });
    }
  }

  /**
   * Protocol 2: the hello carries a nonce, never the token. The bridge answers with its own nonce
   * and its proof first, so the extension tells a listener that is not this bridge nothing more.
   */
  private onHello(hello: MessageData<'hello'>): void {
    const refusal = bridgeAccepts(
      { protocolVersion: PROTOCOL_VERSION, version: BRIDGE_VERSION },
      { protocolVersion: hello.protocolVersion, version: hello.extensionVersion },
    );
    // A protocol-1 extension sends the token itself: checked (as before) only to tell its owner
    // which side to update; a wrong one still counts as a failed pairing.
    if (hello.token !== undefined) {
      if (!sameSecret(hello.token, this.deps.token)) return this.refusePairing('bad pairing token');
      if (!refusal) return this.close(CloseCode.protocolError, 'protocol 2 proves the token, never sends it');
    }
    if (refusal) {
      this.deps.logger.warn(describeRefusal(refusal), { connection: this.id });
      this.deps.versions?.refused(refusal);
      return this.close(CloseCode.badVersion, formatRefusal(refusal));
    }
    if (hello.nonce === undefined) return this.close(CloseCode.protocolError, 'hello needs a nonce');
    const nonce = bridgeNonce();
    this.challenged = { hello: { ...hello, nonce: hello.nonce }, nonce };
    this.send('challenge', { nonce, proof: proofFor(this.deps.token, 'bridge', [hello.nonce, nonce]) });
  }

  private onProof(proof: string, account: string | undefined, accountId: string | undefined): void {
    const { hello, nonce } = this.challenged!;
    this.challenged = null;
    if (!proofMatches(this.deps.token, 'extension', [hello.nonce, nonce], proof))
      return this.refusePairing('bad pairing token');
    const pinned = this.deps.announcedIdIn;
    if (pinned && !pinned.some((id) => id === hello.extensionId)) {
      this.deps.logger.warn('refused a Firefox add-on that is not AI Studio Bridge', {
        connection: this.id,
        extensionId: hello.extensionId ?? null,
      });
      return this.close(
        CloseCode.protocolError,
        'only the AI Studio Bridge add-on may connect (another build? start with --extension-id <id>)',
      );
    }
    this.deps.versions?.accepted();
    this.deps.timers.clearTimeout(this.helloTimer);
    this.features = new Set(hello.features ?? []);
    this.paired = true;
    this.deps.onPaired?.();
    Object.assign(this.info, {
      extensionVersion: hello.extensionVersion,
      userAgent: hello.userAgent ?? null,
      pairedVia: hello.pairedVia ?? null,
      account: account ? accountLabel(account) || null : null,
      accountId: accountId ?? null,
    });
    this.send('welcome', {
      protocolVersion: PROTOCOL_VERSION,
      bridgeVersion: BRIDGE_VERSION,
      features: [BEYOND_TEXT_FEATURE, IMAGE_PIECES_FEATURE],
    });
    this.send('selectors', { overrides: this.deps.selectorOverrides ?? {} });
    this.deps.pool.connectionOpened(this);
    this.deps.logger.info('extension connected', {
      connection: this.id,
      version: hello.extensionVersion,
      account: this.info.account,
    });
    this.schedulePing();
  }

  private refusePairing(reason: string): void {
    this.deps.onPairingFailed?.();
    this.close(CloseCode.badToken, reason);
  }

  /** Pings keep the MV3 service worker alive; a peer silent for 3 intervals is dropped. */
  private schedulePing(): void {
    const every = this.deps.heartbeatMs;
    this.pingTimer = this.deps.timers.setTimeout(() => {
      if (this.deps.timers.now() - this.lastFrameAt > every * 3) return this.ws.terminate();
      this.send('ping', { t: this.deps.timers.now() });
      this.schedulePing();
    }, every);
  }

  private onClose(): void {
    for (const finish of [...this.reports.values()]) finish([]);
    this.deps.timers.clearTimeout(this.helloTimer);
    this.deps.timers.clearTimeout(this.pauseTimer);
    this.throttled.clear();
    this.deps.timers.clearTimeout(this.pingTimer);
    if (!this.paired) return;
    this.paired = false;
    this.deps.pool.connectionClosed(this);
    this.deps.logger.info('extension disconnected', { connection: this.id });
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
