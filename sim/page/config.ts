// What the server tells the page when it serves it (injected as window.__SIM_CONFIG__).
// In the Google-hosts mode the RPC base is the real RPC host; standalone, it is the page's own origin.

export interface PageConfig {
  /** Origin of the MakerSuiteService RPCs, '' for same origin. */
  rpcBase: string;
  /** `dialog` scenario: a consent dialog with a blocking backdrop shows this long after load. */
  dialog: { delayMs: number } | null;
  /** the profile's signed-in account (cookie SIM_ACCOUNT), shown on the account button; null = none */
  account?: string | null;
}

export const CONFIG_GLOBAL = '__SIM_CONFIG__';

export function readConfig(): PageConfig {
  const raw = (window as unknown as Record<string, unknown>)[CONFIG_GLOBAL] as Partial<PageConfig> | undefined;
  return { rpcBase: raw?.rpcBase ?? '', dialog: raw?.dialog ?? null, account: raw?.account ?? null };
}
