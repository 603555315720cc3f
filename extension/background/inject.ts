import type { ChromeApi } from './chrome-api.ts';
import { isAiStudioUrl } from './worker-tabs.ts';

/**
 * Chrome does not inject manifest content scripts into tabs that were open before the extension
 * was installed, updated or reloaded (docs/chrome-extension.md#content-scripts-after-install-or-reload);
 * those tabs would never connect. On
 * onInstalled, inject the built scripts (names from the built manifest: they carry hashes) into
 * every AI Studio tab that has not connected. Such a tab still only becomes a worker if the
 * person hands it over; the MAIN-world tap arrives late there and misses the first ListModels,
 * which the content script's DOM fallback covers.
 */
export async function injectIntoOpenTabs(
  chromeApi: ChromeApi,
  isConnected: (tabId: number) => boolean,
  log: (m: string) => void,
): Promise<number[]> {
  const tabs = await chromeApi.tabs.query({ url: 'https://aistudio.google.com/*' }).catch(() => []);
  const injected: number[] = [];
  for (const tab of tabs) {
    if (tab.id === undefined || !isAiStudioUrl(tab.url) || tab.status === 'loading' || isConnected(tab.id)) continue;
    try {
      await injectInto(chromeApi, tab.id);
      injected.push(tab.id);
    } catch (error) {
      log(`could not inject into tab ${tab.id}: ${String(error)}`);
    }
  }
  return injected;
}

/** Inject into one tab (popup hand-over of a tab whose scripts are missing). */
export async function injectInto(chromeApi: ChromeApi, tabId: number): Promise<void> {
  for (const script of chromeApi.contentScripts()) {
    if (script.js?.length)
      await chromeApi.scripting.executeScript({
        target: { tabId },
        files: script.js,
        world: script.world === 'MAIN' ? 'MAIN' : 'ISOLATED',
      });
  }
}
