import WebSocket from 'ws';
import { encode, parseEnvelope } from '../../protocol/envelope.ts';
import { EXTENSION_ID } from '../../protocol/extension-id.ts';
import type { JobErrorCode } from '../../protocol/errors.ts';
import type { JobEvent, JobRequest } from '../../protocol/job.ts';
import { IMAGE_PIECES_FEATURE, imageFrames } from '../../protocol/image-frame.ts';
import type { ModelInfo } from '../../protocol/messages.ts';
import { startHandshake } from './handshake.ts';

/**
 * A fake browser extension: a real `ws` client speaking protocol/ to the bridge at /extension,
 * with scripted per-tab behaviour. It records what the bridge asked (job.start, job.cancel) so
 * tests assert on what really crossed the wire.
 */
interface RunningJob {
  jobId: string;
  tabId: string;
  request: JobRequest;
  /** aborted when the bridge sends job.cancel */
  signal: AbortSignal;
  send(event: JobEvent): void;
  /** bytes queued on the WebSocket and not yet sent (for behaviours that send a lot) */
  backlog(): number;
}
export type Behaviour = (job: RunningJob) => void | Promise<void>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams the chunks as text events, then `done`. */
export const streamText =
  (
    chunks: readonly string[],
    opts: {
      delayMs?: number;
      thoughts?: readonly string[];
      model?: string;
      usage?: JobEvent & { kind: 'usage' };
      finishReason?: 'stop' | 'length';
    } = {},
  ): Behaviour =>
  async (job) => {
    job.send({ kind: 'started', ...(opts.model ? { model: opts.model } : {}) });
    for (const t of opts.thoughts ?? []) job.send({ kind: 'thought', text: t });
    for (const chunk of chunks) {
      if (job.signal.aborted) return;
      if (opts.delayMs) await sleep(opts.delayMs);
      job.send({ kind: 'text', text: chunk });
    }
    if (opts.usage) job.send(opts.usage);
    job.send({ kind: 'done', ...(opts.finishReason ? { finishReason: opts.finishReason } : {}) });
  };

/**
 * Sends `totalChars` of text in `chunkChars` pieces as fast as the socket takes them (keeping at
 * most ~1 MiB queued), until done or cancelled: a huge answer for memory and backpressure tests.
 */
export const floodText =
  (totalChars: number, chunkChars = 64 * 1024): Behaviour =>
  async (job) => {
    const chunk = 'x'.repeat(chunkChars);
    job.send({ kind: 'started' });
    for (let sent = 0; sent < totalChars && !job.signal.aborted; sent += chunkChars) {
      job.send({ kind: 'text', text: chunk });
      while (job.backlog() > 1024 * 1024 && !job.signal.aborted) await sleep(1);
    }
    if (!job.signal.aborted) job.send({ kind: 'done' });
  };

/** Answers with the given images (one event each, as the extension sends them), after optional text. */
export const imageAnswer =
  (images: readonly { mimeType: string; data: string }[], text = ''): Behaviour =>
  (job) => {
    job.send({ kind: 'started' });
    if (text) job.send({ kind: 'text', text });
    for (const img of images) job.send({ kind: 'image', ...img });
    job.send({ kind: 'usage', promptTokens: 4, completionTokens: 1290 * images.length });
    job.send({ kind: 'done' });
  };

/** Answers with the prompt it received (lets tests see what the page was asked). */
export const echoPrompt: Behaviour = (job) => {
  job.send({ kind: 'text', text: job.request.prompt });
  job.send({ kind: 'done' });
};

export const failWith =
  (code: JobErrorCode, message: string, afterChunks: readonly string[] = []): Behaviour =>
  (job) => {
    for (const text of afterChunks) job.send({ kind: 'text', text });
    job.send({ kind: 'error', code, message });
  };

export const toolCall =
  (name: string, args: object): Behaviour =>
  (job) => {
    job.send({ kind: 'tool_call', name, arguments: JSON.stringify(args) });
    job.send({ kind: 'done' });
  };

/**
 * Count jobs (request.count) answered as the simulated page counts: one token per
 * whitespace-separated word of the prompt; other jobs go to `otherwise`.
 */
export const countWords =
  (otherwise: Behaviour = streamText(['Hello', ' world'])): Behaviour =>
  (job) => {
    if (job.request.count !== true) return otherwise(job);
    job.send({ kind: 'usage', promptTokens: (job.request.prompt.match(/\S+/g) ?? []).length });
    job.send({ kind: 'done' });
  };

/** Sends the chunks, then nothing: the bridge's timeouts or the client must end it. */
export const stallAfter =
  (chunks: readonly string[] = []): Behaviour =>
  (job) => {
    job.send({ kind: 'started' });
    for (const text of chunks) job.send({ kind: 'text', text });
  };

export interface TabSpec {
  tabId: string;
  model?: string | null;
  behaviour?: Behaviour;
}

export interface PeerOptions {
  token: string;
  tabs?: TabSpec[];
  origin?: string;
  /** announced in hello (a Firefox add-on's id, pinned by the bridge for moz-extension:// origins) */
  extensionId?: string;
  protocolVersion?: number;
  models?: ModelInfo[];
  /** the account label sent in proof (one peer = one browser profile = one account) */
  account?: string;
  /** false: answer the bridge's challenge without checking it (a peer guessing the token) */
  verifyBridge?: boolean;
  /** the account's identity sent in proof (`acct-` + 16 hex digits, as the page computes it) */
  accountId?: string;
  /** announced in hello, e.g. `['count_tokens']` (without it the peer is an extension that cannot count) */
  features?: string[];
  /** answer job.cancel with an error event of code `cancelled` (what the real extension does) */
  confirmCancel?: boolean;
}

export class FakePeer {
  readonly started: Array<{ jobId: string; tabId: string; request: JobRequest }> = [];
  readonly cancels: Array<{ jobId: string; reason: string }> = [];
  /** what scripted behaviours threw (an assertion inside one, say): tests check it stays empty */
  readonly behaviourErrors: unknown[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly aborts = new Map<string, AbortController>();
  private pongWaiters: Array<() => void> = [];

  /** what the bridge's welcome listed */
  private features: ReadonlySet<string> = new Set();

  private constructor(
    readonly ws: WebSocket,
    private readonly opts: PeerOptions,
  ) {
    ws.on('message', (raw) => this.onFrame(String(raw)));
  }

  /** Connects, pairs, announces the tabs and waits until the bridge has processed them. */
  static async connect(baseUrl: string, opts: PeerOptions): Promise<FakePeer> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/extension`, {
      origin: opts.origin ?? `chrome-extension://${EXTENSION_ID}`,
    });
    const peer = new FakePeer(ws, opts);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => startHandshake(ws, opts));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${String(reason)}`)));
      const onWelcome = (raw: WebSocket.RawData) => {
        const parsed = parseEnvelope(String(raw));
        if (parsed.ok && parsed.message.type === 'welcome') {
          peer.features = new Set(parsed.message.data.features ?? []);
          ws.off('message', onWelcome);
          resolve();
        }
      };
      ws.on('message', onWelcome);
    });
    ws.removeAllListeners('close');
    ws.removeAllListeners('error');
    ws.on('error', () => {});
    if (opts.models) ws.send(encode('models', { models: opts.models }));
    for (const tab of opts.tabs ?? []) peer.addTab(tab);
    await peer.sync();
    return peer;
  }

  addTab(tab: TabSpec): void {
    this.behaviours.set(tab.tabId, tab.behaviour ?? streamText(['Hello', ' world']));
    this.send('tab.ready', {
      tabId: tab.tabId,
      url: 'https://aistudio.google.com/prompts/new_chat',
      model: tab.model ?? 'gemini-2.5-pro',
      health: { ok: true, missing: [], checkedAt: Date.now() },
    });
  }

  setBehaviour(tabId: string, behaviour: Behaviour): void {
    this.behaviours.set(tabId, behaviour);
  }

  send<T extends Parameters<typeof encode>[0]>(type: T, data: Parameters<typeof encode<T>>[1]): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encode(type, data));
  }

  /** Resolves once the bridge has handled every frame sent before (it answers ping in order). */
  async sync(): Promise<void> {
    const done = new Promise<void>((resolve) => this.pongWaiters.push(resolve));
    this.send('ping', { t: Date.now() });
    await done;
  }

  async waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > until) throw new Error('FakePeer.waitFor timed out');
      await sleep(5);
    }
  }

  /** Clean close, like a browser shutting down. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((r) => this.ws.once('close', r));
    this.ws.close();
    await closed;
  }

  /** Abrupt loss (service worker killed): no close frame. */
  drop(): void {
    this.ws.terminate();
  }

  private onFrame(raw: string): void {
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) throw new Error(`fake peer got a bad frame: ${parsed.error}`);
    const { message } = parsed;
    if (message.type === 'pong') {
      for (const w of this.pongWaiters.splice(0)) w();
    } else if (message.type === 'ping') {
      this.send('pong', { t: message.data.t });
    } else if (message.type === 'job.start') {
      const { jobId, tabId, request } = message.data;
      this.started.push({ jobId, tabId, request });
      const abort = new AbortController();
      this.aborts.set(jobId, abort);
      const behaviour = this.behaviours.get(tabId) ?? failWith('tab_gone', `unknown tab ${tabId}`);
      const job: RunningJob = {
        jobId,
        tabId,
        request,
        signal: abort.signal,
        // As the extension does: an image goes as pieces to a bridge that takes them.
        send: (event) => {
          if (event.kind !== 'image' || !this.features.has(IMAGE_PIECES_FEATURE))
            return this.send('job.event', { jobId, event });
          for (const frame of imageFrames(jobId, event)) this.ws.send(frame);
        },
        backlog: () => this.ws.bufferedAmount,
      };
      // A behaviour that throws (a failed assertion inside it, say) ends its job at once with the
      // thrown message, so the test fails with that message instead of a timeout.
      void Promise.resolve()
        .then(() => behaviour(job))
        .catch((error: unknown) => {
          this.behaviourErrors.push(error);
          job.send({ kind: 'error', code: 'internal', message: `fake peer behaviour threw: ${String(error)}` });
        });
    } else if (message.type === 'job.cancel') {
      this.cancels.push(message.data);
      this.aborts.get(message.data.jobId)?.abort();
      if (this.opts.confirmCancel !== false)
        this.send('job.event', {
          jobId: message.data.jobId,
          event: { kind: 'error', code: 'cancelled', message: message.data.reason },
        });
    }
  }
}
