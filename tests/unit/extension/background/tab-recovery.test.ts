import { describe, expect, it } from 'vitest';
import type { TabLoad } from '../../../../protocol/index.ts';
import { TabRecovery } from '../../../../extension/background/tab-recovery.ts';
import { FakeChrome, FakeClock, flush } from './fakes.ts';

function setup() {
  const chrome = new FakeChrome();
  const clock = new FakeClock();
  const tabId = chrome.addTab('https://aistudio.google.com/prompts/new_chat', 7);
  const workers = new Set([tabId]);
  const content = new Set<number>();
  const reports: TabLoad[] = [];
  const recovery = new TabRecovery({
    chrome,
    clock,
    log: () => undefined,
    isWorker: (id) => workers.has(id),
    hasContent: (id) => content.has(id),
    onChange: (load) => reports.push(load),
  });
  const last = (): TabLoad | undefined => reports[reports.length - 1];
  return { chrome, clock, tabId, workers, content, reports, recovery, last };
}

describe('worker tab recovery', () => {
  it('reloads a tab on the browser error page with backoff, at most once a minute after five tries, and says why', async () => {
    const t = setup();
    t.chrome.errorPages.add(t.tabId);
    t.recovery.watch(t.tabId);
    t.recovery.pageComplete(t.tabId);
    await flush();
    expect(t.last()).toMatchObject({
      tabId: String(t.tabId),
      state: 'failed',
      problem: 'error_page',
      attempts: 0,
      retryAt: t.clock.now() + 2_000,
    });
    expect(t.last()?.reason).toMatch(/error page/);

    const gaps: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = t.chrome.reloads.length;
      const started = t.clock.now();
      // each reload lands on the error page again: the watchdog finds it after 20 s at the latest
      for (let guard = 0; guard < 200 && t.chrome.reloads.length === before; guard++) await t.clock.advance(1_000);
      gaps.push(Math.round((t.clock.now() - started) / 1000));
      t.recovery.watch(t.tabId); // tabs.onUpdated "loading"
      t.recovery.pageComplete(t.tabId); // … "complete", on the error page
      await flush();
    }
    expect(t.chrome.reloads).toHaveLength(8);
    // the first gap counts from the first failure; later ones include the page load
    expect(gaps).toEqual([2, 5, 10, 20, 40, 60, 60, 60]);
    expect(t.last()).toMatchObject({ state: 'failed', problem: 'error_page', attempts: 8 });
  });

  it('reports loaded and resets the count once the content script says hello', async () => {
    const t = setup();
    t.chrome.errorPages.add(t.tabId);
    t.recovery.watch(t.tabId);
    t.recovery.pageComplete(t.tabId);
    await flush();
    await t.clock.advance(2_000);
    expect(t.chrome.reloads).toEqual([t.tabId]);
    expect(t.last()).toMatchObject({ state: 'loading', attempts: 1 });
    t.chrome.errorPages.delete(t.tabId);
    t.content.add(t.tabId);
    t.recovery.loaded(t.tabId);
    expect(t.last()).toMatchObject({ state: 'loaded', problem: null, reason: null, attempts: 0, retryAt: null });
    await t.clock.advance(120_000);
    expect(t.chrome.reloads).toHaveLength(1);
  });

  it('reloads a tab whose content script never came within 20 s', async () => {
    const t = setup();
    t.recovery.watch(t.tabId);
    t.recovery.pageComplete(t.tabId); // loaded, no error page, but no hello either: wait
    await flush();
    expect(t.last()).toMatchObject({ state: 'loading', problem: null });
    await t.clock.advance(19_999);
    expect(t.last()?.state).toBe('loading');
    await t.clock.advance(1);
    expect(t.last()).toMatchObject({ state: 'failed', problem: 'no_content_script' });
    await t.clock.advance(2_000);
    expect(t.chrome.reloads).toEqual([t.tabId]);
  });

  it('sends a tab stuck on the Google sign-in page back to AI Studio once a minute', async () => {
    const t = setup();
    t.chrome.tabsById.get(t.tabId)!.url = 'https://accounts.google.com/v3/signin/identifier?continue=x';
    t.recovery.watch(t.tabId);
    t.recovery.pageComplete(t.tabId);
    await flush();
    expect(t.last()).toMatchObject({ state: 'failed', problem: 'sign_in', retryAt: t.clock.now() + 60_000 });
    expect(t.last()?.reason).toMatch(/sign in/);
    await t.clock.advance(59_000);
    expect(t.chrome.updates.filter((u) => u.url)).toEqual([]);
    await t.clock.advance(1_000);
    expect(t.chrome.updates.filter((u) => u.url)).toEqual([
      { tabId: t.tabId, url: 'https://aistudio.google.com/prompts/new_chat' },
    ]);
  });

  it('leaves a tab alone once it is no worker any more, and reports it closed', async () => {
    const t = setup();
    t.chrome.errorPages.add(t.tabId);
    t.recovery.watch(t.tabId);
    t.recovery.pageComplete(t.tabId);
    await flush();
    t.workers.delete(t.tabId);
    t.recovery.forget(t.tabId);
    expect(t.last()).toMatchObject({ state: 'closed' });
    await t.clock.advance(300_000);
    expect(t.chrome.reloads).toEqual([]);
    expect(t.recovery.all()).toEqual([]);
  });

  it('never watches a tab whose content script is already there (it is loaded), nor a tab that is not a worker', async () => {
    const t = setup();
    t.content.add(t.tabId);
    t.recovery.watch(t.tabId);
    expect(t.reports).toEqual([
      { tabId: String(t.tabId), state: 'loaded', problem: null, reason: null, attempts: 0, retryAt: null },
    ]);
    t.reports.length = 0;
    const other = t.chrome.addTab('https://aistudio.google.com/prompts/abc');
    t.chrome.errorPages.add(other);
    t.recovery.watch(other);
    t.recovery.pageComplete(other);
    t.recovery.loaded(other); // its content script said hello: still not a worker tab
    await t.clock.advance(300_000);
    expect(t.reports).toEqual([]);
    expect(t.chrome.reloads).toEqual([]);
  });
});
