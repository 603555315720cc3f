import { z } from 'zod';
/** The part of chrome.storage.local that reading settings needs. */
export interface SettingsStore {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
}

/**
 * What the person configures (chrome.storage.local, survives restarts). Every field falls back to
 * its default when storage holds something unexpected, so a corrupt value never bricks the link.
 */
export const DEFAULT_BRIDGE_URL = 'ws://127.0.0.1:2048/extension';
export const MAX_WORKER_TABS = 4;

export const PairedVia = z.enum(['native', 'manual', 'unknown']);
export type PairedVia = z.infer<typeof PairedVia>;

const WsUrl = z.string().trim().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'ws:' || url.protocol === 'wss:';
  } catch {
    return false;
  }
}, 'must be a ws:// or wss:// URL');

export const Settings = z.object({
  bridgeUrl: WsUrl.catch(DEFAULT_BRIDGE_URL),
  token: z.string().trim().catch(''),
  workerTabCount: z.number().int().min(1).max(MAX_WORKER_TABS).catch(1),
  pairedVia: PairedVia.catch('unknown'),
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_KEYS = ['bridgeUrl', 'token', 'workerTabCount', 'pairedVia'] as const;

export function parseSettings(stored: Record<string, unknown>): Settings {
  return Settings.parse({
    bridgeUrl: stored.bridgeUrl ?? DEFAULT_BRIDGE_URL,
    token: stored.token ?? '',
    workerTabCount: stored.workerTabCount ?? 1,
    pairedVia: stored.pairedVia ?? 'unknown',
  });
}

export async function loadSettings(local: SettingsStore): Promise<Settings> {
  return parseSettings(await local.get([...SETTINGS_KEYS]));
}

/** The popup's "paste the URL" field accepts http(s):// bridge addresses too and means /extension. */
export function normaliseBridgeUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/extension';
  return url.toString();
}
