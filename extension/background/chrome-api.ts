/**
 * The narrow slice of the chrome.* API the service worker uses, as plain interfaces. The worker's
 * logic takes these instead of the global `chrome`, so unit tests hand in fakes and run in Node.
 *
 * No webextension-polyfill: Chrome's MV3 APIs already return promises and Chrome 148+ exposes
 * them under `browser` too; the polyfill is unmaintained and a no-op there
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

export interface TabsApi {
  create(props: { url: string; windowId?: number; active?: boolean }): Promise<TabLike>;
  update(tabId: number, props: { autoDiscardable?: boolean }): Promise<TabLike | undefined>;
  get(tabId: number): Promise<TabLike>;
  query(query: { url?: string | string[] }): Promise<TabLike[]>;
  remove(tabId: number): Promise<void>;
}

export interface WindowsApi {
  create(props: { url: string; focused: boolean; type: 'normal' }): Promise<{ id?: number; tabs?: TabLike[] } | undefined>;
}

export interface ScriptingApi {
  executeScript(injection: { target: { tabId: number }; files: string[]; world?: 'MAIN' | 'ISOLATED' }): Promise<unknown>;
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

export interface ContentScriptDecl {
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
    local: chrome.storage.local,
    session: chrome.storage.session,
    tabs: {
      create: (props) => chrome.tabs.create(props),
      update: (tabId, props) => chrome.tabs.update(tabId, props),
      get: (tabId) => chrome.tabs.get(tabId),
      query: (query) => chrome.tabs.query(query),
      remove: (tabId) => chrome.tabs.remove(tabId),
    },
    windows: { create: (props) => chrome.windows.create(props) },
    scripting: {
      executeScript: (injection) =>
        chrome.scripting.executeScript({ target: injection.target, files: injection.files, world: injection.world }),
    },
    contentScripts: () => chrome.runtime.getManifest().content_scripts ?? [],
    extensionVersion: () => chrome.runtime.getManifest().version,
    extensionId: () => chrome.runtime.id,
  };
}
