import { waitFor } from '../../lib/dom-wait.ts';
import { click } from '../dom.ts';
import { notReady } from '../errors.ts';
import { find } from '../find.ts';

/**
 * Narrow, collapsed and "zen" layouts leave the run-settings panel (settings and the model name)
 * out of the DOM until its toggle is clicked (observed 2026-07 at 460×800). Open it before
 * touching settings or reading the model. A page with neither panel nor toggle is left alone:
 * the steps that need a control name it when it is missing.
 */
export async function ensureRunSettingsOpen(signal: AbortSignal): Promise<'open' | 'opened' | 'unavailable'> {
  if (panelShown()) return 'open';
  const toggle = find('runSettingsToggle');
  if (!toggle) return 'unavailable';
  click(toggle);
  await waitFor(panelShown, { signal, timeoutMs: 3_000, what: 'the run-settings panel to open' }).catch(
    (err: unknown) => {
      if (signal.aborted) throw err;
      throw notReady('runSettingsPanel', 'did not open after clicking "runSettingsToggle"');
    },
  );
  return 'opened';
}

// The panel's element name is a guess (no source names it): what lives in it counts as well.
const panelShown = (): boolean =>
  find('runSettingsPanel') !== null || find('temperatureInput') !== null || find('modelName') !== null;
