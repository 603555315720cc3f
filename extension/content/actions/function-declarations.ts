import type { FunctionDeclaration } from '../../../protocol/job.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, setFieldValue, textOf } from '../dom.ts';
import { JobError } from '../errors.ts';
import { find, findVisible } from '../find.ts';
import { setSwitch, type SwitchResult } from './switches.ts';

/**
 * Function calling (docs/aistudio-page.md#function-calling, 2026-04): the switch in `functionCallingTooltip`, and the
 * declarations as a JSON array in the "Function declarations" dialog's code editor. The dialog
 * is only saved when its JSON differs from what we want.
 */
export async function setFunctionDeclarations(
  tools: FunctionDeclaration[] | undefined,
  signal: AbortSignal,
): Promise<string> {
  if (!tools || tools.length === 0) return `off:${await setSwitch('functionCallingToggle', false, signal)}`;
  const toggled: SwitchResult = await setSwitch('functionCallingToggle', true, signal);
  if (toggled === 'unavailable' || toggled === 'disabled') {
    throw new JobError('bad_request', 'this AI Studio model does not offer function calling');
  }
  const edit = find('editDeclarationsButton');
  if (!edit) throw new JobError('page_not_ready', 'AI Studio page element "editDeclarationsButton" not found');
  click(edit);
  const dialog = await waitFor(() => find('declarationsDialog'), {
    signal,
    timeoutMs: 3_000,
    what: 'the function declarations dialog ("declarationsDialog")',
  });
  const tab = find('codeEditorTab', dialog);
  if (tab && tab.getAttribute('aria-selected') !== 'true') click(tab);
  const area = await waitFor(() => find('declarationsTextarea'), {
    signal,
    timeoutMs: 3_000,
    what: 'the declarations editor ("declarationsTextarea")',
  });
  if (!(area instanceof HTMLTextAreaElement))
    throw new JobError('page_not_ready', 'AI Studio page element "declarationsTextarea" not found');

  const wanted = tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(t.parameters ? { parameters: t.parameters } : {}),
  }));
  if (sameJson(area.value, wanted)) {
    closeDialog();
    await waitFor(() => !find('declarationsDialog'), {
      signal,
      timeoutMs: 3_000,
      what: 'the declarations dialog to close',
    }).catch(() => undefined);
    return 'unchanged';
  }
  setFieldValue(area, JSON.stringify(wanted, null, 2));
  const save = find('saveDeclarations');
  if (!save) throw new JobError('page_not_ready', 'AI Studio page element "saveDeclarations" not found');
  click(save);
  try {
    await waitFor(() => !find('declarationsDialog'), {
      signal,
      timeoutMs: 3_000,
      what: 'the declarations dialog ("declarationsDialog") to close',
    });
  } catch (err) {
    if (signal.aborted) throw err;
    const problem = textOf(findVisible('declarationsDialog')[0]?.querySelector('[role="alert"]') ?? null);
    closeDialog();
    throw new JobError('bad_request', `AI Studio rejected the function declarations${problem ? `: ${problem}` : ''}`);
  }
  return 'saved';
}

function closeDialog(): void {
  const close = find('closeDialog');
  if (close) click(close);
}

function sameJson(text: string, wanted: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}
