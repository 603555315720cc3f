/**
 * The visible "this tab is a worker" banner. Lives in a shadow root so AI Studio's CSS
 * cannot restyle it (open, so tests can read it); pointer-events pass through so it
 * never blocks the page's own controls.
 */
export const BANNER_TEXT = 'AI Studio Bridge is serving API requests in this tab — typing here interferes';

/** `text` is in the browser's language (_locales/…/bannerText), looked up by index.ts. */
export function showBanner(signal: AbortSignal, doc: Document = document, text: string = BANNER_TEXT): void {
  if (signal.aborted) return;
  const host = doc.createElement('aistudio-bridge-banner');
  host.setAttribute('data-aistudio-bridge', 'banner');
  const root = host.attachShadow({ mode: 'open' });
  const bar = doc.createElement('div');
  bar.setAttribute('role', 'status');
  bar.textContent = text;
  bar.style.cssText = [
    'position:fixed',
    'z-index:2147483647',
    'left:50%',
    'bottom:8px',
    'transform:translateX(-50%)',
    'padding:4px 12px',
    'border-radius:12px',
    'background:#1a73e8',
    'color:#fff',
    'opacity:.92',
    'font:12px/1.4 system-ui,sans-serif',
    'pointer-events:none',
    'max-width:90vw',
    'text-align:center',
  ].join(';');
  root.append(bar);
  const attach = (): void => {
    if (!signal.aborted) (doc.body ?? doc.documentElement).append(host);
  };
  if (doc.body) attach();
  else doc.addEventListener('DOMContentLoaded', attach, { once: true, signal });
  signal.addEventListener('abort', () => host.remove(), { once: true });
}
