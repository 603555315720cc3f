import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRefusal } from '../../../../protocol/version.ts';
import { translatorFrom, type MessageFile } from '../../../../extension/popup/i18n.ts';
import {
  apiBaseUrl,
  buildView,
  canHandOver,
  describeLink,
  describeRequest,
  describeTab,
  nextStep,
} from '../../../../extension/popup/view-model.ts';
import type { LinkStatus, TabStatus, WorkerStatus } from '../../../../extension/lib/status.ts';
import type { Settings } from '../../../../extension/lib/settings.ts';

const messages = (lang: string): MessageFile =>
  JSON.parse(readFileSync(`extension/_locales/${lang}/messages.json`, 'utf8')) as MessageFile;
const t = translatorFrom(messages('en'));
const zh = translatorFrom(messages('zh_CN'));

const settings: Settings = {
  bridgeUrl: 'ws://127.0.0.1:2048/extension',
  token: 't',
  workerTabCount: 1,
  pairedVia: 'manual',
  accountName: '',
  pageAccount: '',
  pageAccountId: '',
};
const link = (l: Partial<LinkStatus>, tabs: TabStatus[] = []): WorkerStatus => ({
  link: {
    state: 'disconnected',
    reason: null,
    detail: null,
    bridgeUrl: settings.bridgeUrl,
    bridgeVersion: null,
    pairedVia: 'manual',
    since: 0,
    nextRetryAt: null,
    ...l,
  },
  tabs,
  requests: [],
  updatedAt: 0,
});
const health = { ok: true, missing: [], checkedAt: 0 };
const tab: TabStatus = {
  tabId: 7,
  url: 'https://aistudio.google.com/prompts/new_chat',
  model: 'gemini-2.5-pro',
  origin: 'opened',
  connected: true,
  jobId: null,
  health,
};

describe('popup wording', () => {
  it('says why the bridge is not connected', () => {
    expect(describeLink(link({ reason: 'no_token' }), { ...settings, token: '' }, 0, t)).toMatchObject({
      tone: 'bad',
      headline: 'Not connected',
      pairing: 'Not paired',
    });
    expect(describeLink(link({ reason: 'bad_token' }), settings, 0, t).detail).toBe('The bridge rejected the token.');
    expect(describeLink(link({ reason: 'bridge_unreachable', nextRetryAt: 4_500 }), settings, 1_000, t).detail).toBe(
      'No bridge answers at ws://127.0.0.1:2048/extension. Retrying in 4 s.',
    );
    expect(describeLink(link({ reason: 'pairing_throttled', nextRetryAt: 30_000 }), settings, 0, t)).toMatchObject({
      tone: 'bad',
      detail: 'The bridge is refusing this browser for a while after too many wrong tokens. Retrying in 30 s.',
    });
    expect(describeLink(link({ reason: 'version_mismatch', detail: 'protocol 2 != 1' }), settings, 0, t).detail).toBe(
      'The bridge and extension versions do not match.',
    );
  });

  it('shows the connection and how it was paired', () => {
    const v = describeLink(
      link({ state: 'connected', bridgeVersion: '0.1.0' }),
      { ...settings, pairedVia: 'native' },
      0,
      t,
    );
    expect(v).toMatchObject({
      tone: 'ok',
      headline: 'Connected to the bridge',
      pairing: 'Paired automatically (native messaging)',
    });
    expect(v.detail).toBe('ws://127.0.0.1:2048/extension · bridge 0.1.0');
  });

  it('shows tab health, including what is missing on a changed page', () => {
    expect(describeTab(tab, t)).toMatchObject({
      title: 'gemini-2.5-pro',
      subtitle: 'Worker tab 7',
      state: 'Ready',
      tone: 'ok',
      releasable: false,
    });
    expect(describeTab({ ...tab, jobId: 'j' }, t).state).toBe('Busy');
    expect(describeTab({ ...tab, origin: 'handover' }, t)).toMatchObject({
      subtitle: 'Handed-over tab 7',
      releasable: true,
    });
    expect(
      describeTab({ ...tab, health: { ok: false, missing: ['runButton', 'promptTextarea'], checkedAt: 0 } }, t),
    ).toMatchObject({ state: 'Page changed? Missing: runButton, promptTextarea', tone: 'bad' });
    expect(describeTab({ ...tab, connected: false, health: null }, t).state).toBe('Loading…');
    expect(
      describeTab(
        { ...tab, url: 'https://accounts.google.com/v3/signin/identifier', connected: false, health: null },
        t,
      ),
    ).toMatchObject({ state: 'Signed out: sign in to Google in this tab', tone: 'bad' });
    expect(describeTab({ ...tab, model: null }, t).title).toBe('Model not known yet');
    const load = {
      tabId: '7',
      state: 'failed' as const,
      problem: 'error_page' as const,
      reason: 'the page did not load',
      attempts: 2,
      retryAt: 1,
    };
    expect(describeTab({ ...tab, connected: false, health: null, load }, t)).toMatchObject({
      state: 'the page did not load; reloading (reloaded 2×)',
      tone: 'bad',
    });
    expect(
      describeTab({ ...tab, connected: false, health: null, load: { ...load, attempts: 0, reason: null } }, t).state,
    ).toBe('The page did not load; reloading');
  });

  it('describes requests by outcome', () => {
    const r = {
      jobId: 'j',
      tabId: 1,
      model: 'gemini-2.5-pro',
      startedAt: 0,
      endedAt: 1_500,
      errorCode: null,
      message: null,
    };
    expect(describeRequest({ ...r, status: 'done' }, 5_000, t)).toEqual({
      title: 'gemini-2.5-pro',
      subtitle: '5 s ago',
      state: 'Done in 1.5 s',
      tone: 'ok',
    });
    expect(
      describeRequest({ ...r, status: 'error', errorCode: 'quota_exceeded', message: 'over quota' }, 5_000, t).state,
    ).toBe('quota_exceeded: over quota');
    expect(describeRequest({ ...r, status: 'error', errorCode: 'quota_exceeded', message: null }, 5_000, t).state).toBe(
      'quota_exceeded',
    );
    expect(describeRequest({ ...r, status: 'cancelled' }, 5_000, t).tone).toBe('warn');
    expect(describeRequest({ ...r, status: 'done' }, 125_000, t).subtitle).toBe('2 min ago');
  });

  it('offers hand-over only for an AI Studio tab that is not a worker already', () => {
    expect(canHandOver({ id: 3, url: 'https://aistudio.google.com/prompts/x' }, link({}))).toBe(true);
    expect(canHandOver({ id: 7, url: 'https://aistudio.google.com/prompts/x' }, link({}, [tab]))).toBe(false);
    expect(canHandOver({ id: 3, url: 'https://aistudio.google.com.evil.example/' }, link({}))).toBe(false);
    expect(canHandOver({ id: 3, url: 'https://example.com/' }, link({}))).toBe(false);
  });
});

describe('the one next step', () => {
  const step = (s: WorkerStatus | null) => nextStep(s, t);
  it('walks a new user from pairing to pointing a client', () => {
    expect(step(null).text).toBe('wait a moment.');
    expect(step(link({ reason: 'no_token' }))).toEqual({
      text: 'run `npx aistudio-bridge pairing` and paste the token in Settings below.',
      inSettings: true,
    });
    expect(step(link({ reason: 'bad_token' })).inSettings).toBe(true);
    expect(step(link({ reason: 'pairing_throttled' }))).toEqual(step(link({ reason: 'bad_token' })));
    expect(step(link({ reason: 'bridge_unreachable' })).text).toMatch(/^start the bridge with `npx aistudio-bridge`/);
    expect(step(link({ state: 'connected' })).text).toBe('wait while a worker tab opens on AI Studio.');
    expect(step(link({ state: 'connected' }, [{ ...tab, health: null, connected: false }])).text).toBe(
      'wait a moment.',
    );
    expect(
      step(
        link({ state: 'connected' }, [
          { ...tab, url: 'https://accounts.google.com/signin', connected: false, health: null },
        ]),
      ).text,
    ).toBe('sign in to Google in the worker tab.');
    expect(step(link({ state: 'connected' }, [tab])).text).toBe(
      'point any OpenAI client at `http://127.0.0.1:2048/v1`',
    );
  });

  it('names the side to update when the versions do not work together', () => {
    const refusal = (update: 'bridge' | 'extension') =>
      formatRefusal({
        update,
        bridge: { version: '0.3.0', protocolVersion: 2 },
        extension: { version: '0.1.0', protocolVersion: 1 },
      });
    const s = link({ reason: 'version_mismatch', detail: refusal('extension') });
    expect(step(s).text).toMatch(
      /^update the extension: reload it in `chrome:\/\/extensions` from the folder that `aistudio-bridge extension-path` prints/,
    );
    expect(describeLink(s, settings, 0, t).detail).toBe('Bridge 0.3.0 and extension 0.1.0 do not work together.');
    expect(step(link({ reason: 'version_mismatch', detail: refusal('bridge') })).text).toMatch(
      /^update the bridge: `npm install -g aistudio-bridge@latest`/,
    );
    expect(step(link({ reason: 'version_mismatch', detail: 'protocol 2 != 1' })).text).toMatch(/^update the older one/);
  });

  it('turns the bridge address into the base URL a client uses', () => {
    expect(apiBaseUrl('ws://127.0.0.1:2051/extension')).toBe('http://127.0.0.1:2051/v1');
    expect(apiBaseUrl('wss://bridge.example/extension')).toBe('https://bridge.example/v1');
  });
});

describe('Chinese', () => {
  it('every English message has a Chinese one with the same substitutions', () => {
    const en = messages('en');
    const cn = messages('zh_CN');
    expect(Object.keys(cn).sort()).toEqual(Object.keys(en).sort());
    for (const [key, { message }] of Object.entries(en)) {
      expect(cn[key]!.message.match(/\$\d/g)?.sort() ?? [], key).toEqual(message.match(/\$\d/g)?.sort() ?? []);
    }
  });

  it('renders the whole view in Chinese', () => {
    const view = buildView(link({ state: 'connected', bridgeVersion: '0.1.0' }, [tab]), settings, 0, zh);
    expect(view.link.headline).toBe('已连接到桥接服务');
    expect(view.next.text).toBe('把任意 OpenAI 客户端指向 `http://127.0.0.1:2048/v1`');
    expect(view.tabs[0]).toMatchObject({ subtitle: '工作标签页 7', state: '就绪' });
  });
});
