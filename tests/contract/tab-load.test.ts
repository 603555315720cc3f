import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { waitUntil } from '../../sim/launch/wait.ts';

/** /health says why no tab serves: worker tabs the extension reports as failing to load. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Health {
  status: string;
  reason?: string;
  extensions: Array<{ worker_tabs: Array<Record<string, unknown>> }>;
  tabs: { list: Array<{ key: string; health: Record<string, unknown> }> };
}
const health = async (): Promise<Health> => (await (await fetch(`${h!.bridge.url}/health`)).json()) as Health;

describe('/health and worker tab page loads', () => {
  it('without any extension says so', async () => {
    h = await startHarness([]);
    await h.peer.close();
    // The bridge sees the socket close on its own schedule: wait for it rather than a fixed sleep.
    await waitUntil(
      async () => (await health()).extensions.length === 0,
      'the bridge to drop the extension',
      5_000,
      20,
    );
    expect(await health()).toMatchObject({
      status: 'waiting_for_tab',
      reason: expect.stringMatching(/no browser extension is connected/),
    });
  });

  it('names the failing tab and its reload attempts in the extension entry, then forgets a closed tab', async () => {
    h = await startHarness([]);
    const retryAt = Date.UTC(2026, 0, 1, 12, 0, 0);
    h.peer.send('tab.load', {
      tabId: '42',
      state: 'failed',
      problem: 'error_page',
      reason: 'the page did not load (the browser shows its error page)',
      attempts: 3,
      retryAt,
    });
    await h.peer.sync();
    const got = await health();
    expect(got.status).toBe('waiting_for_tab');
    expect(got.reason).toBe('worker tab 42: the page did not load (the browser shows its error page) (reloaded 3×)');
    expect(got.extensions[0]?.worker_tabs).toEqual([
      {
        tab_id: '42',
        state: 'failed',
        problem: 'error_page',
        reason: 'the page did not load (the browser shows its error page)',
        reload_attempts: 3,
        next_reload_at: '2026-01-01T12:00:00.000Z',
      },
    ]);

    h.peer.send('tab.load', { tabId: '42', state: 'closed', problem: null, reason: null, attempts: 0, retryAt: null });
    await h.peer.sync();
    const after = await health();
    expect(after.extensions[0]?.worker_tabs).toEqual([]);
    expect(after.reason).toMatch(/opening or loading its worker tab/);
  });

  it('shows a registered tab its load state under tabs.list[].health and drops the reason once it serves', async () => {
    h = await startHarness([{ tabId: '7' }]);
    h.peer.send('tab.load', { tabId: '7', state: 'loaded', problem: null, reason: null, attempts: 0, retryAt: null });
    await h.peer.sync();
    const got = await health();
    expect(got.status).toBe('ok');
    expect(got.reason).toBeUndefined();
    expect(got.tabs.list[0]?.health).toMatchObject({
      ok: true,
      load: { tab_id: '7', state: 'loaded', reload_attempts: 0 },
    });
  });

  it('lists which selector keys selectors.json overrides', async () => {
    h = await startHarness([{ tabId: '7' }], {
      selectorOverrides: { runButton: ['ms-send-button button'], modelName: ['.model'] },
    });
    expect(((await health()) as unknown as { selector_overrides: string[] }).selector_overrides).toEqual([
      'runButton',
      'modelName',
    ]);
  });
});
