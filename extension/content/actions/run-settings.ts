import type { RunSettings } from '../../../protocol/job.ts';
import { numberValue, setFieldValue } from '../dom.ts';
import { notReady } from '../errors.ts';
import { type SelectorName } from '../selectors.ts';
import { find } from '../find.ts';
import { requireControl } from './expand-sections.ts';

/**
 * Temperature, top-p and max output tokens: each touched only when the page shows a different
 * value (the older driver's tolerances: 0.001 for temperature, 1e-9 for top-p, integer compare for
 * tokens). Angular number inputs commit on input/change/blur, so setFieldValue fires all three.
 * Returns the names of the controls it changed.
 */
interface NumberControl {
  selector: SelectorName;
  value: number | undefined;
  tolerance: number;
  format: (v: number) => string;
}

export async function applyRunSettings(settings: RunSettings, signal: AbortSignal): Promise<string[]> {
  const controls: NumberControl[] = [
    { selector: 'temperatureInput', value: settings.temperature, tolerance: 0.001, format: String },
    { selector: 'topPInput', value: settings.topP, tolerance: 1e-9, format: String },
    {
      selector: 'maxTokensInput',
      value: settings.maxOutputTokens,
      tolerance: 0.5,
      format: (v) => String(Math.round(v)),
    },
  ];
  const changed: string[] = [];
  for (const control of controls) {
    if (control.value === undefined) continue;
    // A control inside a collapsed section is one click away: requireControl expands and looks again.
    const input = await requireControl(control.selector, signal);
    if (!(input instanceof HTMLInputElement)) throw notReady(control.selector, 'is not an input');
    if (differs(numberValue(input), control.value, control.tolerance)) {
      setFieldValue(input, control.format(control.value));
      changed.push(control.selector);
    }
  }
  if (changed.length > 0) {
    // Angular (zone.js) handles change/blur synchronously, so a clamp is already visible: verify
    // by reading back, without a timer (hidden tabs delay timers by ≥ 1 s).
    if (signal.aborted) throw signal.reason;
    for (const control of controls) {
      if (control.value === undefined || !changed.includes(control.selector)) continue;
      const input = find(control.selector) as HTMLInputElement | null;
      if (input && differs(numberValue(input), control.value, control.tolerance)) {
        // The page clamped the value (e.g. max tokens above the model's limit): keep the page's.
        changed.push(`${control.selector}:clamped=${input.value}`);
      }
    }
  }
  return changed;
}

export const differs = (shown: number, wanted: number, tolerance: number): boolean =>
  Number.isNaN(shown) || Math.abs(shown - wanted) >= tolerance;
