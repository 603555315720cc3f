import {
  CONTENT_PORT_NAME,
  contentChannel,
  parseContentMessage,
  type ContentEnvelope,
  type ContentMessageData,
  type ContentMessageType,
} from '../../protocol/content.ts';

/**
 * The Port to the service worker. Chrome closes it when the worker is suspended or restarted
 * (MV3 workers die after 30 s idle), so we reconnect with backoff; connecting wakes the worker.
 * While disconnected, outgoing messages wait in a bounded queue. If the extension itself was
 * reloaded or removed, this script is orphaned (`runtime.id` gone): `onOrphaned` fires
 * and nothing is retried.
 */
export interface WorkerLinkOptions {
  signal: AbortSignal;
  onConnect(): void;
  /** the Port closed under a live script: the worker died, and with it its bridge WebSocket */
  onDisconnect?(): void;
  onMessage(message: ContentEnvelope): void;
  onOrphaned(): void;
  /** ext.runtime (extension/lib/browser.ts) in the browser, a fake in unit tests */
  runtime: typeof chrome.runtime;
  /** the reconnect timer (injected by tests); the global one by default */
  setTimeout?: (fn: () => void, ms: number) => unknown;
}

export interface WorkerLink {
  send<T extends ContentMessageType>(type: T, data: ContentMessageData<T>): void;
}

/** An envelope on its way to the worker (only posted, never read back). */
type Outgoing = { id: string; type: ContentMessageType; data: unknown };

const MAX_QUEUE = 1_000;
const BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000, 10_000];

export function connectWorker(options: WorkerLinkOptions): WorkerLink {
  const runtime = options.runtime;
  const later = options.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const queue: Outgoing[] = [];
  let port: chrome.runtime.Port | null = null;
  let attempt = 0;

  const connect = (): void => {
    if (options.signal.aborted) return;
    if (!runtime?.id) return options.onOrphaned();
    let p: chrome.runtime.Port;
    try {
      p = runtime.connect({ name: CONTENT_PORT_NAME });
    } catch {
      return options.onOrphaned(); // "Extension context invalidated"
    }
    port = p;
    p.onMessage.addListener((raw: unknown) => {
      attempt = 0; // the worker answered: the connection is good
      const parsed = parseContentMessage(raw);
      if (parsed.ok) options.onMessage(parsed.message);
    });
    p.onDisconnect.addListener(() => {
      void runtime.lastError; // read it so Chrome does not log "Unchecked runtime.lastError"
      if (port === p) port = null;
      if (options.signal.aborted) return;
      if (!runtime?.id) return options.onOrphaned();
      options.onDisconnect?.();
      const delay = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)] ?? 10_000;
      later(connect, delay);
    });
    options.onConnect();
    for (const message of queue.splice(0)) p.postMessage(message);
  };

  options.signal.addEventListener('abort', () => port?.disconnect(), { once: true });
  connect();

  return {
    send(type, data) {
      const message: Outgoing = contentChannel.envelope(type, data);
      if (port) {
        try {
          port.postMessage(message);
          return;
        } catch {
          port = null; // disconnected under us: queue and let onDisconnect reconnect
        }
      }
      if (queue.length < MAX_QUEUE) queue.push(message);
    },
  };
}
