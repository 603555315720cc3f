import { FIREFOX_EXTENSION_ID } from '../../protocol/extension-id.ts';

/**
 * The Firefox manifest, derived from the one manifest.json (never kept by hand):
 * - an event page (`background.scripts`) instead of a service worker: Firefox has no extension
 *   service workers; its event pages are suspended when idle much like them, so the same
 *   keepalive/alarm/reconnect logic applies;
 * - `browser_specific_settings.gecko`: the add-on id the bridge and the native host pin, and
 *   Firefox 128, the first with MAIN-world content scripts (the network tap needs them);
 * - `content_security_policy.extension_pages`: Firefox's default extension CSP upgrades insecure
 *   requests, which turns the worker's ws://127.0.0.1 into wss:// and fails (close 1015);
 * - no `key` / `minimum_chrome_version` (Chrome-only; the Firefox id comes from gecko.id).
 * Facts behind each: docs/firefox.md.
 */
export interface ChromeManifest {
  background: { service_worker: string; type?: string };
  content_scripts: { js: string[]; [k: string]: unknown }[];
  action: { default_popup: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** Where the Firefox build puts each bundled entry (keys: the source paths manifest.json names). */
export interface FirefoxOutputs {
  background: string;
  scripts: Record<string, string>;
  popup: string;
}

const FIREFOX_MIN_VERSION = '128.0';

/** Where scripts/build-firefox.ts writes each bundle. */
export const FIREFOX_OUTPUTS: FirefoxOutputs = {
  background: 'background.js',
  scripts: { 'extension/page/tap.iife.ts': 'page/tap.js', 'extension/content/index.ts': 'content/index.js' },
  popup: 'popup/index.html',
};

export function firefoxManifest(source: ChromeManifest, out: FirefoxOutputs): Record<string, unknown> {
  const { key: _key, minimum_chrome_version: _min, background: _bg, ...rest } = source;
  return {
    ...rest,
    background: { scripts: [out.background] },
    action: { ...source.action, default_popup: out.popup },
    content_scripts: source.content_scripts.map((cs) => ({
      ...cs,
      js: cs.js.map((file) => {
        const built = out.scripts[file];
        if (!built) throw new Error(`no Firefox output for content script ${file}`);
        return built;
      }),
    })),
    content_security_policy: { extension_pages: "script-src 'self'" },
    browser_specific_settings: { gecko: { id: FIREFOX_EXTENSION_ID, strict_min_version: FIREFOX_MIN_VERSION } },
  };
}
