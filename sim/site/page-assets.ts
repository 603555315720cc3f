// Builds what the browser loads: the HTML shell (with the injected page config) and the page
// script, bundled from sim/site/page/main.ts with esbuild on first use. The npm package ships it
// prebuilt (PREBUILT_PAGE_SCRIPT, written by `npm run build:bridge`) and no esbuild.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CONFIG_GLOBAL, type PageConfig } from './page/config.ts';

const pageDir = fileURLToPath(new URL('./page/', import.meta.url));
export const PREBUILT_PAGE_SCRIPT = 'sim-page.js';

/** `sourcemap` (inline) helps a person in DevTools; tests skip it to keep page loads light. */
export async function bundlePageScript(sourcemap = false): Promise<string> {
  const prebuilt = `${pageDir}${PREBUILT_PAGE_SCRIPT}`;
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8');
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${pageDir}main.ts`],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    sourcemap: sourcemap ? 'inline' : false,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('sim: esbuild produced no page script');
  return out.text;
}

export async function pageStyles(): Promise<string> {
  return readFile(`${pageDir}styles.css`, 'utf8');
}

export function pageHtml(config: PageConfig, css: string): string {
  // `<` escaped so a config string can never close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en" class="dark-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Google AI Studio</title>
<style>${css}</style>
<script>window.${CONFIG_GLOBAL} = ${json};</script>
</head>
<body>
<ms-app></ms-app>
<div class="cdk-overlay-container"></div>
<script src="/sim/app.js"></script>
</body>
</html>
`;
}
