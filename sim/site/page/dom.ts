// Tiny DOM helpers for the simulated page: plain elements by tag name (custom elements such as
// ms-chat-turn stay undefined, as Angular's host elements look to a content script).

import { tr } from './i18n.ts';

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) setAttr(el, k, typeof v === 'string' && LABEL_ATTRS.has(k) ? tr(v) : v);
  append(el, ...children.map((c) => (typeof c === 'string' ? tr(c) : c)));
  return el;
}

// Labels are created in the page's language (the Chinese variant translates them, i18n.ts).
const LABEL_ATTRS = new Set(['aria-label', 'placeholder', 'title']);

function setAttr(el: Element, name: string, value: Attrs[string]): void {
  if (value === false || value === null || value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

function append(el: Element, ...children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
}

const GLYPHS: Record<string, string> = {
  add: '+',
  add_circle: '⊕',
  more_vert: '⋮',
  function: 'ƒ',
  edit: '✎',
  send: '➤',
  stop: '■',
  close: '✕',
  expand_more: '⌄',
  chevron_right: '›',
  visibility_off: '◌',
  upload: '⇪',
  lightbulb: '✧',
  spark: '✦',
  settings: '⚙',
  history: '⟲',
  check: '✓',
  error: '!',
  key: '⚿',
  code: '</>',
  tune: '☰',
};

/** A Material Symbols icon: the ligature word is in the DOM (as on the real page), a glyph is what shows. */
export function icon(name: string): HTMLElement {
  return h(
    'span',
    { class: 'material-symbols-outlined notranslate', 'aria-hidden': 'true', 'data-glyph': GLYPHS[name] ?? '•' },
    name,
  );
}

/** Reports a UI action to the simulator (same origin as the page), so tests can see what a person/driver did. */
export function report(action: string, detail?: string): void {
  try {
    navigator.sendBeacon('/__sim/event', JSON.stringify({ action, detail }));
  } catch {
    // Reporting is best effort; the page must keep working without it.
  }
}
