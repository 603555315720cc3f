import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, pressEscape, setFieldValue } from '../dom.ts';
import { notReady } from '../errors.ts';
import { find } from '../find.ts';

/**
 * Put the job's system instruction into AI Studio's System-instructions editor, only when it
 * differs from what the page holds. The editor may sit behind a collapsed card/button: open it,
 * set the text, and leave it as we found it. Since 2026 the card opens a modal dialog (observed
 * 2026-08; docs/aistudio-page.md#system-instructions), which must be closed again or Run does nothing. Returns 'unavailable' when the page
 * has no editor, so the caller can fold the instruction into the prompt instead.
 */
export async function setSystemInstructions(
  text: string | null,
  signal: AbortSignal,
): Promise<'unchanged' | 'set' | 'unavailable'> {
  const wanted = text ?? '';
  let area = find('systemInstructionsTextarea');
  if (area instanceof HTMLTextAreaElement && area.value === wanted) {
    await closeDialog(area, signal);
    return 'unchanged';
  }
  let opened = false;
  if (!area) {
    if (wanted === '') return 'unchanged'; // nothing to clear when the editor is not even rendered
    const opener = find('systemInstructionsOpener');
    if (!opener) return 'unavailable';
    click(opener);
    opened = true;
    area = await waitFor(() => find('systemInstructionsTextarea'), {
      signal,
      timeoutMs: 3_000,
      what: 'the system instructions editor',
    }).catch(unlessAborted(signal, null));
  }
  if (!(area instanceof HTMLTextAreaElement)) return 'unavailable';
  if (area.value !== wanted) setFieldValue(area, wanted);
  if (await closeDialog(area, signal)) return 'set';
  if (opened) {
    const opener = find('systemInstructionsOpener');
    if (opener && opener.getAttribute('aria-expanded') === 'true') click(opener);
  }
  return 'set';
}

/** The editor sits in a dialog: close it with its close button (Escape as fallback). False: no dialog. */
async function closeDialog(area: HTMLElement, signal: AbortSignal): Promise<boolean> {
  const dialog = area.closest('mat-dialog-container, [role="dialog"]');
  if (!dialog) return false;
  const close = find('systemInstructionsClose', dialog) ?? find('systemInstructionsClose');
  if (close) click(close);
  else pressEscape();
  await waitFor(() => !dialog.isConnected, {
    signal,
    timeoutMs: 3_000,
    what: 'the system instructions dialog to close',
  }).catch((err: unknown) => {
    if (signal.aborted) throw err;
    throw notReady(
      'systemInstructionsClose',
      close ? 'was clicked but the dialog stayed open' : 'not found and Escape did not close the dialog',
    );
  });
  return true;
}
