/**
 * `npm run build:firefox`: the same sources as the Chrome build, bundled for Firefox into
 * dist/firefox/. Plain esbuild rather than crxjs: every entry is one self-contained IIFE
 * (background event page, ISOLATED content script, MAIN-world tap, popup), which is what Firefox
 * needs and what the tap needs anyway (it must run before the page's scripts). The manifest is
 * generated from manifest.json by scripts/firefox/manifest.ts.
 */
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FIREFOX_OUTPUTS, firefoxManifest, type ChromeManifest } from './firefox/manifest.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist', 'firefox');

const source = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as ChromeManifest;
const popupHtml = source.action.default_popup;
const entries: Record<string, string> = {
  [source.background.service_worker]: FIREFOX_OUTPUTS.background,
  ...FIREFOX_OUTPUTS.scripts,
  'extension/popup/index.ts': 'popup/index.js',
};

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await Promise.all(
  Object.entries(entries).map(([entry, outfile]) =>
    build({
      entryPoints: [join(root, entry)],
      outfile: join(outDir, outfile),
      bundle: true,
      format: 'iife',
      target: 'firefox128',
      minify: false,
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);

// The popup page: same markup, the bundled script instead of the module the Chrome build resolves.
const html = (await readFile(join(root, popupHtml), 'utf8')).replace(
  /<script type="module" src="\.\/index\.ts"><\/script>/,
  '<script src="./index.js"></script>',
);
if (!html.includes('./index.js')) throw new Error(`${popupHtml}: popup script tag not found`);
await writeFile(join(outDir, 'popup', 'index.html'), html);
await cp(join(root, 'extension', 'popup', 'popup.css'), join(outDir, 'popup', 'popup.css'));
await cp(join(root, 'extension', '_locales'), join(outDir, '_locales'), { recursive: true });

const manifest = firefoxManifest(source, FIREFOX_OUTPUTS);
await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${outDir} built`);
