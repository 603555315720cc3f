import type { LinkStatus, RequestStatus, TabStatus, WorkerStatus } from '../lib/status.ts';
import type { Settings } from '../lib/settings.ts';
import { isAiStudioUrl, isGoogleSignInUrl } from '../lib/urls.ts';

/**
 * Pure translation of the worker's status into what the popup says. Kept free of the DOM so
 * every wording is unit-tested; render.ts only puts these strings on screen.
 */
export type Tone = 'ok' | 'warn' | 'bad';

export interface LinkView {
  tone: Tone;
  headline: string;
  detail: string;
  pairing: string;
}

const REASONS: Record<NonNullable<LinkStatus['reason']>, string> = {
  no_token: 'Not paired: paste the token the bridge prints (npx aistudio-bridge pairing).',
  bad_token: 'The bridge rejected the token: paste the current one.',
  version_mismatch: 'Bridge and extension versions do not match: update the older one.',
  bridge_unreachable: 'Bridge not running (or wrong URL): start it with npx aistudio-bridge.',
  connection_lost: 'Connection to the bridge lost: reconnecting.',
};

export function describeLink(status: WorkerStatus | null, settings: Settings, now: number): LinkView {
  const pairing = !settings.token ? 'not paired' : settings.pairedVia === 'native' ? 'paired automatically (native messaging)' : 'paired with a pasted token';
  if (!status) return { tone: 'warn', headline: 'Starting…', detail: 'The extension is starting up.', pairing };
  const link = status.link;
  if (link.state === 'connected') {
    return { tone: 'ok', headline: 'Connected to the bridge', detail: `${link.bridgeUrl}${link.bridgeVersion ? ` · bridge ${link.bridgeVersion}` : ''}`, pairing };
  }
  if (link.state === 'connecting') return { tone: 'warn', headline: 'Connecting…', detail: link.bridgeUrl, pairing };
  const why = link.reason ? REASONS[link.reason] : (link.detail ?? 'Not connected.');
  const retry = link.nextRetryAt && link.nextRetryAt > now ? ` Retrying in ${Math.ceil((link.nextRetryAt - now) / 1000)} s.` : '';
  return { tone: link.reason === 'connection_lost' ? 'warn' : 'bad', headline: 'Not connected', detail: `${why}${retry}`, pairing };
}

export interface TabView {
  tabId: number;
  title: string;
  state: string;
  tone: Tone;
}

export function describeTab(tab: TabStatus): TabView {
  const who = tab.origin === 'handover' ? 'handed-over tab' : 'worker tab';
  const title = `${who} ${tab.tabId}${tab.model ? ` · ${tab.model}` : ''}`;
  if (!tab.connected && tab.load?.state === 'failed') {
    const tries = tab.load.attempts > 0 ? ` (reloaded ${tab.load.attempts}×)` : '';
    return { tabId: tab.tabId, title, state: `${tab.load.reason ?? 'did not load'}; reloading${tries}`, tone: 'bad' };
  }
  if (!tab.connected && isGoogleSignInUrl(tab.url)) return { tabId: tab.tabId, title, state: 'signed out: sign in to Google in this tab', tone: 'bad' };
  if (!tab.connected) return { tabId: tab.tabId, title, state: 'loading…', tone: 'warn' };
  if (tab.health && !tab.health.ok) return { tabId: tab.tabId, title, state: `page changed? missing: ${tab.health.missing.join(', ')}`, tone: 'bad' };
  if (!tab.health) return { tabId: tab.tabId, title, state: 'checking the page…', tone: 'warn' };
  return { tabId: tab.tabId, title, state: tab.jobId ? 'busy' : 'ready', tone: 'ok' };
}

export interface RequestView {
  label: string;
  state: string;
  tone: Tone;
}

export function describeRequest(r: RequestStatus, now: number): RequestView {
  const age = Math.max(0, Math.round((now - r.startedAt) / 1000));
  const when = age < 60 ? `${age} s ago` : age < 3600 ? `${Math.round(age / 60)} min ago` : `${Math.round(age / 3600)} h ago`;
  const took = r.endedAt ? ` in ${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s` : '';
  const label = `${r.model ?? 'current model'} · ${when}`;
  switch (r.status) {
    case 'running':
      return { label, state: 'running', tone: 'warn' };
    case 'done':
      return { label, state: `done${took}`, tone: 'ok' };
    case 'cancelled':
      return { label, state: 'cancelled by the client', tone: 'warn' };
    case 'error':
      return { label, state: `${r.errorCode ?? 'error'}: ${r.message ?? ''}`.trim(), tone: 'bad' };
  }
}

/** The hand-over button is offered only for an AI Studio tab that is not serving already. */
export function canHandOver(activeTab: { id?: number; url?: string } | null, status: WorkerStatus | null): boolean {
  if (activeTab?.id === undefined || !isAiStudioUrl(activeTab.url)) return false;
  return !status?.tabs.some((t) => t.tabId === activeTab.id);
}
