import { waitFor } from '../../lib/dom-wait.ts';
import { click, isChecked, isEnabled } from '../dom.ts';
import { type SelectorName } from '../selectors.ts';
import { find } from '../find.ts';
import { findOrExpand } from './expand-sections.ts';

export type SwitchResult = 'unchanged' | 'changed' | 'unavailable' | 'disabled';

/**
 * Bring an AI Studio switch (mat-slide-toggle's `button[role=switch]`, state in aria-checked)
 * to `wanted`, clicking only when it differs. A missing switch means the model lacks the
 * feature (e.g. no search on gemini-2.0, 2026-04); a disabled one is left alone (search is
 * disabled while function calling is on).
 */
export async function setSwitch(name: SelectorName, wanted: boolean, signal: AbortSignal): Promise<SwitchResult> {
  // Switching on: a switch inside a collapsed section is expanded into view first.
  const el = wanted ? await findOrExpand(name, signal) : find(name);
  if (!el) return 'unavailable';
  if (isChecked(el) === wanted) return 'unchanged';
  if (!isEnabled(el)) return 'disabled';
  click(el);
  await waitFor(
    () => {
      const now = find(name);
      return now !== null && isChecked(now) === wanted;
    },
    { signal, timeoutMs: 2_000, what: `"${name}" to turn ${wanted ? 'on' : 'off'}` },
  );
  return 'changed';
}

/** The tools group must be expanded for its switches to render (its expander's grand-parent carries `expanded`). */
export function ensureToolsExpanded(): void {
  const expander = find('toolsExpander');
  if (expander && !expander.parentElement?.parentElement?.classList.contains('expanded')) click(expander);
}
