import { bareModelId, modelPath } from '../../../protocol/model-id.ts';
import { textOf } from '../dom.ts';
import { find } from '../find.ts';

/**
 * Model selection: navigate to `/prompts/new_chat?model=<id>` (what 2026 drivers do, observed
 * 2026-02…08), keeping a `/u/<n>/` account prefix, and write `localStorage.aiStudioUserPreference`
 * `.promptModel = "models/<id>"` (+ `_promptModelOverride`) as the fallback the page reads when
 * it ignores the parameter (the older driver's only way, 2026-04; docs/aistudio-page.md#urls-and-storage). The navigation kills this content
 * script: job.ts reports `job.navigating` first.
 */
const PREFERENCE_KEY = 'aiStudioUserPreference';
const NEW_CHAT_PATH = '/prompts/new_chat';

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

/** `/u/<n>` when the page was opened under a multi-account path, else ''. */
export const accountPrefix = (pathname: string): string => /^\/u\/\d+(?=\/)/.exec(pathname)?.[0] ?? '';

/** Where a fresh chat (optionally with `model`) is, under the current account prefix. */
export function newChatUrl(pathname: string, model: string | null = null): string {
  const path = `${accountPrefix(pathname)}${NEW_CHAT_PATH}`;
  return model === null ? path : `${path}?model=${encodeURIComponent(model)}`;
}

/** Write the preferences a job needs (model + open panels); existing keys are kept. */
export function writePreferences(model: string | null, storage: Storage = localStorage): void {
  const prefs = readPreferences(storage);
  if (model !== null) prefs.promptModel = prefs._promptModelOverride = modelPath(model);
  prefs.isAdvancedOpen = true;
  prefs.areToolsOpen = true;
  storage.setItem(PREFERENCE_KEY, JSON.stringify(prefs));
}

/** The panels the settings need are forced open in the stored preferences. */
export function panelsForcedOpen(storage: Storage = localStorage): boolean {
  const prefs = readPreferences(storage);
  return prefs.isAdvancedOpen === true && prefs.areToolsOpen === true;
}
