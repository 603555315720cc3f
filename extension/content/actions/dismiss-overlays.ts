import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, pressEscape } from '../dom.ts';
import { find, findAll, findVisible, isVisible } from '../find.ts';

/** First-visit flags other drivers pre-set (observed 2026-07); written in worker tabs only (jobs run nowhere else). */
const FIRST_VISIT_FLAGS = ['warmWelcomeDisplayed', 'fileCopyrightAcknowledged', 'hasShownSearchGroundingTos'] as const;

/** Pre-set the first-visit flags so the next loads of this worker tab show no welcome overlays. */
export function presetFirstVisitFlags(storage: Storage): void {
  for (const key of FIRST_VISIT_FLAGS) if (storage.getItem(key) !== 'true') storage.setItem(key, 'true');
}

/**
 * Clear whatever blocks clicks before we drive the page (docs/aistudio-page.md#overlays; dialogs
 * seen 2026-04, first-visit "Got it" / "Skip preference vote" overlays observed 2026-07):
 * consent/acknowledgement dialogs are accepted, tooltips and Google survey iframes removed,
 * CDK backdrops closed with Escape (up to 3 times) and, failing that, by clicking them.
 * Returns what it did, for logs and tests.
 */
export async function dismissOverlays(signal: AbortSignal): Promise<string[]> {
  const done: string[] = [];
  for (const el of findAll('tooltip')) el.remove();
  for (const el of findAll('surveyIframe')) {
    el.remove();
    done.push('survey');
  }
  for (let round = 0; round < 3; round++) {
    const consent = findVisible('consentButton')[0];
    if (consent) {
      click(consent);
      done.push(`consent:${(consent.textContent ?? '').trim()}`);
      await waitFor(() => !consent.isConnected || !isVisible(consent), {
        signal,
        timeoutMs: 500,
        what: 'the dialog to close',
      }).catch(unlessAborted(signal, false));
      continue;
    }
    const backdrop = find('backdrop');
    if (!backdrop) break;
    pressEscape();
    done.push('escape');
    if (await gone('backdrop', signal)) continue;
    click(backdrop);
    done.push('backdrop-click');
    await gone('backdrop', signal);
  }
  return done;
}

function gone(name: 'backdrop', signal: AbortSignal): Promise<boolean> {
  return waitFor(() => !find(name), { signal, timeoutMs: 500, what: `${name} to close` }).catch(
    unlessAborted(signal, false),
  );
}
