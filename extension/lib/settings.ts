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

const WsUrl = z
  .string()
  .trim()
  .refine((value) => {
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
  /** the name the person gave this profile's account in the popup ('' = use the page's) */
  accountName: z.string().trim().max(64).catch(''),
  /** the signed-in account a worker tab's page showed, as a reduced label ('' = none seen yet) */
  pageAccount: z.string().trim().max(64).catch(''),
  /** that account's identity, a keyed hash of its address computed in the page ('' = none seen yet) */
  pageAccountId: z.string().trim().max(64).catch(''),
});
export type Settings = z.infer<typeof Settings>;

const SETTINGS_KEYS = [
  'bridgeUrl',
  'token',
  'workerTabCount',
  'pairedVia',
  'accountName',
  'pageAccount',
  'pageAccountId',
] as const;

export function parseSettings(stored: Record<string, unknown>): Settings {
  return Settings.parse({
    bridgeUrl: stored.bridgeUrl ?? DEFAULT_BRIDGE_URL,
    token: stored.token ?? '',
    workerTabCount: stored.workerTabCount ?? 1,
    pairedVia: stored.pairedVia ?? 'unknown',
    accountName: stored.accountName ?? '',
    pageAccount: stored.pageAccount ?? '',
    pageAccountId: stored.pageAccountId ?? '',
  });
}

/** The account label the bridge is told: the popup's name wins over the page's. */
export const accountOf = (s: Settings): string => s.accountName || s.pageAccount;

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
