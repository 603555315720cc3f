import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, setFieldValue } from '../dom.ts';
import { find } from '../selectors.ts';

/**
 * Put the job's system instruction into AI Studio's System-instructions editor, only when it
 * differs from what the page holds. The editor may sit behind a collapsed card/button: open it,
 * set the text, and leave it as we found it. Returns false when the page has no editor, so the
 * caller can fold the instruction into the prompt instead (what the older driver always did).
 */
export async function setSystemInstructions(text: string | null, signal: AbortSignal): Promise<'unchanged' | 'set' | 'unavailable'> {
  const wanted = text ?? '';
  let area = find('systemInstructionsTextarea');
  if (area instanceof HTMLTextAreaElement && area.value === wanted) return 'unchanged';
  let opened = false;
  if (!area) {
    if (wanted === '') return 'unchanged'; // nothing to clear when the editor is not even rendered
    const opener = find('systemInstructionsOpener');
    if (!opener) return 'unavailable';
    click(opener);
    opened = true;
    area = await waitFor(() => find('systemInstructionsTextarea'), { signal, timeoutMs: 3_000, what: 'the system instructions editor' }).catch(unlessAborted(signal, null));
  }
  if (!(area instanceof HTMLTextAreaElement)) return 'unavailable';
  if (area.value !== wanted) setFieldValue(area, wanted);
  if (opened) {
    const opener = find('systemInstructionsOpener');
    if (opener && opener.getAttribute('aria-expanded') === 'true') click(opener);
  }
  return 'set';
}
