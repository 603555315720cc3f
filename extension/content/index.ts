/**
 * Content script (ISOLATED world, document_start) of every aistudio.google.com tab. It
 * connects the network tap's channel at once (before page scripts run), reports the tab to the
 * service worker (`tab.hello`, `tab.models`) and only drives the page after the worker said
 * `tab.role: worker` — the person's own AI Studio tabs are never touched. The state lives in
 * app.ts; this file only wires the real browser objects in. See README.md.
 */
import { createContentApp } from './app.ts';

createContentApp({
  document,
  location,
  runtime: chrome.runtime,
  clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) },
  storage: { session: sessionStorage, local: localStorage },
});
