// What the server tells the page when it serves it (injected as window.__SIM_CONFIG__).
// In the Google-hosts mode the RPC base is the real RPC host; standalone, it is the page's own origin.

import type { PageVariant } from './variant.ts';

export interface PageConfig {
  /** Origin of the MakerSuiteService RPCs, '' for same origin. */
  rpcBase: string;
  /** `dialog` scenario: a consent dialog with a blocking backdrop shows this long after load. */
  dialog: { delayMs: number } | null;
  /** the Run button's element and aria-label renamed (renamed-run.ts) */
  renamedRunButton?: boolean;
  /** Which 2026 differences this page load shows (empty = today's page). */
  variant: PageVariant;
  /** the profile's signed-in account (cookie SIM_ACCOUNT), shown on the account button; null = none */
  account?: string | null;
}

export const CONFIG_GLOBAL = '__SIM_CONFIG__';

export function readConfig(): PageConfig {
  const raw = (window as unknown as Record<string, unknown>)[CONFIG_GLOBAL] as Partial<PageConfig> | undefined;
  return {
    rpcBase: raw?.rpcBase ?? '',
    dialog: raw?.dialog ?? null,
    renamedRunButton: raw?.renamedRunButton === true,
    variant: raw?.variant ?? {},
    account: raw?.account ?? null,
  };
}
