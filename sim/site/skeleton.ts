// Serving a page skeleton (`aistudio-bridge doctor --page --save FILE`) as a page variant: the
// document is the skeleton's own markup with the sim's styles, played by sim/page/skeleton/player.ts
// (panel toggle, expanders; wired by structure). A person's bug report becomes an e2e test of
// selector health, panel opening and settings discovery. See README.md "Page skeletons".

import { fileURLToPath } from 'node:url';
import { CONFIG_GLOBAL } from './page/config.ts';

export interface SkeletonPage {
  /** the file's text, as doctor --page --save wrote it */
  html: string;
  /** start with the run-settings panel out of the DOM (until its toggle is clicked) */
  panelClosed?: boolean;
  /** start with every section collapsed, whatever the skeleton recorded */
  collapse?: boolean;
}

const HEADER = /^<!-- aistudio-bridge page skeleton v(\d+) path=(\S*) lang=(\S*)/;

/** The skeleton's header says what it is; anything else is refused, naming the problem. */
export function checkSkeleton(html: string): { version: number; path: string; lang: string } {
  const m = HEADER.exec(html);
  if (!m) throw new Error('not a page skeleton (no "aistudio-bridge page skeleton" header)');
  if (!/<body[\s>]/.test(html)) throw new Error('page skeleton without a <body>');
  return { version: Number(m[1]), path: m[2] ?? '', lang: m[3] ?? '' };
}

export function skeletonDocument(page: SkeletonPage, css: string): string {
  const { lang } = checkSkeleton(page.html);
  const config = JSON.stringify({ skeleton: { panelClosed: page.panelClosed, collapse: page.collapse } }).replace(
    /</g,
    '\\u003c',
  );
  // The skeleton holds no script (the extension drops them); its markup goes in as it is.
  const body = page.html.replace(/^<!--[\s\S]*?-->\s*/, '').replace(/<script[\s\S]*?<\/script>/gi, '');
  return `<!doctype html>
<html lang="${/^[a-zA-Z-]{0,20}$/.test(lang) ? lang : 'en'}" class="dark-theme">
<head>
<meta charset="utf-8">
<title>Google AI Studio (skeleton)</title>
<style>${css}</style>
<script>window.${CONFIG_GLOBAL} = ${config};</script>
</head>
${body}
<script src="/sim/skeleton.js"></script>
</html>
`;
}

const entry = fileURLToPath(new URL('./page/skeleton/player.ts', import.meta.url));
let bundled: Promise<string> | null = null;

/** The player script, bundled with esbuild on first use (tests and `npm run sim` only). */
export function skeletonScript(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'chrome120',
      logLevel: 'silent',
    });
    return out.outputFiles[0]?.text ?? '';
  })();
  return bundled;
}
