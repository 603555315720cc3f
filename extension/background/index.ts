import { WorkerApp } from './app.ts';
import { realChromeApi } from './chrome-api.ts';
import { realClock } from './clock.ts';
import { requestPairing } from './native.ts';
import { openBrowserSocket } from './socket.ts';
import { ext } from '../lib/browser.ts';
import { PopupRequest, type PopupResponse } from '../lib/status.ts';

/**
 * Background entry (Chrome's service worker, Firefox's event page). Every listener is registered
 * synchronously on the first turn: Chrome only delivers events to listeners that exist when the
 * script finishes its first run, and a worker that registers no onInstalled/onStartup listener is
 * never started at all after --load-extension (docs/chrome-extension.md#service-worker-lifetime,
 * checked on this project's Chromium).
 */
const WAKE_ALARM = 'bridge-link-wake';
const log = (message: string): void => console.info(`[aistudio-bridge] ${message}`);

const app = new WorkerApp({
  chrome: realChromeApi(),
  openSocket: openBrowserSocket,
  clock: realClock,
  random: Math.random,
  requestPairing,
  userAgent: navigator.userAgent,
  log,
});

ext.runtime.onInstalled.addListener(() => void app.onInstalled());
ext.runtime.onStartup.addListener(() => void app.onStartup());

// The alarm wakes a suspended worker (and so the link) at least every 30 s; its listener only
// needs to exist: the top-level start() below already runs on every wake-up.
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WAKE_ALARM) app.wake();
});
void ext.alarms.get(WAKE_ALARM).then((existing) => {
  if (!existing) void ext.alarms.create(WAKE_ALARM, { periodInMinutes: 0.5 });
});

ext.runtime.onConnect.addListener((port) => app.onConnect(port));

ext.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (response: PopupResponse) => void) => {
  // Only the extension's own pages (the popup) may steer the pool: content scripts run in pages
  // whose URL is the web page's, and they talk over their Port anyway.
  if (sender.id !== ext.runtime.id || !sender.url?.startsWith(ext.runtime.getURL(''))) return false;
  const parsed = PopupRequest.safeParse(message);
  if (!parsed.success) return false;
  app
    .onPopupRequest(parsed.data)
    .then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
  return true; // answer asynchronously
});

ext.tabs.onRemoved.addListener((tabId) => void app.onTabRemoved(tabId));
ext.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url) void app.onTabUrlChanged(tabId, change.url);
  if (change.status) void app.onTabStatus(tabId, change.status);
});
ext.storage.onChanged.addListener((_changes, area) => {
  if (area === 'local') void app.onSettingsChanged();
});

void app.start();
