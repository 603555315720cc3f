import { parseRefusal } from '../../protocol/version.ts';
import type { LinkStatus, RequestStatus, TabStatus, WorkerStatus } from '../lib/status.ts';
import type { Settings } from '../lib/settings.ts';
import { isAiStudioUrl, isGoogleSignInUrl } from '../lib/urls.ts';
import type { Translate } from './i18n.ts';
import { nextStep, type NextStep } from './next-step.ts';

export { apiBaseUrl, nextStep } from './next-step.ts';

/**
 * Pure translation of the worker's status into what the popup shows. Kept free of the DOM so
 * every wording is unit-tested; render.ts only puts these views on screen. To show something new
 * (another status field), add it to WorkerStatus, derive it here into PopupView, render it there.
 */
export type Tone = 'ok' | 'warn' | 'bad';

export interface LinkView {
  tone: Tone;
  headline: string;
  detail: string;
  pairing: string;
}

export interface TabView {
  tabId: number;
  /** the model the tab shows */
  title: string;
  /** which tab, and how it became a worker */
  subtitle: string;
  state: string;
  tone: Tone;
  releasable: boolean;
}

export interface RequestView {
  title: string;
  subtitle: string;
  state: string;
  tone: Tone;
}

export interface PopupView {
  link: LinkView;
  next: NextStep;
  tabs: TabView[];
  requests: RequestView[];
}

const MAX_REQUESTS_SHOWN = 6;

export function buildView(status: WorkerStatus | null, settings: Settings, now: number, t: Translate): PopupView {
  return {
    link: describeLink(status, settings, now, t),
    next: nextStep(status, t),
    tabs: (status?.tabs ?? []).map((tab) => describeTab(tab, t)),
    requests: (status?.requests ?? []).slice(0, MAX_REQUESTS_SHOWN).map((r) => describeRequest(r, now, t)),
  };
}

function whyDisconnected(link: LinkStatus, t: Translate): string {
  switch (link.reason) {
    case 'no_token':
      return t('reasonNoToken');
    case 'bad_token':
      return t('reasonBadToken');
    case 'version_mismatch': {
      const refusal = parseRefusal(link.detail);
      return refusal
        ? t('reasonVersion', refusal.bridge.version, refusal.extension.version)
        : t('reasonVersionUnknown');
    }
    case 'bridge_unreachable':
      return t('reasonUnreachable', link.bridgeUrl);
    case 'pairing_throttled':
      return t('reasonThrottled');
    case 'bridge_unproven':
      return t('reasonUnproven', link.bridgeUrl);
    case 'connection_lost':
      return t('reasonLost');
    case null:
      return link.detail ?? '';
  }
}

export function describeLink(status: WorkerStatus | null, settings: Settings, now: number, t: Translate): LinkView {
  const pairing = !settings.token
    ? t('pairingNone')
    : settings.pairedVia === 'native'
      ? t('pairingNative')
      : t('pairingManual');
  if (!status) return { tone: 'warn', headline: t('statusStarting'), detail: t('detailStarting'), pairing };
  const link = status.link;
  if (link.state === 'connected') {
    const version = link.bridgeVersion ? ` · ${t('detailBridgeVersion', link.bridgeVersion)}` : '';
    return { tone: 'ok', headline: t('statusConnected'), detail: `${link.bridgeUrl}${version}`, pairing };
  }
  if (link.state === 'connecting')
    return { tone: 'warn', headline: t('statusConnecting'), detail: link.bridgeUrl, pairing };
  const retry =
    link.nextRetryAt && link.nextRetryAt > now ? ` ${t('retryIn', Math.ceil((link.nextRetryAt - now) / 1000))}` : '';
  return {
    tone: link.reason === 'connection_lost' ? 'warn' : 'bad',
    headline: t('statusNotConnected'),
    detail: `${whyDisconnected(link, t)}${retry}`,
    pairing,
  };
}

export function describeTab(tab: TabStatus, t: Translate): TabView {
  const base = {
    tabId: tab.tabId,
    title: tab.model ?? t('tabModelUnknown'),
    subtitle: t(tab.origin === 'handover' ? 'tabHandedOver' : 'tabWorker', tab.tabId),
    releasable: tab.origin === 'handover',
  };
  if (!tab.connected && tab.load?.state === 'failed') {
    const reason = tab.load.reason ?? t('tabDidNotLoad');
    const state =
      tab.load.attempts > 0 ? t('tabReloadingTries', reason, String(tab.load.attempts)) : t('tabReloading', reason);
    return { ...base, state, tone: 'bad' };
  }
  if (!tab.connected && isGoogleSignInUrl(tab.url)) return { ...base, state: t('tabSignedOut'), tone: 'bad' };
  if (!tab.connected) return { ...base, state: t('tabLoading'), tone: 'warn' };
  if (tab.health && !tab.health.ok)
    return { ...base, state: t('tabPageChanged', tab.health.missing.join(', ')), tone: 'bad' };
  if (!tab.health) return { ...base, state: t('tabChecking'), tone: 'warn' };
  return { ...base, state: tab.jobId ? t('tabBusy') : t('tabReady'), tone: 'ok' };
}

export function describeRequest(r: RequestStatus, now: number, t: Translate): RequestView {
  const age = Math.max(0, Math.round((now - r.startedAt) / 1000));
  const subtitle =
    age < 60
      ? t('agoSeconds', age)
      : age < 3600
        ? t('agoMinutes', Math.round(age / 60))
        : t('agoHours', Math.round(age / 3600));
  const title = r.model ?? t('currentModel');
  switch (r.status) {
    case 'running':
      return { title, subtitle, state: t('requestRunning'), tone: 'warn' };
    case 'done':
      return {
        title,
        subtitle,
        state: t('requestDone', r.endedAt ? ((r.endedAt - r.startedAt) / 1000).toFixed(1) : '?'),
        tone: 'ok',
      };
    case 'cancelled':
      return { title, subtitle, state: t('requestCancelled'), tone: 'warn' };
    case 'error':
      return {
        title,
        subtitle,
        state: t('requestError', r.errorCode ?? 'error', r.message ?? '').replace(/[:：]\s*$/, ''),
        tone: 'bad',
      };
  }
}

/** The hand-over button is offered only for an AI Studio tab that is not serving already. */
export function canHandOver(activeTab: { id?: number; url?: string } | null, status: WorkerStatus | null): boolean {
  if (activeTab?.id === undefined || !isAiStudioUrl(activeTab.url)) return false;
  return !status?.tabs.some((tab) => tab.tabId === activeTab.id);
}
