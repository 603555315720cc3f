import { afterEach, describe, expect, it } from 'vitest';
import { stallAfter, streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const user = [{ role: 'user', content: 'hi' }];

/** JSON text of a JSON Schema nested `levels` times (two objects per level), as a hostile client sends it. */
const deepSchema = (levels: number): string =>
  `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;

async function post(body: unknown): Promise<{
  status: number;
  json: { error?: { param: string | null; message: string; code: string | null } } & Record<string, unknown>;
}> {
  const res = await fetch(`${h!.baseURL}/chat/completions`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

async function health(): Promise<{
  queue: { waiting: number; running: number };
  tabs: { list: Array<{ busy: boolean; ready: boolean }> };
}> {
  return (await (await fetch(`${h!.bridge.url}/health`)).json()) as never;
}

describe('admission: hostile requests end as 400s, never crash the bridge or hold a tab', () => {
  it('refuses tools nested 5,000 levels deep even while queued behind a busy tab (the reported crash)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: stallAfter(['busy']) }]);
    const first = post({ messages: user });
    await h.peer.waitFor(() => h!.peer.started.length === 1);
    let settled = false;
    const hostile = post(
      `{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deepSchema(5000)}}}]}`,
    ).finally(() => (settled = true));
    // Either refused at once, or (the old behaviour) queued behind the busy tab.
    for (let i = 0; i < 300 && !settled && (await health()).queue.waiting === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    // The busy tab finishes: the queue is pumped from the extension's WebSocket handler.
    h.peer.send('job.event', { jobId: h.peer.started[0]!.jobId, event: { kind: 'done' } });
    const refused = await hostile;
    expect(refused.status).toBe(400);
    assertSchema('ErrorResponse', refused.json);
    expect(refused.json.error?.param).toBe('tools[0].function.parameters');
    expect((await first).status).toBe(200);
    h.peer.setBehaviour('1', streamText(['still ', 'serving']));
    const next = await post({ messages: user });
    expect(next.status).toBe(200);
    expect(JSON.stringify(next.json)).toContain('still serving');
    expect(h.peer.started).toHaveLength(2);
    expect((await health()).tabs.list.every((t) => !t.busy)).toBe(true);
  });

  it('refuses a response_format schema nested 100,000 levels deep with a 400 naming it', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const text = `{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}}`;
    const res = await post(text);
    expect(res.status).toBe(400);
    assertSchema('ErrorResponse', res.json);
    expect(res.json.error?.param).toBe('response_format.json_schema.schema');
    expect((await post({ messages: user })).status).toBe(200);
  });

  it('refuses deep nesting anywhere in the body, also in fields the bridge ignores', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const res = await post(
      `{"messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error?.param).toBe('metadata');
    expect(res.json.error?.message).toMatch(/nested deeper than \d+ levels/);
    expect(h.peer.started).toHaveLength(0);
  });

  it('treats prototype names as ordinary unknown model names', async () => {
    h = await startHarness([{ tabId: '1', model: 'gemini-2.5-flash' }]);
    for (const model of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await post({ model, messages: user });
      expect(res.status, model).toBe(200);
      // unknown names run on the tab's current model
      expect(res.json.model, model).toBe('gemini-2.5-flash');
    }
    for (const id of ['constructor', '__proto__', 'toString']) {
      const res = await fetch(`${h.baseURL}/models/${id}`);
      expect(res.status, id).toBe(404);
      assertSchema('ErrorResponse', await res.json());
    }
  });

  it('answers 404 model_not_found for prototype names with --strict-models', async () => {
    h = await startHarness([{ tabId: '1' }], { strictModels: true });
    for (const model of ['constructor', '__proto__']) {
      const res = await post({ model, messages: user });
      expect(res.status, model).toBe(404);
      expect(res.json.error?.code).toBe('model_not_found');
    }
    expect(h.peer.started).toHaveLength(0);
  });

  it('refuses token limits that are not positive integers, naming the field', async () => {
    h = await startHarness([{ tabId: '1' }]);
    for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
      for (const value of [-5, 0, 1.5]) {
        const res = await post({ messages: user, [field]: value });
        expect(res.status, `${field}=${value}`).toBe(400);
        assertSchema('ErrorResponse', res.json);
        expect(res.json.error?.param).toBe(field);
        expect(res.json.error?.message).toContain('positive integer');
      }
    }
    expect(h.peer.started).toHaveLength(0);
    expect((await post({ messages: user, max_tokens: 100 })).status).toBe(200);
    expect(h.peer.started[0]?.request.settings.maxOutputTokens).toBe(100);
  });

  it('caps stop sequences in number and length', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const tooMany = await post({ messages: user, stop: Array.from({ length: 17 }, (_, i) => `s${i}`) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error?.param).toBe('stop');
    const tooLong = await post({ messages: user, stop: ['ok', 'x'.repeat(1001)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error?.param).toBe('stop[1]');
    const single = await post({ messages: user, stop: 'y'.repeat(200_000) });
    expect(single.status).toBe(400);
    expect(single.json.error?.param).toBe('stop');
    expect(h.peer.started).toHaveLength(0);
  });

  it('enforces a 1,000-character stop sequence against output that keeps matching its prefix', async () => {
    const stop = `${'ab'.repeat(499)}XY`;
    // 200 chunks of "ab…" (each a prefix of the stop sequence), then the full sequence
    const chunks = [...Array.from({ length: 200 }, () => 'ab'.repeat(250)), 'Q', stop, 'after'];
    h = await startHarness([{ tabId: '1', behaviour: streamText(chunks) }]);
    const res = await post({ messages: user, stop: [stop] });
    expect(res.status).toBe(200);
    const content = (res.json as { choices: Array<{ message: { content: string }; finish_reason: string }> })
      .choices[0];
    expect(content?.message.content).toBe(`${'ab'.repeat(250 * 200)}Q`);
    expect(content?.finish_reason).toBe('stop');
  });
});
