import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { waitUntil } from '../../sim/launch/wait.ts';

describe('the link between the extension and the bridge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reports how it paired and keeps the token out of /health', async () => {
    const health = await h.health();
    expect(health.extensions).toHaveLength(1);
    expect(health.extensions[0]?.paired_via).toBe('manual');
    expect(JSON.stringify(health)).not.toContain(h.bridge.token);
    const status = await h.extensionStatus();
    expect(status.link).toMatchObject({ state: 'connected', pairedVia: 'manual' });
  });

  it("worker tabs live in the extension's own window and are never auto-discarded", async () => {
    const [tabId] = await h.workerTabIds();
    const tab = await h.browser.worker.evaluate((id) => chrome.tabs.get(id), tabId!);
    expect(tab.autoDiscardable).toBe(false);
    const firstWindow = await h.browser.worker.evaluate(
      async () => (await chrome.windows.getAll()).map((w) => w.id).sort((a, b) => (a ?? 0) - (b ?? 0))[0],
    );
    expect(tab.windowId).not.toBe(firstWindow); // not in the window the person was using
  });

  it('after a bridge restart on the same port the extension reconnects by itself and the next request works', async () => {
    await h.restartBridge();
    const restartedAt = Date.now();
    await h.waitForReadyTabs(1, 20_000);
    const reconnectMs = Date.now() - restartedAt;
    expect(reconnectMs).toBeLessThan(15_000);
    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Are you back?' }],
    });
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[before]!.answer);
  });

  it('a bridge restart mid-request stops the run on the page, and the tab serves the next request', async () => {
    h.sim.setScenario({ name: 'long', chunks: 200, intervalMs: 50 });
    const before = h.sim.runs.length;
    const pending = h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Something long, then the bridge restarts' }],
      })
      .then(
        () => 'answered',
        () => 'failed',
      );
    await h.sim.waitForRun(before);
    await h.restartBridge();
    expect(await pending).toBe('failed'); // that bridge is gone, and the job with it
    // The page stops generating for nobody: the extension clicks Stop once the link is lost.
    expect((await h.sim.waitForOutcome(before, 5_000)).outcome).toBe('aborted');
    h.sim.setScenario(null);
    await h.waitForReadyTabs(1, 20_000);
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Still there?' }],
    });
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[before + 1]!.answer);
  });

  it('a wrong token is refused and shown; the right one reconnects', async () => {
    await h.setExtensionSettings({ token: 'definitely-not-the-token' });
    // The bridge's proof does not check out against the wrong token: the extension stops there.
    await waitUntil(
      async () => {
        const s = await h.extensionStatus();
        return s.link.state === 'disconnected' && s.link.reason === 'bridge_unproven';
      },
      'the extension to report that the bridge did not prove this token',
      15_000,
    );
    expect((await h.health()).extensions).toHaveLength(0);
    await h.setExtensionSettings({ token: h.bridge.token });
    await h.waitForReadyTabs(1, 20_000);
    expect((await h.extensionStatus()).link.state).toBe('connected');
  });
});
