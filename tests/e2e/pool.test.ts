import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { collectStream } from '../../sim/launch/collect-stream.ts';
import { waitUntil } from '../../sim/launch/wait.ts';

describe('two worker tabs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workerTabs: 2, log: debugLog });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('run two requests in parallel', async () => {
    h.sim.setScenario({ name: 'slow-first', delayMs: 2_000 });
    const before = h.sim.runs.length;
    const ask = (n: number) =>
      h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: `Parallel request ${n}` }],
      });
    const [a, b] = await Promise.all([ask(1), ask(2)]);
    const runs = h.sim.runs.slice(before);
    expect(runs).toHaveLength(2);
    expect([a.choices[0]?.message.content, b.choices[0]?.message.content].sort()).toEqual(
      runs.map((r) => r.answer).sort(),
    );
    // Both runs were on the page at the same time: each started before the other ended.
    const [r1, r2] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(r1.receivedAt).toBeLessThan(r2.endedAt!);
    expect(r2.receivedAt).toBeLessThan(r1.endedAt!);
  });

  it('closing a worker tab mid-request fails only that request, and the tab is replaced', async () => {
    h.sim.setScenario({ name: 'long', chunks: 80, intervalMs: 75 });
    const before = h.sim.runs.length;
    let firstDeltas = 0;
    const open = (n: number) =>
      h.client.chat.completions
        .create({ model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: `Long request ${n}` }] })
        .then((stream) => collectStream(stream, () => void firstDeltas++));
    const streams = [open(1), open(2)];
    await waitUntil(() => h.sim.runs.length >= before + 2 && firstDeltas >= 2, 'both streams to be flowing', 15_000);
    const status = await h.extensionStatus();
    const busy = status.tabs.filter((t) => t.jobId !== null);
    expect(busy).toHaveLength(2);
    await h.closeTab(busy[0]!.tabId);

    const results = await Promise.all(streams);
    const failed = results.filter((r) => r.error !== null);
    const completed = results.filter((r) => r.error === null);
    expect(failed).toHaveLength(1);
    expect(completed).toHaveLength(1);
    expect(h.sim.runs.slice(before).map((r) => r.answer)).toContain(completed[0]!.text);
    expect(completed[0]!.finishReason).toBe('stop');

    // The extension opened a replacement: two ready tabs again, and it serves.
    await h.waitForReadyTabs(2, 20_000);
    const tabs = await h.workerTabIds();
    expect(tabs).toHaveLength(2);
    expect(tabs).not.toContain(busy[0]!.tabId);
    h.sim.setScenario(null);
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'After the replacement' }],
    });
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[h.sim.runs.length - 1]!.answer);
  });
});
