/**
 * Test-only service worker standing in for extension/background: it accepts content-script
 * Ports, records every message, and lets the test send messages to a tab. Exposed as
 * `globalThis.fake` for Playwright's worker.evaluate.
 */
interface Entry {
  tabId: number;
  message: unknown;
}

const ports = new Map<number, chrome.runtime.Port>();
const inbox: Entry[] = [];
let counter = 0;

chrome.runtime.onConnect.addListener((port) => {
  const tabId = port.sender?.tab?.id ?? -1;
  ports.set(tabId, port);
  inbox.push({ tabId, message: { type: 'connect', name: port.name } });
  port.onMessage.addListener((message: unknown) => inbox.push({ tabId, message }));
  port.onDisconnect.addListener(() => {
    if (ports.get(tabId) === port) ports.delete(tabId);
    inbox.push({ tabId, message: { type: 'disconnect' } });
  });
});
// A worker only starts when it has an event listener to run (docs/chrome-extension.md#service-worker-lifetime).
chrome.runtime.onInstalled.addListener(() => undefined);

Object.assign(globalThis, {
  fake: {
    inbox,
    tabs: () => [...ports.keys()],
    send(tabId: number, type: string, data: unknown): boolean {
      const port = ports.get(tabId);
      if (!port) return false;
      port.postMessage({ id: `t${++counter}`, type, data });
      return true;
    },
  },
});
