import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { PopupPage } from './harness/popup-page.ts';
import { FakePeer } from '../../sim/launch/fake-peer.ts';

describe('the popup', () => {
  let h: Harness;
  let popup: PopupPage;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
    popup = await PopupPage.open(h.browser.context, h.browser.extensionId);
  });
  afterAll(async () => {
    await popup?.close().catch(() => undefined);
    await h?.close();
  });

  it('shows the bridge connected, the pairing path and the ready worker tab with its model', async () => {
    await expect.poll(() => popup.headline.textContent()).toBe('Connected to the bridge');
    expect(await popup.pairing.textContent()).toBe('Paired with a pasted token');
    await expect.poll(() => popup.tabs.count()).toBe(1);
    await expect.poll(() => popup.tabs.first().textContent()).toMatch(/^gemini-[\w.-]+Worker tab \d+Ready$/);
    expect(await popup.nextStep.textContent()).toBe(`point any OpenAI client at ${h.baseURL}`);
    const dashboard = popup.page.locator('#open-dashboard');
    expect(await dashboard.textContent()).toBe('Dashboard');
    expect(await dashboard.getAttribute('href')).toBe(`${h.bridge.url}/`);
  });

  it('lists the last request with its status, live', async () => {
    await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Shown in the popup' }],
    });
    await expect.poll(() => popup.requests.first().textContent()).toMatch(/^gemini-2\.5-pro\d+ s agoDone in [\d.]+ s$/);
  });

  it('a pasted wrong token shows why the bridge is not connected; the right one reconnects', async () => {
    await popup.pasteToken('wrong-token-from-an-old-install');
    // The bridge cannot prove a token it does not have: the extension tells it nothing more.
    await expect
      .poll(() => popup.detail.textContent(), { timeout: 15_000 })
      .toContain('does not know this pairing token');
    expect(await popup.headline.textContent()).toBe('Not connected');
    expect(await popup.nextStep.textContent()).toBe(
      'paste the current token (npx aistudio-bridge pairing) in Settings below.',
    );
    await popup.pasteToken(h.bridge.token);
    await expect.poll(() => popup.headline.textContent(), { timeout: 15_000 }).toBe('Connected to the bridge');
  });

  it('after wrong tokens from this machine the popup says the bridge is refusing, and when', async () => {
    // Five wrong proofs from this address with the extension's own Origin (a local process can
    // forge it) put it in the bridge's back-off, which the extension shares: Chrome must hand its
    // worker the 4006 close and the wait.
    let refusal = '';
    for (let i = 0; i < 10 && !refusal.includes('4006'); i++)
      refusal = await FakePeer.connect(h.bridge.url, { token: 'wrong-token', verifyBridge: false }).then(
        (peer) => (void peer.close(), 'paired'),
        (error: unknown) => String(error),
      );
    expect(refusal).toContain('closed 4006 retry in 30 s');
    await popup.pasteToken('another-wrong-token');
    await popup.pasteToken(h.bridge.token);
    await expect
      .poll(() => popup.detail.textContent(), { timeout: 15_000 })
      .toMatch(
        /^The bridge is refusing this browser for a while after too many wrong tokens\. Retrying in (30|[12]?\d) s\.$/,
      );
    expect(await popup.nextStep.textContent()).toBe(
      'paste the current token (npx aistudio-bridge pairing) in Settings below.',
    );
    // A restarted bridge has forgotten the back-off; a changed token makes the extension try now.
    await h.restartBridge();
    await popup.pasteToken('yet-another-wrong-token');
    await popup.pasteToken(h.bridge.token);
    await expect.poll(() => popup.headline.textContent(), { timeout: 15_000 }).toBe('Connected to the bridge');
  });

  it('raising the number of worker tabs opens another one', async () => {
    await popup.setWorkerTabCount(2);
    await h.waitForReadyTabs(2, 20_000);
    await expect.poll(() => popup.tabs.count(), { timeout: 10_000 }).toBe(2);
  });

  it('an AI Studio tab handed over in the popup becomes a worker and serves requests', async () => {
    const own = await h.browser.context.newPage();
    try {
      await own.goto(h.sim.url);
      await own.locator('textarea[aria-label="Enter a prompt"]').waitFor({ state: 'visible' });
      const workers = await h.workerTabIds();
      const ownTabId = await h.browser.worker.evaluate(async (known) => {
        const tabs = await chrome.tabs.query({ url: 'https://aistudio.google.com/*' });
        return tabs.find((t) => t.id !== undefined && !known.includes(t.id))?.id ?? null;
      }, workers);
      expect(ownTabId).not.toBeNull();
      // The same message the "Use this tab as a worker" button sends for the active tab.
      const answer = await popup.page.evaluate(
        (tabId) => chrome.runtime.sendMessage({ type: 'handover', tabId }),
        ownTabId!,
      );
      expect(answer).toEqual({ ok: true });
      await h.waitForReadyTabs(workers.length + 1, 20_000);
      await expect
        .poll(() => popup.tabs.filter({ hasText: `Handed-over tab ${ownTabId}` }).count(), { timeout: 10_000 })
        .toBe(1);

      // Every ready tab takes one of these slow requests at once, so the handed-over tab runs one.
      h.sim.setScenario({ name: 'slow-first', delayMs: 1_500 });
      const n = workers.length + 1;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          h.client.chat.completions.create({
            model: 'gemini-2.5-flash',
            messages: [{ role: 'user', content: `Hand-over ${i}` }],
          }),
        ),
      );
      expect(answers).toHaveLength(n);
      expect(await own.locator('ms-chat-turn').count()).toBeGreaterThan(0);

      // Release, pressed like a person does: the button stays under the mouse for over a second,
      // across the popup's once-a-second re-render.
      const release = popup.tabs
        .filter({ hasText: `Handed-over tab ${ownTabId}` })
        .getByRole('button', { name: 'Release' });
      await release.hover();
      await popup.page.mouse.down();
      await popup.page.waitForTimeout(1_200);
      await popup.page.mouse.up();
      await expect
        .poll(() => popup.tabs.filter({ hasText: `Handed-over tab ${ownTabId}` }).count(), { timeout: 10_000 })
        .toBe(0);
    } finally {
      h.sim.setScenario(null);
      await own.close();
    }
  });
});
