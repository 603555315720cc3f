import { SELECTORS, type SelectorName, type SelectorSpec } from './selectors.ts';

// Looking elements up by the names in selectors.ts (pure data): overrides first, then the
// built-in fallbacks in order, visible matches before hidden ones.

/**
 * Override layer: selectors from the bridge's `<config dir>/selectors.json`, tried before the
 * built-in fallbacks (text/label/notInside conditions still apply). Set by the content app when
 * the worker forwards them; keys this build does not know are ignored and returned.
 */
let overrides: Partial<Record<SelectorName, readonly string[]>> = {};
export function setSelectorOverrides(next: Record<string, readonly string[]>): {
  applied: SelectorName[];
  ignored: string[];
} {
  const known = (key: string): key is SelectorName => Object.hasOwn(SELECTORS, key);
  overrides = Object.fromEntries(Object.entries(next).filter(([key]) => known(key)));
  return { applied: Object.keys(overrides) as SelectorName[], ignored: Object.keys(next).filter((key) => !known(key)) };
}
export const isOverridden = (name: SelectorName): boolean => overrides[name] !== undefined;
const cssOf = (name: SelectorName): readonly string[] => [...(overrides[name] ?? []), ...SELECTORS[name].css];

export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  if (el.getClientRects().length === 0) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

function candidates(name: SelectorName, root: ParentNode, css: string): HTMLElement[] {
  const spec: SelectorSpec = SELECTORS[name];
  let found: HTMLElement[];
  try {
    found = Array.from(root.querySelectorAll<HTMLElement>(css));
  } catch {
    return []; // a fallback the browser does not support must not break the others
  }
  return found.filter((el) => {
    if (spec.notInside && el.closest(spec.notInside)) return false;
    if (!spec.text && !spec.label) return true;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    return (spec.text?.test(text) ?? false) || (spec.label?.test(el.getAttribute('aria-label') ?? '') ?? false);
  });
}

/** The first element for `name`: visible matches of earlier fallbacks win, hidden ones last. */
export function find(name: SelectorName, root: ParentNode = document): HTMLElement | null {
  return locate(name, root)?.el ?? null;
}

/**
 * find(), also saying which candidate matched (for step traces): the index in the built-in list,
 * or `override:<i>` for the bridge's selectors.json.
 */
export function locate(
  name: SelectorName,
  root: ParentNode = document,
): { el: HTMLElement; candidate: number | string } | null {
  let hidden: { el: HTMLElement; candidate: number | string } | null = null;
  const extra = overrides[name]?.length ?? 0;
  for (const [i, css] of cssOf(name).entries()) {
    for (const el of candidates(name, root, css)) {
      const candidate = i < extra ? `override:${i}` : i - extra;
      if (isVisible(el)) return { el, candidate };
      hidden ??= { el, candidate };
    }
  }
  return hidden;
}

/** All elements of the first fallback that matches anything. */
export function findAll(name: SelectorName, root: ParentNode = document): HTMLElement[] {
  for (const css of cssOf(name)) {
    const found = candidates(name, root, css);
    if (found.length > 0) return found;
  }
  return [];
}

/** Elements of `name` not hidden (for counting and checks). */
export const findVisible = (name: SelectorName, root: ParentNode = document): HTMLElement[] =>
  findAll(name, root).filter(isVisible);
