import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStream } from '../../sim/launch/collect-stream.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

/**
 * The finding as a person met it: on a page whose Run button keeps its label while a run streams
 * (it only gains a spinner; sim variant `spinner-run`), a client abort must stop the page's request
 * — the driver knows the run is going from the network tap and presses Run, which doubles as Stop —
 * and the next request, sent 2 s later, must be answered (it got 503 before: the chat never cleared).
 */
describe('run state from the network: a page with a spinner-only Run button', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog, simPage: { spinnerRun: true } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a client abort ends the page request within 2 s, and the next request 2 s later is answered', async () => {
    h.sim.setScenario({ name: 'long', chunks: 200, intervalMs: 50 });
    const before = h.sim.runs.length;
    const controller = new AbortController();
    const stream = await h.client.chat.completions.create(
      { model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'Something long, please' }] },
      { signal: controller.signal },
    );
    let abortedAt = 0;
    await collectStream(stream, () => {
      if (!abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    });
    const run = await h.sim.waitForOutcome(before, 10_000);
    expect(run.outcome).toBe('aborted');
    expect(run.abortedAt! - abortedAt).toBeLessThan(2_000);
    expect(run.sentAnswer.length).toBeLessThan(run.answer.length);

    h.sim.setScenario(null);
    await new Promise((r) => setTimeout(r, 2_000));
    const next = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'And now a short one' }],
    });
    const answered = h.sim.runs[before + 1]!;
    expect(next.choices[0]?.message.content).toBe(answered.answer);
    // A fresh chat: the aborted turn is not part of the next request.
    expect(answered.request.history).toEqual([]);
  });
});
