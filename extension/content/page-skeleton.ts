import { accountLabel } from '../../protocol/account.ts';

/**
 * `doctor --page --save FILE`: an anonymised skeleton of the page's DOM that the simulator can
 * serve as a page variant (sim/page/skeleton/), so a person's bug report becomes an e2e test.
 * Element names and only allow-listed attributes (class, role, type, aria-*, data-test-*,
 * formcontrolname, iconname); text only for buttons, labels and headings up to 40 characters,
 * and none inside chat turns, rendered answers or editors. Prompts, answers and input values
 * never appear: text nodes, `value` and every other attribute are dropped.
 */
const SKELETON_VERSION = 1;
const MAX_NODES = 30_000;
const MAX_CHARS = 1_500_000;
const MAX_TEXT = 40;
const MAX_ATTR = 120;

const ALLOWED = /^(class|role|type|aria-[a-z-]+|data-test-[a-z0-9-]*|data-test|formcontrolname|iconname)$/;
/** dropped with everything inside: not structure, or ours */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'link', 'meta', 'aistudio-bridge-banner']);
/** elements whose short text is kept */
const TEXT = new Set(['button', 'label', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'mat-panel-title', 'mat-label', 'legend']);
const TEXT_ROLES = new Set(['button', 'tab', 'heading', 'menuitem', 'option', 'switch']);
/** where the person's and the model's words live: no text and no labels from inside */
const PRIVATE =
  'ms-chat-turn, ms-cmark-node, ms-chunk-input, textarea, [contenteditable="true"], mat-chip, mat-chip-row, ms-media-chip, ms-prompt-chunk, .file-chip';
const VOID = new Set(['input', 'br', 'hr', 'img', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr']);

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/** An attribute value as it may leave the page: addresses reduced, the account button's name gone. */
function cleanValue(name: string, value: string, inPrivate: boolean): string | null {
  if (!name.startsWith('aria-')) return value.slice(0, MAX_ATTR);
  if (name === 'aria-valuenow' || name === 'aria-valuetext') return null; // an input's value
  if (/^google (account|账号)/i.test(value.trim())) return 'Google Account';
  if (inPrivate && (name === 'aria-label' || name === 'aria-description')) return value.trim().split(/\s+/)[0] ?? null; // "Remove <stop sequence>" → "Remove"
  if (value.length > MAX_ATTR) return null;
  return accountLabel(value);
}

function keepsText(el: Element, inPrivate: boolean): boolean {
  if (inPrivate) return false;
  return TEXT.has(el.localName) || TEXT_ROLES.has(el.getAttribute('role') ?? '');
}

export function pageSkeleton(doc: Document, url: string): string {
  let nodes = 0;
  const out: string[] = [];
  let size = 0;
  const push = (s: string): void => {
    out.push(s);
    size += s.length;
  };
  const walk = (el: Element): void => {
    if (nodes >= MAX_NODES || size >= MAX_CHARS) return;
    const tag = el.localName;
    if (SKIP.has(tag) || !/^[a-z][a-z0-9-]*$/.test(tag)) return;
    nodes++;
    // Inside a private element (the element itself keeps its own attributes: "Enter a prompt").
    const inPrivate = el.parentElement?.closest(PRIVATE) != null;
    let attrs = '';
    for (const attr of Array.from(el.attributes)) {
      if (!ALLOWED.test(attr.name)) continue;
      const value = cleanValue(attr.name, attr.value, inPrivate);
      if (value !== null) attrs += ` ${attr.name}="${escapeAttr(value)}"`;
    }
    push(`<${tag}${attrs}>`);
    if (VOID.has(tag)) return;
    if (keepsText(el, inPrivate)) {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text && text.length <= MAX_TEXT) push(escapeText(text));
    }
    // Stay in the light DOM; an element's shadow root is its own component's business.
    for (const child of Array.from(el.children)) walk(child);
    push(`</${tag}>`);
  };
  if (doc.body) walk(doc.body);
  const path = (url.split(/[?#]/)[0] ?? url).replace(/^https?:\/\/[^/]+/, '');
  const lang = doc.documentElement.getAttribute('lang') ?? '';
  const header = `<!-- aistudio-bridge page skeleton v${SKELETON_VERSION} path=${escapeText(path)} lang=${escapeText(lang)} nodes=${nodes}${nodes >= MAX_NODES || size >= MAX_CHARS ? ' truncated' : ''} -->`;
  return `${header}\n${out.join('')}\n`;
}
