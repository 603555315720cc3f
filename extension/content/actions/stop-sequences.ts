import { waitFor } from '../../lib/dom-wait.ts';
import { click, pressKey, setFieldValue } from '../dom.ts';
import { notReady } from '../errors.ts';
import { findAll } from '../find.ts';
import { findOrExpand, requireControl } from './expand-sections.ts';

/**
 * Stop sequences are `mat-chip`s whose remove button is labelled "Remove <text>" (2026-04), in
 * 2026 `ms-stop-sequence-input` chips (`mat-chip-row`, input `#chip-input`, observed 2026-04…08);
 * on a Chinese page "移除 <text>".
 * Make the chip set equal to `wanted`, touching only the difference: remove extra chips, add
 * missing ones through the "Add stop token" input + Enter. Returns the changes made.
 */
function currentStopSequences(): string[] {
  return findAll('stopChipRemove')
    .map(chipText)
    .filter((text) => text.length > 0);
}

/**
 * The chip input is a single-line <input>: it drops line breaks, and chip inputs trim, so a
 * sequence like "\n\nUser:" would become a chip "User:" that stops far more often than asked.
 * Such sequences stay off the page; the bridge enforces every stop sequence on the output anyway
 * (and cancels the run when one appears), so they are still honoured.
 */
/** A chip's text from its remove button's label ("Remove END" / "移除 END"). */
const chipText = (button: HTMLElement): string =>
  (button.getAttribute('aria-label') ?? '').replace(/^(Remove|移除)\s*/, '');

const fitsStopChip = (text: string): boolean => !/[\r\n]/.test(text) && text === text.trim();

export async function setStopSequences(wanted: string[], signal: AbortSignal): Promise<string[]> {
  const want = [...new Set(wanted)].filter(fitsStopChip);
  // The chips and their input may sit in a collapsed section: expand it before reading the chips.
  await findOrExpand('stopTokenInput', signal);
  const changes: string[] = [];
  for (const text of currentStopSequences()) {
    if (want.includes(text)) continue;
    const button = findAll('stopChipRemove').find((b) => chipText(b) === text);
    if (!button) continue;
    click(button);
    changes.push(`-${text}`);
    await waitFor(() => !currentStopSequences().includes(text), {
      signal,
      timeoutMs: 2_000,
      what: `stop chip "${text}" ("stopChipRemove") to go`,
    });
  }
  const have = currentStopSequences();
  for (const text of want) {
    if (have.includes(text)) continue;
    const input = await requireControl('stopTokenInput', signal);
    if (!(input instanceof HTMLInputElement)) throw notReady('stopTokenInput', 'is not an input');
    setFieldValue(input, text, { blur: false });
    pressKey(input, 'Enter');
    changes.push(`+${text}`);
    await waitFor(() => currentStopSequences().includes(text), {
      signal,
      timeoutMs: 2_000,
      what: `stop chip "${text}" ("stopChipRemove") to appear after Enter in "stopTokenInput"`,
    });
  }
  return changes;
}
