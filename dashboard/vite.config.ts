import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the dashboard (plain TypeScript and DOM, no UI library) into dist/dashboard/, which the
 * bridge serves at `/` for browsers and under /dashboard/ (bridge/surfaces/dashboard/). Every
 * script and style is a file of its own: the page's Content-Security-Policy allows nothing
 * inline, so no module-preload polyfill is injected either.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/dashboard/',
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'dashboard'),
    emptyOutDir: true,
    modulePreload: false,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    assetsInlineLimit: 0,
  },
  optimizeDeps: { entries: [] },
  logLevel: 'warn',
});
