import { CHANNEL, type TapRecord } from './records.ts';

/**
 * The tap's end of the private channel to the content script (MAIN world side).
 *
 * Why not plain `window.postMessage` with a nonce: every page script sees every message event,
 * so the nonce leaks with the first record and the page could forge records from then on.
 * Instead the two worlds share a *detached* DOM node that page scripts never get a reference to:
 *
 * 1. At document_start the tap creates the node and "offers" it: a MouseEvent dispatched
 *    synchronously on `document` whose `relatedTarget` is the node (a DOM attribute, so it
 *    crosses worlds; CustomEvent.detail objects do not). If the content script started first it
 *    is already listening; if it starts second it dispatches `ask` and the tap offers again.
 * 2. The content script takes the node from the first offer, creates a random nonce and
 *    dispatches `claim` (detail = nonce) on the node. The first claim wins; the tap then stops
 *    offering, so nobody can obtain the node later.
 * 3. Records are CustomEvents on the node with detail = JSON `{nonce, record}`; the content
 *    script checks the nonce and validates with zod.
 *
 * Both content scripts run at document_start before any page script, and the handshake is
 * synchronous, so with manifest injection no page code can observe it. Trade-off: when the
 * scripts are injected late (chrome.scripting into a tab open before the extension loaded) a
 * page listener registered in advance for these event names could grab the node and claim
 * first; the content script then receives no records and falls back to reading the DOM, and the
 * nonce still stops forged records reaching a content script that did claim. The page's own
 * scripts could always tamper with a MAIN-world script anyway; this design only makes forging
 * non-trivial, which is all a MAIN-world tap can offer.
 */
export interface TapChannel {
  send(record: TapRecord): void;
}

/** Records produced before the content script claimed the channel (e.g. early ListModels). */
const MAX_BACKLOG = 256;

export function openTapChannel(doc: Document): TapChannel {
  // Captured now, before page scripts run, so later monkey-patching by the page cannot
  // intercept or break the channel.
  const dispatch = EventTarget.prototype.dispatchEvent;
  const listen = EventTarget.prototype.addEventListener;
  const unlisten = EventTarget.prototype.removeEventListener;
  const Custom = CustomEvent;
  const Mouse = MouseEvent;
  const stringify = JSON.stringify;

  const node = doc.createElement('aistudio-bridge-channel');
  let nonce: string | null = null;
  const backlog: TapRecord[] = [];

  const offer = (): void => {
    if (nonce === null) dispatch.call(doc, new Mouse(CHANNEL.offer, { relatedTarget: node }));
  };
  const onClaim = (event: Event): void => {
    if (nonce !== null || !(event instanceof Custom) || typeof event.detail !== 'string' || !event.detail) return;
    nonce = event.detail;
    unlisten.call(doc, CHANNEL.ask, offer);
    for (const record of backlog.splice(0)) post(record);
  };
  const post = (record: TapRecord): void => {
    dispatch.call(node, new Custom(CHANNEL.record, { detail: stringify({ nonce, record }) }));
  };

  listen.call(node, CHANNEL.claim, onClaim);
  listen.call(doc, CHANNEL.ask, offer);
  offer();

  return {
    send(record) {
      if (nonce !== null) post(record);
      else if (backlog.length < MAX_BACKLOG) backlog.push(record);
    },
  };
}
