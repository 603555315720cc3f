import { describe, expect, it } from 'vitest';
import { canHandOver, describeLink, describeRequest, describeTab } from '../../../../extension/popup/view-model.ts';
import type { LinkStatus, WorkerStatus } from '../../../../extension/lib/status.ts';
import type { Settings } from '../../../../extension/lib/settings.ts';

const settings: Settings = { bridgeUrl: 'ws://127.0.0.1:2048/extension', token: 't', workerTabCount: 1, pairedVia: 'manual' };
const link = (l: Partial<LinkStatus>): WorkerStatus => ({
  link: { state: 'disconnected', reason: null, detail: null, bridgeUrl: settings.bridgeUrl, bridgeVersion: null, pairedVia: 'manual', since: 0, nextRetryAt: null, ...l },
  tabs: [], requests: [], updatedAt: 0,
});
const health = { ok: true, missing: [], checkedAt: 0 };

describe('popup wording', () => {
  it('says why the bridge is not connected', () => {
    expect(describeLink(link({ reason: 'no_token' }), { ...settings, token: '' }, 0)).toMatchObject({ tone: 'bad', headline: 'Not connected', pairing: 'not paired' });
    expect(describeLink(link({ reason: 'bad_token' }), settings, 0).detail).toContain('rejected the token');
    expect(describeLink(link({ reason: 'bridge_unreachable', nextRetryAt: 4_500 }), settings, 1_000).detail).toMatch(/Bridge not running.*Retrying in 4 s\./);
    expect(describeLink(link({ reason: 'version_mismatch' }), settings, 0).detail).toContain('versions do not match');
  });

  it('shows the connection and how it was paired', () => {
    const v = describeLink(link({ state: 'connected', bridgeVersion: '0.1.0' }), { ...settings, pairedVia: 'native' }, 0);
    expect(v).toMatchObject({ tone: 'ok', headline: 'Connected to the bridge', pairing: 'paired automatically (native messaging)' });
    expect(v.detail).toContain('bridge 0.1.0');
  });

  it('shows tab health, including what is missing on a changed page', () => {
    const base = { tabId: 7, url: 'https://aistudio.google.com/prompts/new_chat', model: 'gemini-2.5-pro', origin: 'opened' as const, connected: true, jobId: null };
    expect(describeTab({ ...base, health })).toMatchObject({ title: 'worker tab 7 · gemini-2.5-pro', state: 'ready', tone: 'ok' });
    expect(describeTab({ ...base, health, jobId: 'j' }).state).toBe('busy');
    expect(describeTab({ ...base, health: { ok: false, missing: ['runButton', 'promptTextarea'], checkedAt: 0 } })).toMatchObject({ state: 'page changed? missing: runButton, promptTextarea', tone: 'bad' });
    expect(describeTab({ ...base, connected: false, health: null }).state).toBe('loading…');
    expect(describeTab({ ...base, url: 'https://accounts.google.com/v3/signin/identifier', connected: false, health: null })).toMatchObject({ state: 'signed out: sign in to Google in this tab', tone: 'bad' });
    const load = { tabId: '7', state: 'failed' as const, problem: 'error_page' as const, reason: 'the page did not load', attempts: 2, retryAt: 1 };
    expect(describeTab({ ...base, connected: false, health: null, load })).toMatchObject({ state: 'the page did not load; reloading (reloaded 2×)', tone: 'bad' });
  });

  it('describes requests by outcome', () => {
    const r = { jobId: 'j', tabId: 1, model: 'gemini-2.5-pro', startedAt: 0, endedAt: 1_500, errorCode: null, message: null };
    expect(describeRequest({ ...r, status: 'done' }, 5_000)).toEqual({ label: 'gemini-2.5-pro · 5 s ago', state: 'done in 1.5 s', tone: 'ok' });
    expect(describeRequest({ ...r, status: 'error', errorCode: 'quota_exceeded', message: 'over quota' }, 5_000).state).toBe('quota_exceeded: over quota');
    expect(describeRequest({ ...r, status: 'cancelled' }, 5_000).tone).toBe('warn');
  });

  it('offers hand-over only for an AI Studio tab that is not a worker yet', () => {
    const status = { ...link({}), tabs: [{ tabId: 3, url: '', model: null, health: null, origin: 'opened' as const, connected: true, jobId: null }] };
    expect(canHandOver({ id: 5, url: 'https://aistudio.google.com/prompts/x' }, status)).toBe(true);
    expect(canHandOver({ id: 3, url: 'https://aistudio.google.com/prompts/x' }, status)).toBe(false);
    expect(canHandOver({ id: 5, url: 'https://aistudio.google.com.evil.example/' }, status)).toBe(false);
    expect(canHandOver({ id: 5, url: 'https://example.com/' }, status)).toBe(false);
  });
});
