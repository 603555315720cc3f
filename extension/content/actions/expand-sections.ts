import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click } from '../dom.ts';
import { notReady } from '../errors.ts';
import { type SelectorName } from '../selectors.ts';
import { find, findAll, isVisible } from '../find.ts';

/** Bound on sections opened for one lookup (a page with nested groups still ends). */
const MAX_SECTIONS = 8;
const APPEAR_MS = 2_000;

/**
 * Expand the collapsed sections of the run-settings panel (the whole page when it has no panel):
 * structure first (`collapsedSection`: aria-expanded="false" expanders, expansion-panel headers),
 * section names only when the structure finds nothing (`collapsedSectionByLabel`, en/zh).
 * Returns how many were clicked.
 */
function expandCollapsedSections(): number {
  const scope: ParentNode = find('runSettingsPanel') ?? document;
  let found = findAll('collapsedSection', scope).filter(isVisible);
  if (found.length === 0) found = findAll('collapsedSectionByLabel', scope).filter(isVisible);
  const clicked = found.slice(0, MAX_SECTIONS);
  for (const el of clicked) click(el);
  return clicked.length;
}

/**
 * `find(name)`, and when the page shows no such control (or only a hidden one), expand the
 * collapsed sections and look again: a control may sit one click away in "Advanced settings"
 * whatever the stored preference says. Null when it is still missing after that.
 */
export async function findOrExpand(name: SelectorName, signal: AbortSignal): Promise<HTMLElement | null> {
  const first = find(name);
  if (first && isVisible(first)) return first;
  // Sections may nest (a group inside a group): expand, wait for the control, a few rounds at most.
  for (let round = 0; round < 3; round++) {
    const clicked = expandCollapsedSections();
    if (clicked === 0) break;
    const shown = await waitFor(
      () => {
        const el = find(name);
        return el && isVisible(el) ? el : null;
      },
      { signal, timeoutMs: APPEAR_MS, what: `"${name}" to appear` },
    ).catch(unlessAborted(signal, null));
    if (shown) return shown;
  }
  return find(name);
}

/** findOrExpand, or the failure naming the key (only after the sections were expanded). */
export async function requireControl(name: SelectorName, signal: AbortSignal): Promise<HTMLElement> {
  const el = await findOrExpand(name, signal);
  if (!el) throw notReady(name, 'not found (also after expanding the collapsed sections of the run-settings panel)');
  return el;
}
