import { bareModelId, modelPath } from '../../../protocol/model-id.ts';
import { textOf } from '../dom.ts';
import { find } from '../selectors.ts';

/**
 * Model selection the way the older driver does it (docs/aistudio-page.md#urls-and-storage, 2026-04): no URL
 * parameter and no picker is clicked; the page reads `localStorage.aiStudioUserPreference`
 * `.promptModel = "models/<id>"` when /prompts/new_chat loads. So a switch is a preference write
 * plus a navigation, which kills this content script: job.ts reports `job.navigating` first.
 */
export const PREFERENCE_KEY = 'aiStudioUserPreference';
export const NEW_CHAT_PATH = '/prompts/new_chat';

/** The bare model id the page shows, e.g. "gemini-2.5-pro"; null when not shown. */
export function currentModel(): string | null {
  const text = textOf(find('modelName'));
  if (!text) return null;
  return bareModelId(text);
}

type Preferences = Record<string, unknown>;

function readPreferences(storage: Storage): Preferences {
  try {
    const raw: unknown = JSON.parse(storage.getItem(PREFERENCE_KEY) ?? '{}');
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Preferences) : {};
  } catch {
    return {};
  }
}

/** The job asks for a model the page does not show: a reload is needed. */
export const modelDiffers = (model: string | null): boolean => model !== null && model !== currentModel();

/** Write the preferences a job needs (model + open panels); existing keys are kept. */
export function writePreferences(model: string | null, storage: Storage = localStorage): void {
  const prefs = readPreferences(storage);
  if (model !== null) prefs.promptModel = modelPath(model);
  prefs.isAdvancedOpen = true;
  prefs.areToolsOpen = true;
  storage.setItem(PREFERENCE_KEY, JSON.stringify(prefs));
}

/** The panels the settings need are forced open in the stored preferences. */
export function panelsForcedOpen(storage: Storage = localStorage): boolean {
  const prefs = readPreferences(storage);
  return prefs.isAdvancedOpen === true && prefs.areToolsOpen === true;
}
