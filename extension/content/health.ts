import type { PageHealth } from '../../protocol/messages.ts';
import { SELECTORS, type SelectorName, type SelectorSpec } from './selectors.ts';
import { find, findAll, isVisible } from './find.ts';

/**
 * While a run streams the 2026 page replaces the Run button with `ms-stop-button` (observed
 * 2026-05): the Stop control then stands in for it. The model name is not required: narrow
 * layouts leave it out of the DOM until the run-settings panel is opened (2026-07).
 */
const STANDS_IN: Partial<Record<SelectorName, SelectorName>> = { runButton: 'stopGenerating' };

/**
 * Page health: which required elements resolve. `/health` on the bridge shows it per tab, so
 * when Google changes the page the user sees exactly which element broke.
 */
export function checkHealth(root: ParentNode = document, now: number = Date.now()): PageHealth {
  const missing = (Object.keys(SELECTORS) as SelectorName[]).filter((name) => {
    const spec: SelectorSpec = SELECTORS[name];
    const stand = STANDS_IN[name];
    return spec.required === true && find(name, root) === null && !(stand && find(stand, root));
  });
  return { ok: missing.length === 0, missing, checkedAt: now };
}

export interface SelectorCount {
  name: SelectorName;
  count: number;
  visible: number;
  expect: string;
  /** false when the count contradicts `expect` (e.g. two "one" elements) */
  ok: boolean;
}

/** Every selector with its live count, for diagnostics and the selector tests. */
export function countSelectors(root: ParentNode = document): SelectorCount[] {
  return (Object.keys(SELECTORS) as SelectorName[]).map((name) => {
    const all = findAll(name, root);
    const visible = all.filter(isVisible).length;
    const expect = SELECTORS[name].expect;
    const ok = expect === 'optional' || (expect === 'one' ? visible <= 1 && all.length >= 1 : all.length >= 1);
    return { name, count: all.length, visible, expect, ok };
  });
}

export function sameHealth(a: PageHealth | null, b: PageHealth): boolean {
  return a !== null && a.ok === b.ok && a.missing.join() === b.missing.join();
}
