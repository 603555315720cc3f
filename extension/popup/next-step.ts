import { parseRefusal } from '../../protocol/version.ts';
import type { WorkerStatus } from '../lib/status.ts';
import { isGoogleSignInUrl } from '../lib/urls.ts';
import type { Translate } from './i18n.ts';

/** The one thing the popup tells the person to do now (under the status line). */
export interface NextStep {
  /** `backticked` parts are commands or addresses (rendered as code) */
  text: string;
  /** the step is done in the folded settings (pairing): open them */
  inSettings: boolean;
}

/** ws://host:port/extension → the OpenAI base URL a client uses, http://host:port/v1. */
export function apiBaseUrl(bridgeUrl: string): string {
  try {
    const url = new URL(bridgeUrl);
    return `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}/v1`;
  } catch {
    return 'http://127.0.0.1:2048/v1';
  }
}

/** ws://host:port/extension → the bridge's dashboard, http://host:port/. */
export function dashboardUrl(bridgeUrl: string): string {
  return apiBaseUrl(bridgeUrl).replace(/\/v1$/, '/');
}

/** The one thing the person should do now, most blocking first. */
export function nextStep(status: WorkerStatus | null, t: Translate): NextStep {
  const say = (text: string, inSettings = false): NextStep => ({ text, inSettings });
  if (!status || status.link.state === 'connecting') return say(t('nextWait'));
  const link = status.link;
  if (link.state === 'disconnected') {
    if (link.reason === 'no_token') return say(t('nextPaste'), true);
    // Throttled means wrong tokens came before: the current one ends it once the wait is over.
    if (link.reason === 'bad_token' || link.reason === 'pairing_throttled' || link.reason === 'bridge_unproven')
      return say(t('nextPasteCurrent'), true);
    if (link.reason === 'connection_lost') return say(t('nextReconnecting'));
    if (link.reason === 'version_mismatch') {
      const update = parseRefusal(link.detail)?.update;
      return say(
        update === 'bridge'
          ? t('nextUpdateBridge')
          : update === 'extension'
            ? t('nextUpdateExtension')
            : t('nextUpdateEither'),
      );
    }
    return say(t('nextStartBridge'));
  }
  const tabs = status.tabs;
  if (tabs.length === 0) return say(t('nextOpeningTab'));
  if (tabs.some((tab) => !tab.connected && isGoogleSignInUrl(tab.url))) return say(t('nextSignIn'));
  if (tabs.some((tab) => tab.health && !tab.health.ok)) return say(t('nextPageChanged'));
  if (!tabs.some((tab) => tab.connected && tab.health?.ok)) return say(t('nextWait'));
  return say(t('nextUse', apiBaseUrl(link.bridgeUrl)));
}
