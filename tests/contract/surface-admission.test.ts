import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { floodText, streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The admission checks and the write bounds are not the chat route's: every surface parses its
 * body through them and writes through the same guarded writer. Checked here on the Anthropic,
 * Gemini and Ollama routes, each answering in its own error shape.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** JSON text of a JSON Schema nested `levels` times, as a hostile client sends it. */
const deepSchema = (levels: number): string =>
  `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;

async function post(path: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h!.bridge.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, json: await res.json() };
}

async function tabsFree(): Promise<boolean> {
  const health = (await (await fetch(`${h!.bridge.url}/health`)).json()) as {
    tabs: { list: Array<{ busy: boolean }> };
  };
  return health.tabs.list.every((t) => !t.busy);
}

const anthropicMessage = (extra: string) =>
  `{"model":"gemini-2.5-pro","messages":[{"role":"user","content":"hi"}]${extra}}`;
const GEMINI = '/v1beta/models/gemini-2.5-pro:generateContent';

describe('admission on the non-chat surfaces', () => {
  it("Anthropic: a 5,000-level tool schema, max_tokens -5 and 17 stop sequences are 400s in Anthropic's shape naming the field; nothing reaches the tab", async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['fine']) }]);
    const deep = await post(
      '/v1/messages',
      anthropicMessage(`,"max_tokens":10,"tools":[{"name":"f","input_schema":${deepSchema(5000)}}]`),
    );
    expect(deep.status).toBe(400);
    expect(deep.json).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('tools[0].input_schema') },
    });
    const negative = await post('/v1/messages', anthropicMessage(',"max_tokens":-5'));
    expect(negative.status).toBe(400);
    expect(negative.json).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: must be a positive integer' },
    });
    const stops = JSON.stringify(Array.from({ length: 17 }, (_, i) => `s${i}`));
    const tooMany = await post('/v1/messages', anthropicMessage(`,"max_tokens":10,"stop_sequences":${stops}`));
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.json)).toContain('stop_sequences: at most 16 stop sequences');
    expect(h.peer.started).toHaveLength(0);
    const fine = await post('/v1/messages', anthropicMessage(',"max_tokens":10'));
    expect(fine.status).toBe(200);
    expect(JSON.stringify(fine.json)).toContain('fine');
  });

  it("Gemini: a 5,000-level function schema, a deep responseSchema and maxOutputTokens -5 are 400s in Google's shape naming the field", async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['fine']) }]);
    const contents = '"contents":[{"parts":[{"text":"hi"}]}]';
    const deep = await post(
      GEMINI,
      `{${contents},"tools":[{"functionDeclarations":[{"name":"f","parameters":${deepSchema(5000)}}]}]}`,
    );
    expect(deep.status).toBe(400);
    expect(deep.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(deep.json)).toContain('tools[0].functionDeclarations[0].parameters');
    const schema = await post(GEMINI, `{${contents},"generationConfig":{"responseSchema":${deepSchema(5000)}}}`);
    expect(schema.status).toBe(400);
    expect(JSON.stringify(schema.json)).toContain('generationConfig.responseSchema');
    const negative = await post(GEMINI, `{${contents},"generationConfig":{"maxOutputTokens":-5}}`);
    expect(negative.status).toBe(400);
    expect(negative.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(negative.json)).toContain('generationConfig.maxOutputTokens: must be a positive integer');
    expect(h.peer.started).toHaveLength(0);
    expect((await post(GEMINI, `{${contents}}`)).status).toBe(200);
  });

  it("Ollama: a deep format schema and 1,001-character stop are 400s in Ollama's { error } shape; num_predict -1 stays Ollama's 'no limit'", async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['fine']) }]);
    const base = '"model":"gemini-2.5-pro","stream":false,"messages":[{"role":"user","content":"hi"}]';
    const deep = await post('/api/chat', `{${base},"format":${deepSchema(5000)}}`);
    expect(deep.status).toBe(400);
    expect(Object.keys(deep.json as object)).toEqual(['error']);
    expect((deep.json as { error: string }).error).toContain("'format'");
    const longStop = await post('/api/chat', `{${base},"options":{"stop":["${'x'.repeat(1001)}"]}}`);
    expect(longStop.status).toBe(400);
    expect((longStop.json as { error: string }).error).toContain('at most 1000 characters');
    const zero = await post('/api/chat', `{${base},"options":{"num_predict":0}}`);
    expect(zero.status).toBe(400);
    expect((zero.json as { error: string }).error).toContain('options.num_predict');
    expect(h.peer.started).toHaveLength(0);
    const unlimited = await post('/api/chat', `{${base},"options":{"num_predict":-1}}`);
    expect(unlimited.status).toBe(200);
    expect(JSON.stringify(unlimited.json)).toContain('fine');
  });
});

describe('backpressure on the non-chat streams', () => {
  it('Ollama NDJSON: a reading client behind a page flooding 16 MB gets all of it, nothing cancelled', async () => {
    h = await startHarness([{ tabId: '1', behaviour: floodText(16 * 1024 * 1024) }]);
    const res = await fetch(`${h.bridge.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const lines = (await res.text()).trim().split('\n');
    const last = JSON.parse(lines.at(-1) as string) as { done: boolean; done_reason?: string };
    expect(last).toMatchObject({ done: true, done_reason: 'stop' });
    const chars = lines
      .slice(0, -1)
      .reduce((n, line) => n + (JSON.parse(line) as { message: { content: string } }).message.content.length, 0);
    expect(chars).toBe(16 * 1024 * 1024);
    expect(h.peer.cancels).toHaveLength(0);
  });

  it('Anthropic SSE: a client that stops reading has its job cancelled once its unsent bytes pass the cap', async () => {
    h = await startHarness([{ tabId: '1', behaviour: floodText(256 * 1024 * 1024) }], {
      maxUnsentBytes: 256 * 1024,
      writeTimeoutMs: 2500,
    });
    const req = request(`${h.bridge.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => {});
    await new Promise<void>((resolve) => {
      req.on('response', (res) => {
        res.on('error', () => {});
        // read one chunk, then never again
        res.once('data', () => {
          res.pause();
          resolve();
        });
      });
      req.end(
        JSON.stringify({
          model: 'gemini-2.5-pro',
          max_tokens: 10,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
    });
    await h.peer.waitFor(() => h!.peer.cancels.length === 1, 10_000);
    expect(h.peer.cancels[0]?.reason).toBe('the client is not reading the answer');
    req.destroy();
    await h.peer.waitFor(() => h!.peer.cancels.length === 1);
    for (let i = 0; i < 100 && !(await tabsFree()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await tabsFree()).toBe(true);
  });
});
