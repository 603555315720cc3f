/**
 * `npm run build:bridge`: compiles the CLI (bridge, demo, simulated AI Studio) to plain
 * JavaScript in dist/bridge/, so an installed package starts with node alone (no tsx, no esbuild
 * at run time). Dependencies stay external (installed next to it by npm). Chunks live beside
 * main.js because the simulator finds its assets relative to its own module: dist/bridge/page/
 * (the prebuilt page script and styles) and dist/bridge/certs/.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { PREBUILT_PAGE_SCRIPT } from '../sim/site/page-assets.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist', 'bridge');

await rm(out, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'scripts', 'cli.ts') },
  outdir: out,
  bundle: true,
  splitting: true, // `native-host` and `start` never load the demo's Playwright
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
await mkdir(join(out, 'page'), { recursive: true });
await build({
  entryPoints: [join(root, 'sim', 'site', 'page', 'main.ts')],
  outfile: join(out, 'page', PREBUILT_PAGE_SCRIPT),
  bundle: true,
  format: 'iife',
  target: 'chrome120',
  logLevel: 'warning',
});
await cp(join(root, 'sim', 'site', 'page', 'styles.css'), join(out, 'page', 'styles.css'));
await cp(join(root, 'sim', 'site', 'certs'), join(out, 'certs'), { recursive: true });
console.log(`built ${out}`);
