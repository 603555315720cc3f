// localStorage["aiStudioUserPreference"] (docs/aistudio-page.md#urls-and-storage): the model is chosen here
// (promptModel = "models/<id>") and panels remember whether they are open.

export interface Prefs {
  promptModel?: string;
  isAdvancedOpen?: boolean;
  areToolsOpen?: boolean;
  isSystemInstructionsOpen?: boolean;
  fileCopyrightAcknowledged?: boolean;
  [key: string]: unknown;
}

const KEY = 'aiStudioUserPreference';

export function readPrefs(): Prefs {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? (v as Prefs) : {};
  } catch {
    return {};
  }
}

export function writePrefs(patch: Prefs): void {
  localStorage.setItem(KEY, JSON.stringify({ ...readPrefs(), ...patch }));
}
