import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../sim/launch/wait.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

/**
 * A worker tab opened while "the network is not ready": the simulated AI Studio cuts the first five
 * page loads, so the tab shows the browser's error page. The extension notices from outside the
 * page, says why in /health and the popup, reloads it with backoff, and the tab then serves.
 */
interface WorkerTabLoad {
  tab_id: string;
  state: string;
  problem: string | null;
  reason: string | null;
  reload_attempts: number;
}

describe('worker tab recovery after a failed page load', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog, sim: { failPageLoads: 5 }, waitForTabs: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reports the error page in /health and the popup, reloads the tab and then answers', async () => {
    const failing = await waitUntil(
      async () => {
        const health = await h.health();
        const tabs = (health.extensions[0]?.worker_tabs ?? []) as WorkerTabLoad[];
        return tabs.some((t) => t.state === 'failed') ? health : undefined;
      },
      'a failed worker tab in /health',
      30_000,
    );
    expect(failing.status).toBe('waiting_for_tab');
    expect(failing.reason).toMatch(/^worker tab \d+: the page did not load \(the browser shows its error page/);
    expect(failing.extensions[0]?.worker_tabs).toEqual([
      expect.objectContaining({ state: 'failed', problem: 'error_page', reason: expect.stringMatching(/error page/) }),
    ]);
    // The popup's status is published a moment after the change.
    const popup = await waitUntil(
      async () => {
        const status = await h.extensionStatus();
        return status.tabs[0]?.load?.state === 'failed' ? status : undefined;
      },
      'the popup status to show the failed load',
      10_000,
    );
    expect(popup.tabs[0]?.connected).toBe(false);
    expect(popup.tabs[0]?.load).toMatchObject({ state: 'failed', problem: 'error_page' });

    // Chrome retries a failed load a couple of times by itself; five failures outlast that, so the
    // extension's own reload is what brings the tab back.
    await waitUntil(
      async () => ((await h.extensionStatus()).tabs[0]?.load?.attempts ?? 0) >= 1,
      'the extension to reload the tab',
      30_000,
    );
    const ready = await h.waitForReadyTabs(1, 45_000);
    expect(h.sim.events.filter((e) => e.type === 'page-load-failed')).toHaveLength(5);
    expect(ready.status).toBe('ok');
    expect(ready.extensions[0]?.worker_tabs).toEqual([
      expect.objectContaining({ state: 'loaded', problem: null, reload_attempts: 0 }),
    ]);

    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello after recovery' }],
    });
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[before]?.answer);
    expect(h.sim.runs[before]?.request.prompt).toContain('Hello after recovery');
  });
});
