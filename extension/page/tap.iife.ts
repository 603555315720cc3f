/**
 * MAIN-world network tap (manifest: world MAIN, run_at document_start, built as a standalone
 * IIFE so it runs before the page's own scripts). Wraps XHR and fetch passively, parses
 * GenerateContent and ListModels traffic and reports records to the content script over the
 * private channel (channel.ts). Must stay self-contained: it imports only extension/page/.
 */
import { openTapChannel } from './channel.ts';
import { tapFetch } from './fetch.ts';
import { tapXhr } from './xhr.ts';

(() => {
  try {
    const channel = openTapChannel(document);
    tapXhr(window, channel);
    tapFetch(window, channel);
  } catch {
    // A tap failure must never break AI Studio; the content script falls back to the DOM.
  }
})();
