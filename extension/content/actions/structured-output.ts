import type { JobEvent } from '../../../protocol/job.ts';
import type { StructuredOutput, StructuredOutputMode } from '../../../protocol/structured-output.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, setFieldValue, textOf } from '../dom.ts';
import { JobError, notReady } from '../errors.ts';
import { find, findVisible } from '../find.ts';
import { ensureToolsExpanded, setSwitch } from './switches.ts';

const DIALOG_MS = 3_000;

/**
 * Structured output (docs/aistudio-page.md#run-settings, 2026-12): the switch in
 * `structuredOutputTooltip`, and the schema in its editor dialog, typed as a person pastes it
 * (value + input events, which the page's form follows) and saved; the dialog is only saved when
 * its JSON differs. `schema: null` (JSON mode) leaves the editor empty. A job without it turns
 * the switch off when it is on and leaves the saved schema as it is.
 *
 * Returns `page` (the page holds the answer to JSON), `hint` (the model has no such switch: the
 * bridge's instruction stays in the system instructions), or `off:<switch outcome>`.
 */
export async function setStructuredOutput(
  wanted: StructuredOutput | undefined,
  signal: AbortSignal,
): Promise<StructuredOutputMode | `off:${string}`> {
  if (!wanted) return `off:${await setSwitch('structuredOutputToggle', false, signal)}`;
  ensureToolsExpanded();
  const toggled = await setSwitch('structuredOutputToggle', true, signal);
  if (toggled === 'unavailable' || toggled === 'disabled') return 'hint';
  const edit = find('editSchemaButton');
  if (!edit) throw notReady('editSchemaButton', 'not found next to the Structured output switch');
  click(edit);
  await waitFor(() => find('schemaDialog'), {
    signal,
    timeoutMs: DIALOG_MS,
    what: 'the schema editor ("schemaDialog")',
  });
  const area = await waitFor(() => find('schemaTextarea'), {
    signal,
    timeoutMs: DIALOG_MS,
    what: 'the schema text ("schemaTextarea")',
  });
  if (!(area instanceof HTMLTextAreaElement)) throw notReady('schemaTextarea', 'is not a text area');
  if (sameSchema(area.value, wanted.schema)) {
    const close = find('closeDialog');
    if (close) click(close);
    await closed(signal).catch(() => undefined);
    return 'page';
  }
  setFieldValue(area, wanted.schema ? JSON.stringify(wanted.schema, null, 2) : '');
  const save = find('saveSchema');
  if (!save) throw notReady('saveSchema', 'not found in the schema editor');
  click(save);
  try {
    await closed(signal);
  } catch (err) {
    if (signal.aborted) throw err;
    // The page kept its dialog open: it shows why (e.g. a keyword it does not take) in an alert.
    const problem = textOf(findVisible('schemaDialog')[0]?.querySelector('[role="alert"]') ?? null);
    const close = find('closeDialog');
    if (close) click(close);
    throw new JobError(
      'bad_request',
      `AI Studio refused the structured output schema${problem ? `: ${problem}` : ' (its editor did not close)'}`,
    );
  }
  return 'page';
}

const closed = (signal: AbortSignal): Promise<unknown> =>
  waitFor(() => !find('schemaDialog'), { signal, timeoutMs: DIALOG_MS, what: 'the schema editor to close' });

function sameSchema(text: string, schema: Record<string, unknown> | null): boolean {
  if (text.trim() === '') return schema === null;
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(schema);
  } catch {
    return false;
  }
}

/** The system instruction to set: without the bridge's JSON hint when the page's own setting holds the answer. */
export function withoutHint(system: string | null, mode: string, wanted: StructuredOutput | undefined): string | null {
  if (mode !== 'page' || !wanted || system === null) return system;
  // The bridge joins system texts with a blank line.
  const hint = wanted.hint;
  const rest = (system.includes(`\n\n${hint}`) ? system.replace(`\n\n${hint}`, '') : system.replace(hint, '')).trim();
  return rest.length > 0 ? rest : null;
}

/** `started` says how the job was held to JSON (only for jobs that asked for it). */
export function reportStructured(
  emit: (e: JobEvent) => void,
  mode: () => StructuredOutputMode | null,
): (e: JobEvent) => void {
  return (e) => {
    const said = mode();
    emit(e.kind === 'started' && said ? { ...e, structuredOutput: said } : e);
  };
}
