import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, pressEscape, textOf } from '../dom.ts';
import { type SelectorName } from '../selectors.ts';
import { find, findVisible } from '../find.ts';

/**
 * An image model's Aspect ratio / Output resolution select (docs/aistudio-page.md#run-settings):
 * open it, click the option showing `value`. 'unavailable' when the page has no such select or
 * option (the bridge refuses such requests before they get here).
 */
export async function selectImageSetting(
  name: Extract<SelectorName, 'imageAspectRatioSelect' | 'imageSizeSelect'>,
  value: string,
  signal: AbortSignal,
): Promise<'unchanged' | 'changed' | 'unavailable'> {
  const select = find(name);
  if (!select) return 'unavailable';
  if (textOf(select) === value) return 'unchanged';
  click(select);
  const option = await waitFor(() => findVisible('selectOption').find((o) => textOf(o) === value) ?? null, {
    signal,
    timeoutMs: 2_000,
    what: `the "${value}" option`,
  }).catch(unlessAborted(signal, null));
  if (!option) {
    pressEscape();
    return 'unavailable';
  }
  click(option);
  await waitFor(() => findVisible('selectOption').length === 0, {
    signal,
    timeoutMs: 2_000,
    what: 'the option list to close',
  }).catch(unlessAborted(signal, undefined));
  return 'changed';
}
