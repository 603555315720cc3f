// Plays a page skeleton (`doctor --page --save`, extension/content/page-skeleton.ts) as a page
// variant: the served document is the skeleton itself, and this script gives it the behaviour a
// driver needs before a run, wired by structure only (no knowledge of a particular layout):
// - the run-settings panel (`ms-run-settings`) comes and goes with its toggle (a button named
//   like "run settings" or `button.runsettings-toggle-button`), and may start closed;
// - every expander (`aria-expanded`, not a menu or list trigger) shows or hides what follows its
//   header, keeping a collapsed section's controls out of the DOM; sections may start collapsed;
// - a number input keeps what is typed (the skeleton has no values).
// Runs, prompts and answers are not played: a skeleton carries none of them.

import { CONFIG_GLOBAL } from '../config.ts';
import { report } from '../dom.ts';

interface PlayerConfig {
  panelClosed?: boolean;
  collapse?: boolean;
}

const config = ((window as unknown as Record<string, unknown>)[CONFIG_GLOBAL] ?? {}) as { skeleton?: PlayerConfig };
const options = config.skeleton ?? {};

// ── expanders (wired first: the panel may leave the DOM below) ────────────────────────────────────────────────────────────────────────────────────
const EXPANDERS = '[aria-expanded]:not([aria-haspopup]):not([role="combobox"]):not([role="listbox"])';

/** The header is the expander or the ancestor that has following siblings: those are the body. */
function sectionOf(expander: HTMLElement): { header: Element; body: Element[] } | null {
  let header: Element = expander;
  for (let depth = 0; depth < 4 && header.parentElement; depth++) {
    const body: Element[] = [];
    for (let s = header.nextElementSibling; s; s = s.nextElementSibling) body.push(s);
    if (body.length > 0) return { header, body };
    header = header.parentElement;
  }
  return null;
}

for (const expander of document.querySelectorAll<HTMLElement>(EXPANDERS)) {
  if (expander.closest('ms-chat-turn')) continue;
  const section = sectionOf(expander);
  if (!section) continue;
  const host = section.header.parentElement;
  if (!host) continue;
  const set = (open: boolean): void => {
    expander.setAttribute('aria-expanded', String(open));
    host.classList.toggle('expanded', open);
    for (const el of section.body) {
      if (open && !el.isConnected) host.append(el);
      if (!open) el.remove();
    }
  };
  set(options.collapse ? false : expander.getAttribute('aria-expanded') !== 'false');
  expander.addEventListener('click', () => set(expander.getAttribute('aria-expanded') !== 'true'));
}

// ── the run-settings panel ───────────────────────────────────────────────────────────────────────
const panel = document.querySelector('ms-run-settings');
const toggle = [
  ...document.querySelectorAll<HTMLElement>(
    'button.runsettings-toggle-button, button[aria-label*="run settings" i], button[aria-label*="运行设置"]',
  ),
].find((b) => !panel?.contains(b));
if (panel && toggle) {
  const parent = panel.parentElement;
  const next = panel.nextSibling;
  const show = (on: boolean): void => {
    if (on && !panel.isConnected) parent?.insertBefore(panel, next && next.parentNode === parent ? next : null);
    if (!on) panel.remove();
  };
  show(!options.panelClosed);
  toggle.addEventListener('click', () => show(!panel.isConnected));
}

report('page-ready', 'skeleton');
