import { ext } from '../lib/browser.ts';

/**
 * The narrow slice of the extension API the background uses, as plain interfaces. The worker's
 * logic takes these instead of the global namespace, so unit tests hand in fakes and run in Node.
 * The real one is `browser.*` (extension/lib/browser.ts: Firefox's own, webextension-polyfill's
 * in Chrome before 148), the same in the Chrome service worker and the Firefox event page
 * (docs/chrome-extension.md#the-browser-namespace).
 */
export interface StorageAreaLike {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface TabLike {
  id?: number;
  url?: string;
  pendingUrl?: string;
  windowId?: number;
  status?: string;
}

interface TabsApi {
  create(props: { url: string; windowId?: number; active?: boolean }): Promise<TabLike>;
  update(tabId: number, props: { autoDiscardable?: boolean; url?: string }): Promise<TabLike | undefined>;
  reload(tabId: number): Promise<void>;
  get(tabId: number): Promise<TabLike>;
  query(query: { url?: string | string[] }): Promise<TabLike[]>;
  remove(tabId: number): Promise<void>;
}

interface WindowsApi {
  create(props: {
    url: string;
    focused: boolean;
    type: 'normal';
    width?: number;
    height?: number;
  }): Promise<{ id?: number; tabs?: TabLike[] } | undefined>;
}

interface ScriptingApi {
  /** `files` to inject, or `func` to run (tab-recovery.ts uses a no-op to detect error pages) */
  executeScript(injection: {
    target: { tabId: number };
    files?: string[];
    func?: () => unknown;
    world?: 'MAIN' | 'ISOLATED';
  }): Promise<unknown>;
}

/** One content-script Port as the worker sees it (chrome.runtime.Port is assignable to this). */
export interface PortLike {
  readonly name: string;
  readonly sender?: { tab?: { id?: number; url?: string } };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

interface ContentScriptDecl {
  js?: string[];
  world?: string;
}

export interface ChromeApi {
  local: StorageAreaLike;
  session: StorageAreaLike;
  tabs: TabsApi;
  windows: WindowsApi;
  scripting: ScriptingApi;
  /** content_scripts of the built manifest (file names carry build hashes) */
  contentScripts(): ContentScriptDecl[];
  extensionVersion(): string;
  /** runtime.id (Chrome: the key-derived id; Firefox: the gecko id) */
  extensionId?(): string;
}

/** The real thing. Only index.ts calls this; everything else receives a ChromeApi. */
export function realChromeApi(): ChromeApi {
  return {
    local: ext.storage.local,
    session: ext.storage.session,
    tabs: {
      create: (props) => ext.tabs.create(props),
      update: (tabId, props) => ext.tabs.update(tabId, props),
      get: (tabId) => ext.tabs.get(tabId),
      query: (query) => ext.tabs.query(query),
      remove: (tabId) => ext.tabs.remove(tabId),
      reload: (tabId) => ext.tabs.reload(tabId),
    },
    windows: { create: (props) => ext.windows.create(props) },
    scripting: {
      executeScript: (injection) =>
        injection.func
          ? ext.scripting.executeScript({ target: injection.target, func: injection.func, world: injection.world })
          : ext.scripting.executeScript({
              target: injection.target,
              files: injection.files ?? [],
              world: injection.world,
            }),
    },
    contentScripts: () => ext.runtime.getManifest().content_scripts ?? [],
    extensionVersion: () => ext.runtime.getManifest().version,
    extensionId: () => ext.runtime.id,
  };
}
