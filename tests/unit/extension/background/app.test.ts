import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../../protocol/index.ts';
import { WorkerApp } from '../../../../extension/background/app.ts';
import type { RequestPairing } from '../../../../extension/background/pairing.ts';
import { STATUS_KEY, WorkerStatus } from '../../../../extension/lib/status.ts';
import { FakeChrome, FakeClock, FakePort, FakeSocket, flush, proveBridge } from './fakes.ts';

const health = { ok: true, missing: [], checkedAt: 1 };

async function setup(opts: { token?: string; count?: number; pairing?: RequestPairing } = {}) {
  const chrome = new FakeChrome();
  if (opts.token !== '')
    chrome.local.data = {
      token: opts.token ?? 'tok',
      bridgeUrl: 'ws://127.0.0.1:3001/extension',
      workerTabCount: opts.count ?? 1,
    };
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const app = new WorkerApp({
    chrome,
    clock,
    random: () => 0,
    requestPairing: opts.pairing ?? null,
    log: () => undefined,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  await app.start();
  await flush();
  const last = () => sockets[sockets.length - 1]!;
  const welcome = async () => {
    last().open();
    await proveBridge(last(), String(chrome.local.data.token));
    last().receive('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.1.0' });
    await flush();
  };
  /** the content script of a tab connecting to the worker and saying hello */
  const contentOf = (tabId: number) => {
    const port = new FakePort(tabId);
    app.onConnect(port);
    port.fromContent('tab.hello', {
      url: 'https://aistudio.google.com/prompts/new_chat',
      model: 'gemini-2.5-flash',
      health,
    });
    return port;
  };
  const status = async () => {
    await clock.advance(100);
    return WorkerStatus.parse(chrome.session.data[STATUS_KEY]);
  };
  return { chrome, clock, sockets, app, last, welcome, contentOf, status };
}

describe('WorkerApp', () => {
  it('opens no worker window until the bridge link is up, then one unfocused window per configured count', async () => {
    const t = await setup({ count: 2 });
    expect(t.chrome.windowsCreated).toBe(0);
    expect(t.last().url).toBe('ws://127.0.0.1:3001/extension');
    await t.welcome();
    await flush();
    expect(t.chrome.windowsCreated).toBe(1); // the second tab goes into the same window
    // A fixed desktop size: narrower windows make AI Studio drop its run-settings panel.
    expect(t.chrome.windowSizes).toEqual([{ width: 1280, height: 900 }]);
    const workerIds = [...t.chrome.tabsById.keys()];
    expect(workerIds).toHaveLength(2);
    expect(t.chrome.updates.filter((u) => u.autoDiscardable === false).map((u) => u.tabId)).toEqual(workerIds);
  });

  it("a person's own AI Studio tab stays idle; the extension's own tab serves", async () => {
    const t = await setup();
    const own = t.chrome.addTab('https://aistudio.google.com/prompts/abc');
    await t.welcome();
    const workerId = [...t.chrome.tabsById.keys()].find((id) => id !== own)!;
    const ownPort = t.contentOf(own);
    const workerPort = t.contentOf(workerId);
    expect(ownPort.lastRole()).toBe('idle');
    expect(workerPort.lastRole()).toBe('worker');
    const ready = t.last().sent.filter((m) => (m as { type: string }).type === 'tab.ready');
    expect(ready).toEqual([expect.objectContaining({ data: expect.objectContaining({ tabId: String(workerId) }) })]);
  });

  it('replaces a closed extension-opened worker tab and fails its running job with tab_gone', async () => {
    const t = await setup();
    await t.welcome();
    const [first] = [...t.chrome.tabsById.keys()];
    const port = t.contentOf(first!);
    t.last().receive('job.start', {
      jobId: 'j1',
      tabId: String(first),
      request: { model: null, systemInstruction: null, prompt: 'x', settings: {} },
    });
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.start' });
    t.chrome.tabsById.delete(first!);
    port.gone();
    await t.app.onTabRemoved(first!);
    await flush();
    expect(t.last().sent).toContainEqual(
      expect.objectContaining({
        type: 'job.event',
        data: { jobId: 'j1', event: expect.objectContaining({ kind: 'error', code: 'tab_gone' }) },
      }),
    );
    expect(t.last().sent).toContainEqual(
      expect.objectContaining({ type: 'tab.gone', data: expect.objectContaining({ tabId: String(first) }) }),
    );
    expect([...t.chrome.tabsById.keys()]).toHaveLength(1);
    expect([...t.chrome.tabsById.keys()][0]).not.toBe(first);
    const s = await t.status();
    expect(s.requests[0]).toMatchObject({ jobId: 'j1', status: 'error', errorCode: 'tab_gone' });
  });

  it('when the bridge restarts mid-job, the page run is stopped and the tab is offered to the new bridge only once free', async () => {
    const t = await setup();
    await t.welcome();
    const [first] = [...t.chrome.tabsById.keys()];
    const port = t.contentOf(first!);
    t.last().receive('job.start', {
      jobId: 'j1',
      tabId: String(first),
      request: { model: null, systemInstruction: null, prompt: 'x', settings: {} },
    });
    t.last().serverClose(1006);
    await flush();
    expect(port.posted.at(-1)).toMatchObject({ type: 'job.cancel', data: { jobId: 'j1' } });
    await t.clock.advance(1_000); // backoff, then the new connection
    await t.welcome();
    expect(t.last().types()).not.toContain('tab.ready');
    port.fromContent('job.event', { jobId: 'j1', event: { kind: 'error', code: 'cancelled', message: 'stopped' } });
    expect(t.last().types()).toContain('tab.ready');
  });

  it('a handed-over tab becomes a worker and is not replaced when it closes', async () => {
    const t = await setup();
    await t.welcome();
    const own = t.chrome.addTab('https://aistudio.google.com/prompts/abc');
    const port = t.contentOf(own);
    expect(port.lastRole()).toBe('idle');
    expect(await t.app.onPopupRequest({ type: 'handover', tabId: own })).toEqual({ ok: true });
    expect(port.lastRole()).toBe('worker');
    const before = t.chrome.tabsById.size;
    t.chrome.tabsById.delete(own);
    port.gone();
    await t.app.onTabRemoved(own);
    await flush();
    expect(t.chrome.tabsById.size).toBe(before - 1);
  });

  it('refuses to hand over a tab that is not AI Studio', async () => {
    const t = await setup();
    const other = t.chrome.addTab('https://example.com/');
    expect(await t.app.onPopupRequest({ type: 'handover', tabId: other })).toMatchObject({ ok: false });
  });

  it('a pasted token (settings change) reconnects with it; status tells the popup why it is down', async () => {
    const t = await setup({ token: '' });
    expect(t.sockets).toHaveLength(0);
    expect((await t.status()).link).toMatchObject({ state: 'disconnected', reason: 'no_token' });
    await t.chrome.local.set({ token: 'pasted', bridgeUrl: 'ws://127.0.0.1:3002/extension' });
    await t.app.onSettingsChanged();
    await flush();
    expect(t.sockets).toHaveLength(1);
    t.last().open();
    expect(t.last().sent[0]).toMatchObject({ type: 'hello', data: { pairedVia: 'manual' } });
    await proveBridge(t.last(), 'pasted');
    expect(t.last().types()).toEqual(['hello', 'proof']);
  });

  it('native pairing on startup stores the token and hello says pairedVia native', async () => {
    const calls: boolean[] = [];
    const pairing: RequestPairing = async ({ start }) => (
      calls.push(start),
      { bridgeUrl: 'http://127.0.0.1:2048', token: 'native-tok', started: false }
    );
    const t = await setup({ token: '', pairing });
    expect(calls).toEqual([true]);
    expect(t.chrome.local.data).toMatchObject({
      token: 'native-tok',
      bridgeUrl: 'ws://127.0.0.1:2048/extension',
      pairedVia: 'native',
    });
    await t.app.onSettingsChanged(); // chrome.storage.onChanged
    await flush();
    t.last().open();
    expect(t.last().sent[0]).toMatchObject({ type: 'hello', data: { pairedVia: 'native' } });
    await proveBridge(t.last(), 'native-tok');
    expect(t.last().types()).toEqual(['hello', 'proof']);
  });

  it('lowering the worker tab count closes idle extension-opened tabs', async () => {
    const t = await setup({ count: 3 });
    await t.welcome();
    expect(t.chrome.tabsById.size).toBe(3);
    await t.chrome.local.set({ workerTabCount: 1 });
    await t.app.onSettingsChanged();
    await flush();
    expect(t.chrome.tabsById.size).toBe(1);
  });

  it('a worker tab that navigates away from AI Studio is released and replaced', async () => {
    const t = await setup();
    await t.welcome();
    const [first] = [...t.chrome.tabsById.keys()];
    await t.app.onTabUrlChanged(first!, 'https://example.com/');
    await flush();
    expect(t.chrome.tabsById.size).toBe(2);
    expect((await t.status()).tabs.map((x) => x.tabId)).not.toContain(first);
  });

  it('a signed-out worker tab redirected to Google sign-in stays a worker and is not replaced (no tab loop)', async () => {
    const t = await setup();
    await t.welcome();
    const [first] = [...t.chrome.tabsById.keys()];
    for (let i = 0; i < 3; i++) {
      // each new tab would be redirected the same way
      for (const id of [...t.chrome.tabsById.keys()])
        await t.app.onTabUrlChanged(
          id,
          'https://accounts.google.com/v3/signin/identifier?continue=https%3A%2F%2Faistudio.google.com%2Fprompts%2Fnew_chat',
        );
      await flush();
    }
    expect([...t.chrome.tabsById.keys()]).toEqual([first]);
    expect((await t.status()).tabs).toEqual([
      expect.objectContaining({
        tabId: first,
        connected: false,
        url: expect.stringMatching(/^https:\/\/accounts\.google\.com\//),
      }),
    ]);
    await t.app.onTabUrlChanged(first!, 'https://aistudio.google.com/prompts/new_chat'); // signed in: back to work
    expect((await t.status()).tabs).toEqual([expect.objectContaining({ tabId: first, url: '' })]);
  });

  it('injects the built content scripts into AI Studio tabs that were open before install', async () => {
    const t = await setup();
    const old = t.chrome.addTab('https://aistudio.google.com/prompts/old');
    t.chrome.addTab('https://example.com/');
    await t.app.onInstalled();
    expect(t.chrome.injected.map((i) => [i.tabId, i.world])).toEqual([
      [old, 'MAIN'],
      [old, 'ISOLATED'],
    ]);
  });

  it('with a token stored, a worker wake-up does not spawn the native host; browser startup does', async () => {
    const calls: boolean[] = [];
    const pairing: RequestPairing = async ({ start }) => (calls.push(start), null);
    const t = await setup({ pairing });
    expect(calls).toEqual([]);
    expect(t.sockets).toHaveLength(1);
    await t.app.onStartup();
    expect(calls).toEqual([true]);
  });

  it('after a worker restart, a worker tab whose Port reconnects at once is told worker, never idle', async () => {
    const chrome = new FakeChrome();
    const tabId = chrome.addTab('https://aistudio.google.com/prompts/new_chat', 10);
    chrome.session.data = { workerTabs: [{ tabId, origin: 'opened' }] };
    chrome.local.data = { token: 'tok' };
    const app = new WorkerApp({
      chrome,
      clock: new FakeClock(),
      random: () => 0,
      requestPairing: null,
      log: () => undefined,
      openSocket: (url) => new FakeSocket(url),
    });
    const port = new FakePort(tabId);
    app.onConnect(port); // before the worker list has loaded from storage.session
    await flush();
    expect(port.posted.filter((m) => m.type === 'tab.role').map((m) => (m.data as { role: string }).role)).toEqual([
      'worker',
    ]);
  });

  it('a worker tab stuck on the browser error page is reloaded, and the bridge and the popup hear why', async () => {
    const t = await setup();
    await t.welcome();
    await flush();
    const [tabId] = [...t.chrome.tabsById.keys()];
    t.chrome.errorPages.add(tabId!);
    await t.app.onTabStatus(tabId!, 'complete');
    await flush();
    const loads = () =>
      t
        .last()
        .sent.filter((m) => (m as { type: string }).type === 'tab.load')
        .map((m) => (m as { data: { state: string; problem: string | null } }).data);
    expect(loads().at(-1)).toMatchObject({ tabId: String(tabId), state: 'failed', problem: 'error_page' });
    const status = await t.status();
    expect(status.tabs[0]?.load).toMatchObject({ state: 'failed', problem: 'error_page' });

    t.chrome.errorPages.delete(tabId!);
    await t.clock.advance(2_000);
    expect(t.chrome.reloads).toEqual([tabId]);
    t.contentOf(tabId!);
    expect(loads().at(-1)).toMatchObject({ state: 'loaded', problem: null });
    expect(t.last().types()).toContain('tab.ready');
  });

  it('passes the bridge selector overrides to every content script, also to ones that connect later', async () => {
    const t = await setup();
    await t.welcome();
    const [tabId] = [...t.chrome.tabsById.keys()];
    const first = t.contentOf(tabId!);
    t.last().receive('selectors', { overrides: { runButton: ['ms-send-button button'] } });
    expect(first.posted.filter((m) => m.type === 'selectors').map((m) => m.data)).toEqual([
      { overrides: { runButton: ['ms-send-button button'] } },
    ]);
    const own = t.chrome.addTab('https://aistudio.google.com/prompts/abc');
    const later = t.contentOf(own);
    expect(later.posted.map((m) => m.type)).toEqual(['tab.role', 'selectors']);
  });

  it('answers a page report request with each worker tab: its content script report, or why there is none', async () => {
    const t = await setup({ count: 2 });
    await t.welcome();
    await flush();
    const [served, silent] = [...t.chrome.tabsById.keys()];
    const port = t.contentOf(served!);
    t.last().receive('page.report.request', { requestId: 'r1' });
    const asked = port.posted.filter((m) => m.type === 'page.report.request');
    expect(asked.map((m) => m.data)).toEqual([{ requestId: 'r1' }]);
    const report = {
      url: 'https://aistudio.google.com/prompts/new_chat',
      selectors: [],
      customElements: [{ name: 'ms-app', count: 1 }],
      dataTestAttributes: [],
      ariaLabels: [],
    };
    port.fromContent('page.report', { requestId: 'r1', report });
    await flush();
    const answer = t.last().sent.find((m) => (m as { type: string }).type === 'page.report') as
      { data: unknown } | undefined;
    expect(answer?.data).toEqual({
      requestId: 'r1',
      tabs: [
        {
          tabId: String(silent),
          report: null,
          error: 'no content script runs in this tab (see its load state in /health)',
        },
        { tabId: String(served), report, error: null },
      ],
    });
  });

  it('does not let a wedged page hang a page report', async () => {
    const t = await setup();
    await t.welcome();
    const [tabId] = [...t.chrome.tabsById.keys()];
    t.contentOf(tabId!);
    t.last().receive('page.report.request', { requestId: 'r2' });
    await t.clock.advance(5_000);
    const answer = t.last().sent.find((m) => (m as { type: string }).type === 'page.report') as
      { data: unknown } | undefined;
    expect(answer?.data).toEqual({
      requestId: 'r2',
      tabs: [{ tabId: String(tabId), report: null, error: 'the page did not answer within 5 s' }],
    });
  });
});
