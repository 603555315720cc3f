import type { PageReport } from '../../protocol/selector-overrides.ts';
import { countSelectors } from './health.ts';
import { isOverridden } from './find.ts';

/**
 * `doctor --page`: the page's structure, ready to paste into a bug report when Google changed it.
 * Every selector key with its counts, and an outline of custom elements, `data-test-*` attributes
 * and aria-labels. Never text: no textContent is read, and labels or values that could carry what
 * the person wrote (long ones, or inside chat turns and editors) are left out.
 */
const MAX_ELEMENTS = 50_000;
const MAX_ENTRIES = 400;
const MAX_LABEL = 80;
const MAX_VALUE = 48;
/** where prompt and answer text live: their labels and attribute values are not reported */
const PRIVATE = 'ms-chat-turn .turn-content, ms-cmark-node, textarea, [contenteditable="true"], input';
const OURS = 'aistudio-bridge-banner';

export function pageReport(doc: Document, url: string): PageReport {
  const custom = new Map<string, number>();
  const dataTest = new Map<string, number>();
  const labels = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  const all = doc.querySelectorAll('*');
  for (let i = 0; i < all.length && i < MAX_ELEMENTS; i++) {
    const el = all[i] as Element;
    const tag = el.localName;
    if (tag === OURS) continue;
    if (tag.includes('-')) bump(custom, tag);
    const hidden = el.closest(PRIVATE) !== null;
    for (const attr of Array.from(el.attributes)) {
      if (!attr.name.startsWith('data-test')) continue;
      const value = attr.value.trim();
      bump(dataTest, !hidden && value && value.length <= MAX_VALUE ? `${attr.name}="${value}"` : attr.name);
    }
    const label = el.getAttribute('aria-label')?.trim();
    if (label && !hidden && label.length <= MAX_LABEL) bump(labels, `${tag}[aria-label="${label}"]`);
  }
  const tally = (map: Map<string, number>) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, MAX_ENTRIES)
      .map(([name, count]) => ({ name, count }));
  return {
    url: url.split(/[?#]/)[0] ?? url,
    selectors: countSelectors(doc).map((c) => ({ ...c, overridden: isOverridden(c.name) })),
    customElements: tally(custom),
    dataTestAttributes: tally(dataTest),
    ariaLabels: tally(labels),
  };
}
