import { realTimers } from '../../bridge/timers.ts';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePeer, echoPrompt, streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('models', () => {
  it('lists a default list, marked as such, until the extension reports the page list', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const before = (await (await fetch(`${h.baseURL}/models`)).json()) as {
      source: string;
      data: Array<{ id: string; owned_by: string }>;
    };
    assertSchema('ListModelsResponse', before);
    expect(before.source).toBe('default');
    expect(before.data.every((m) => m.owned_by === 'google')).toBe(true);

    const peer = await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      models: [{ id: 'models/gemini-9-ultra', displayName: 'Gemini 9 Ultra', outputTokenLimit: 65536 }],
    });
    await peer.close();
    const page = await h.client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['gemini-9-ultra']);
    const one = await h.client.models.retrieve('gemini-9-ultra');
    assertSchema('Model', one);
    expect(one.id).toBe('gemini-9-ultra');
  });

  it('maps retired names through the alias table to the closest listed model and reports it', async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    await FakePeer.connect(h.bridge.url, {
      token: TEST_TOKEN,
      models: [{ id: 'gemini-flash-latest' }, { id: 'gemini-pro-latest' }],
    }).then((p) => p.close());
    const flash = await h.client.chat.completions.create({
      model: 'gemini-1.5-flash',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(flash.model).toBe('gemini-flash-latest');
    const gpt = await h.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(gpt.model).toBe('gemini-pro-latest');
    expect(h.peer.started.map((s) => s.request.model)).toEqual(['gemini-flash-latest', 'gemini-pro-latest']);
    const alias = (await (await fetch(`${h.baseURL}/models/gemini-1.5-pro`)).json()) as {
      id: string;
      alias_for: string;
    };
    expect(alias).toMatchObject({ id: 'gemini-1.5-pro', alias_for: 'gemini-pro-latest' });
  });

  it('runs unknown names on the tab current model (reported back), or 404s them in strict mode', async () => {
    h = await startHarness([{ tabId: '1', model: 'gemini-2.5-flash', behaviour: streamText(['ok']) }]);
    const loose = await h.client.chat.completions.create({
      model: 'my-favourite-model',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(loose.model).toBe('gemini-2.5-flash');
    expect(h.peer.started[0]?.request.model).toBeNull();
    await h.close();

    h = await startHarness([{ tabId: '1' }], { strictModels: true });
    const err = await h.client.chat.completions
      .create({ model: 'my-favourite-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    // aliases still work in strict mode
    const ok = await h.client.chat.completions.create({
      model: 'gemini-1.5-pro',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(ok.model).toBe('gemini-2.5-pro');
  });

  it('reports connected extensions, tabs and the queue in /health', async () => {
    h = await startHarness([{ tabId: '1' }, { tabId: '2', model: 'gemini-2.5-flash' }]);
    const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      extensions: [{ version: 'fake-1.0' }],
      tabs: { total: 2, ready: 2 },
      queue: { running: 0, waiting: 0 },
    });
    expect(typeof health.version).toBe('string');
    expect(typeof health.uptime_s).toBe('number');
  });

  it('shows per tab what the page health check could not find, and does not send jobs there', async () => {
    let skewMs = 0; // the bridge's clock runs ahead by this much
    h = await startHarness([{ tabId: '1' }], {}, 'sk-anything', {
      timers: { ...realTimers, now: () => Date.now() + skewMs },
    });
    h.peer.send('tab.ready', {
      tabId: '1',
      url: 'https://aistudio.google.com/prompts/new_chat',
      model: 'gemini-2.5-pro',
      health: { ok: false, missing: ['promptTextarea', 'runButton'], checkedAt: Date.now() },
    });
    await h.peer.sync();
    const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as {
      status: string;
      tabs: { ready: number; list: unknown[] };
    };
    expect(health.status).toBe('waiting_for_tab');
    expect(health.tabs.ready).toBe(0);
    expect(health.tabs.list).toEqual([
      expect.objectContaining({ ready: false, health: { ok: false, missing: ['promptTextarea', 'runButton'] } }),
    ]);
    // A page that just started loading lacks elements for a moment: the request waits for it.
    const waiting = h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'early' }],
    });
    await h.peer.waitFor(() => h!.bridge.bridge.stats().queuedJobs === 1);
    h.peer.addTab({ tabId: '1' });
    expect((await waiting).choices[0]?.message.content).toBe('Hello world');
    // Broken for longer than the grace period: waiting cannot fix it, the client hears at once what is missing.
    h.peer.send('tab.ready', {
      tabId: '1',
      url: 'https://aistudio.google.com/prompts/new_chat',
      model: 'gemini-2.5-pro',
      health: { ok: false, missing: ['promptTextarea', 'runButton'], checkedAt: Date.now() },
    });
    await h.peer.sync();
    skewMs = 11_000;
    const started = h.peer.started.length;
    const err = await h.client.chat.completions
      .create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('page_not_ready');
    expect((err as Error).message).toContain('could not find promptTextarea, runButton');
    expect(h.peer.started).toHaveLength(started);
  });
});
