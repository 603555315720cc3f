import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

/**
 * Builds manifest.json into dist/extension with @crxjs/vite-plugin 3.
 *
 * - The MAIN-world tap is declared as `extension/page/tap.iife.ts`: crxjs builds `.iife.ts`
 *   content scripts as one self-contained IIFE and lists it in the manifest directly, so it
 *   runs synchronously at document_start before the page's own scripts (a module loader would
 *   run it asynchronously and miss the first GenerateContent/ListModels requests).
 * - The ISOLATED content script is listed in `standaloneFiles` for the same reason (below).
 * - Only `vite build` is supported: tests and the demo load the built folder; the dev server's
 *   worker loader would import from localhost:5173 (docs/chrome-extension.md#build).
 * - No minification: the bundle is small, builds stay fast on 2 cores, and stack traces from a
 *   user's Chrome stay readable.
 */
/**
 * crxjs copies only what the manifest references; chrome.i18n reads `_locales/<lang>/messages.json`
 * from the extension's root (manifest `default_locale`), so they are emitted as they are.
 */
function locales(dir = 'extension/_locales'): Plugin {
  return {
    name: 'aistudio-bridge:locales',
    generateBundle() {
      for (const lang of readdirSync(dir)) {
        const fileName = `_locales/${lang}/messages.json`;
        this.emitFile({ type: 'asset', fileName, source: readFileSync(join(dir, lang, 'messages.json'), 'utf8') });
      }
    },
  };
}

export default defineConfig({
  plugins: [
    locales(),
    crx({
      manifest: manifest as ManifestV3Export,
      // The ISOLATED content script is built as a self-contained IIFE too: otherwise crxjs
      // declares a loader that import()s the real script later, which (a) misses tap records
      // posted before it arrives and (b) makes its chunks web-accessible, so any page could
      // fingerprint the extension.
      contentScripts: { standaloneFiles: ['extension/content/index.ts'] },
    }),
  ],
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    target: 'chrome116',
    reportCompressedSize: false,
  },
  // Nothing in the extension reads Vite's env; keep tests/ and bridge/ out of the dependency scan.
  optimizeDeps: { entries: [] },
  logLevel: 'warn',
});
