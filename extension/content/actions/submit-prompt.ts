import { waitFor } from '../../lib/dom-wait.ts';
import { click, isEnabled, setFieldValue } from '../dom.ts';
import { notReady } from '../errors.ts';
import { find } from '../find.ts';

/**
 * Enter the prompt and click Run (docs/aistudio-page.md#prompt-and-run, 2026-04). We set `value` and fire
 * bubbling input/change instead of typing (fast, no IME/autocomplete effects), mirror the text
 * into the autosize wrapper's `data-value` (else Angular autosize may keep the old text), then wait for Run to
 * become enabled: the page enables it only after it has seen the input event.
 */
export async function fillPrompt(prompt: string, signal: AbortSignal): Promise<HTMLElement> {
  const area = find('promptTextarea');
  if (!(area instanceof HTMLTextAreaElement)) throw notReady('promptTextarea');
  setFieldValue(area, prompt, { blur: false });
  find('promptAutosize')?.setAttribute('data-value', prompt);
  const run = await waitFor(
    () => {
      const button = find('runButton');
      return button && isEnabled(button) ? button : null;
    },
    { signal, timeoutMs: 10_000, what: 'the Run button to be enabled' },
  ).catch((err: unknown) => {
    if (signal.aborted) throw err;
    throw notReady('runButton', 'did not become enabled after the prompt was entered');
  });
  return run;
}

/** Click Run (the caller has subscribed to the network tap first, so no record is missed). */
export function clickRun(run: HTMLElement): void {
  click(run);
}
