import { CHANNEL } from '../page/records.ts';
import { TapEnvelope, TapRecord } from './tap-records.ts';

/**
 * The content script's end of the private channel to the MAIN-world tap (handshake described
 * in extension/page/channel.ts). Call at document_start, synchronously, before page scripts run.
 */
export interface TapFeed {
  /** deliver every valid record to `listener` until `signal` aborts */
  subscribe(listener: (record: TapRecord) => void, signal: AbortSignal): void;
  /** true once the tap handed over its channel */
  readonly connected: boolean;
  /**
   * A GenerateContent request of the page is open (started, not yet done or failed): the page is
   * running, whatever its buttons say. Tracked from the first record on, for the page's lifetime.
   */
  readonly running: boolean;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function connectTap(doc: Document = document): TapFeed {
  const nonce = randomNonce();
  const listeners = new Set<(record: TapRecord) => void>();
  const open = new Set<number>();
  let node: EventTarget | null = null;

  const onRecord = (event: Event): void => {
    if (!(event instanceof CustomEvent) || typeof event.detail !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(event.detail);
    } catch {
      return;
    }
    const envelope = TapEnvelope.safeParse(raw);
    if (!envelope.success || envelope.data.nonce !== nonce) return;
    const record = TapRecord.safeParse(envelope.data.record);
    if (!record.success) return;
    const r = record.data;
    if (r.t === 'rpc.start') open.add(r.rpc);
    else if (r.t === 'rpc.done' || r.t === 'rpc.error') open.delete(r.rpc);
    for (const listener of listeners) listener(record.data);
  };

  const onOffer = (event: Event): void => {
    // First offer wins: the tap's offer at document_start precedes any page script.
    const target = (event as MouseEvent).relatedTarget;
    if (node || !target) return;
    node = target;
    doc.removeEventListener(CHANNEL.offer, onOffer, true);
    node.addEventListener(CHANNEL.record, onRecord);
    node.dispatchEvent(new CustomEvent(CHANNEL.claim, { detail: nonce }));
  };

  doc.addEventListener(CHANNEL.offer, onOffer, true);
  // If the tap ran first it already offered; ask it to offer again (synchronous round trip).
  doc.dispatchEvent(new CustomEvent(CHANNEL.ask));

  return {
    subscribe(listener, signal) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
    get connected() {
      return node !== null;
    },
    get running() {
      return open.size > 0;
    },
  };
}
