import { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { collectStream } from '../../sim/launch/collect-stream.ts';

/** Short bridge timeouts so the stall scenario ends in seconds, not minutes. */
const FIRST_TOKEN_MS = 3_000;

async function expectApiError(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe('failures reach the client the way OpenAI clients expect', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog, timeouts: { firstTokenMs: FIRST_TOKEN_MS, idleMs: FIRST_TOKEN_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => h?.sim.setScenario(null));

  it('a client abort stops the run on the page within 1 s, and the next request works', async () => {
    h.sim.setScenario({ name: 'long', chunks: 200, intervalMs: 50 });
    const before = h.sim.runs.length;
    const controller = new AbortController();
    const stream = await h.client.chat.completions.create(
      { model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'Something long, please' }] },
      { signal: controller.signal },
    );
    let abortedAt = 0;
    const got = await collectStream(stream, () => {
      if (!abortedAt) {
        abortedAt = Date.now();
        controller.abort();
      }
    });
    expect(abortedAt).toBeGreaterThan(0);
    // (the SDK ends an aborted stream quietly) the client got only the beginning of the answer
    expect(got.finishReason).toBeNull();
    const run = await h.sim.waitForOutcome(before, 5_000);
    expect(run.outcome).toBe('aborted');
    expect(run.abortedAt! - abortedAt).toBeLessThan(1_000);
    expect(run.sentAnswer.length).toBeLessThan(run.answer.length);
    expect(got.text.length).toBeLessThan(run.answer.length);

    h.sim.setScenario(null);
    const next = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'And now a short one' }],
    });
    expect(next.choices[0]?.message.content).toBe(h.sim.runs[before + 1]!.answer);
  });

  it("quota → 429 in OpenAI's error shape with the page's message", async () => {
    h.sim.setScenario({ name: 'quota' });
    const error = await expectApiError(
      h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Over quota' }],
      }),
    );
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/exceeded quota|exhausted/i);
    const body = error.error as { message?: unknown; type?: unknown } | undefined;
    expect(typeof body?.message).toBe('string');
    expect(typeof body?.type).toBe('string');
  });

  it('a stalled page → 504 within the configured timeout', async () => {
    h.sim.setScenario({ name: 'stall' });
    const started = Date.now();
    const error = await expectApiError(
      h.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Stall please' }],
      }),
    );
    const took = Date.now() - started;
    expect(error.status).toBe(504);
    expect(took).toBeGreaterThanOrEqual(FIRST_TOKEN_MS - 200);
    expect(took).toBeLessThan(FIRST_TOKEN_MS + 5_000);
  });

  it('a failure mid-stream ends the stream with an error event after the text so far', async () => {
    h.sim.setScenario({ name: 'fail-mid', after: 3, intervalMs: 100 });
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'This will break halfway through, sadly' }],
    });
    const got = await collectStream(stream);
    expect(got.deltas.length).toBeGreaterThan(0);
    expect(got.error).toBeInstanceOf(APIError);
    expect(got.finishReason).toBeNull();
  });

  it('after all of that the tab still serves', async () => {
    const before = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Still alive?' }],
    });
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[before]!.answer);
  });
});
