/**
 * Content script (ISOLATED world, document_start) of every aistudio.google.com tab. It
 * connects the network tap's channel at once (before page scripts run), reports the tab to the
 * service worker (`tab.hello`, `tab.models`) and only drives the page after the worker said
 * `tab.role: worker` — the person's own AI Studio tabs are never touched. The state lives in
 * app.ts; this file only wires the real browser objects in. See README.md.
 */
import { ext } from '../lib/browser.ts';
import { createContentApp } from './app.ts';
import { BANNER_TEXT, showBanner } from './banner.ts';

createContentApp({
  document,
  location,
  runtime: ext.runtime,
  clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) },
  storage: { session: sessionStorage, local: localStorage },
  // i18n.getMessage is synchronous in both browsers; '' when the key is missing
  page: { banner: (signal) => showBanner(signal, document, ext.i18n.getMessage('bannerText') || BANNER_TEXT) },
});
