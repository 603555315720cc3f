// OpenAI's Images API (/v1/images/generations, /v1/images/edits) and images in chat completions,
// through a fake extension, driven by the official openai client.

import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../protocol/messages.ts';
import { echoPrompt, imageAnswer, streamText, type TabSpec } from '../../sim/launch/fake-peer.ts';
import { FakePeer } from '../../sim/launch/fake-peer.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
).toString('base64');

const MODELS: ModelInfo[] = [
  { id: 'gemini-2.5-pro', capabilities: ['code_execution', 'google_search'] },
  {
    id: 'gemini-3-pro-image-preview',
    displayName: 'Nano Banana Pro',
    capabilities: ['image_output', 'google_search'],
    imageAspectRatios: ['1:1', '16:9', '9:16', '3:4'],
    imageSizes: ['1K', '2K', '4K'],
  },
  { id: 'gemini-2.5-flash-image', capabilities: ['image_output'], imageAspectRatios: ['1:1', '16:9'], imageSizes: [] },
];

let h: Harness | null = null;
let extra: FakePeer | null = null;
afterEach(async () => {
  await extra?.close();
  extra = null;
  await h?.close();
  h = null;
});

async function start(tabs: TabSpec[]): Promise<Harness> {
  const harness = await startHarness([]);
  // A second peer reports the image models (the harness's peer reports none) and serves the tabs.
  extra = await FakePeer.connect(harness.bridge.url, { token: TEST_TOKEN, tabs, models: MODELS });
  await extra.sync();
  return harness;
}

const badRequest = async (p: Promise<unknown>): Promise<InstanceType<typeof OpenAI.BadRequestError>> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  return err as InstanceType<typeof OpenAI.BadRequestError>;
};

describe('Images API through a fake extension, driven by the openai client', () => {
  it('lists which models produce images, with their image settings', async () => {
    h = await start([{ tabId: '1', behaviour: echoPrompt }]);
    const list = await h.client.models.list();
    const byId = new Map(list.data.map((m) => [m.id, m as unknown as Record<string, unknown>]));
    expect(byId.get('gemini-3-pro-image-preview')).toMatchObject({
      output_modalities: ['image', 'text'],
      image_settings: { aspect_ratios: ['1:1', '16:9', '9:16', '3:4'], sizes: ['1K', '2K', '4K'] },
    });
    expect(byId.get('gemini-2.5-pro')?.output_modalities).toEqual(['text']);
  });

  it('images.generate: b64_json by default; size becomes the page aspect ratio and resolution', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }]) }]);
    const r = await h.client.images.generate({
      model: 'gemini-3-pro-image-preview',
      prompt: 'a red fox',
      size: '2048x1152' as never,
    });
    expect(r.data).toEqual([{ b64_json: PNG }]);
    expect(r.usage?.output_tokens).toBe(1290);
    const job = extra?.started[0]?.request;
    expect(job?.prompt).toBe('a red fox');
    expect(job?.model).toBe('gemini-3-pro-image-preview');
    expect(job?.settings).toEqual({ stopSequences: [], imageAspectRatio: '16:9', imageSize: '2K' });
  });

  it('picks the first image model when none is named; url is a data: URL; aspect_ratio is taken', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }]) }]);
    const r = await h.client.images.generate({ prompt: 'x', response_format: 'url', aspect_ratio: '16:9' } as never);
    expect(r.data?.[0]?.url).toBe(`data:image/png;base64,${PNG}`);
    expect(extra?.started[0]?.request.model).toBe('gemini-3-pro-image-preview');
    expect(extra?.started[0]?.request.settings.imageAspectRatio).toBe('16:9');
  });

  it('n runs on n tabs; more than the connected tabs is a 400 naming n', async () => {
    const img = imageAnswer([{ mimeType: 'image/png', data: PNG }]);
    h = await start([
      { tabId: '1', behaviour: img },
      { tabId: '2', behaviour: img },
    ]);
    const r = await h.client.images.generate({ prompt: 'two cats', n: 2 });
    expect(r.data).toHaveLength(2);
    expect(new Set(extra?.started.map((s) => s.tabId))).toEqual(new Set(['1', '2']));
    expect((await badRequest(h.client.images.generate({ prompt: 'x', n: 3 }))).param).toBe('n');
  });

  it('refuses settings the page does not have, naming the field, before any run', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }]) }]);
    const c = h.client;
    expect(
      (
        await badRequest(
          c.images.generate({ prompt: 'x', model: 'gemini-2.5-flash-image', size: '2048x2048' as never }),
        )
      ).param,
    ).toBe('size');
    expect((await badRequest(c.images.generate({ prompt: 'x', size: '1000x300' as never }))).param).toBe('size');
    expect((await badRequest(c.images.generate({ prompt: 'x', aspect_ratio: '5:4' } as never))).param).toBe(
      'aspect_ratio',
    );
    expect((await badRequest(c.images.generate({ prompt: 'x', model: 'gemini-2.5-pro' }))).param).toBe('model');
    expect((await badRequest(c.images.generate({ prompt: 'x', response_format: 'png' as never }))).param).toBe(
      'response_format',
    );
    expect((await badRequest(c.images.generate({ prompt: '' }))).param).toBe('prompt');
    expect(extra?.started).toHaveLength(0);
  });

  it('an answer without an image is a 502 quoting what the page said', async () => {
    h = await start([{ tabId: '1', behaviour: streamText(['I cannot draw that.']) }]);
    const err = await h.client.images.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as Error).message).toContain('I cannot draw that.');
  });

  it('images.edit uploads the reference images (multipart) with the prompt', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }]) }]);
    const png = Buffer.from(PNG, 'base64');
    const r = await h.client.images.edit({
      model: 'gemini-2.5-flash-image',
      image: [await toFile(png, 'cat.png', { type: 'image/png' }), await toFile(png, 'hat.png', { type: 'image/png' })],
      prompt: 'put the hat on the cat',
    });
    expect(r.data?.[0]?.b64_json).toBe(PNG);
    const job = extra?.started[0]?.request;
    expect(job?.prompt).toBe('put the hat on the cat');
    expect(job?.attachments).toEqual([
      { name: 'cat.png', mimeType: 'image/png', data: PNG },
      { name: 'hat.png', mimeType: 'image/png', data: PNG },
    ]);
    const noImage = await fetch(`${h.baseURL}/images/edits`, { method: 'POST', body: new FormData() });
    expect(noImage.status).toBe(400);
  });
});

describe('images in chat completions', () => {
  it('returns them in message.images as data: URLs, and streams them in a delta', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }], 'Here it is.') }]);
    const r = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'draw a boat' }],
    });
    const message = r.choices[0]?.message as unknown as Record<string, unknown>;
    expect(message.content).toBe('Here it is.');
    expect(message.images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }]);

    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'draw a boat' }],
      stream: true,
    });
    const images: unknown[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as unknown as { images?: unknown[] } | undefined;
      images.push(...(delta?.images ?? []));
    }
    expect(images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }]);
  });
});

describe('images, code and sources in the Gemini and Ollama surfaces', () => {
  const beyond: TabSpec['behaviour'] = (job) => {
    job.send({ kind: 'started' });
    job.send({ kind: 'code', language: 'python', code: 'print(2)' });
    job.send({ kind: 'code_result', outcome: 'ok', output: '2\n' });
    job.send({ kind: 'text', text: 'Two.' });
    job.send({ kind: 'image', mimeType: 'image/png', data: PNG });
    job.send({
      kind: 'grounding',
      queries: ['two'],
      sources: [{ uri: 'https://a.example/two', title: 'a.example' }],
      supports: [{ start: 0, end: 4, text: 'Two.', sources: [0] }],
    });
    job.send({ kind: 'done' });
  };

  it('@google/genai gets inlineData, executableCode, codeExecutionResult and groundingMetadata, streamed too', async () => {
    h = await start([{ tabId: '1', behaviour: beyond }]);
    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url } });
    const r = await ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'two' });
    const candidate = r.candidates?.[0];
    expect(candidate?.content?.parts).toEqual([
      { executableCode: { language: 'PYTHON', code: 'print(2)' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '2\n' } },
      { text: 'Two.' },
      { inlineData: { mimeType: 'image/png', data: PNG } },
    ]);
    expect(candidate?.groundingMetadata).toEqual({
      webSearchQueries: ['two'],
      groundingChunks: [{ web: { uri: 'https://a.example/two', title: 'a.example' } }],
      groundingSupports: [{ segment: { startIndex: 0, endIndex: 4, text: 'Two.' }, groundingChunkIndices: [0] }],
    });
    const parts: unknown[] = [];
    let grounding: unknown = null;
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-flash-image',
      contents: 'two',
    })) {
      parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []).filter((p) => p.text !== ''));
      grounding ??= chunk.candidates?.[0]?.groundingMetadata ?? null;
    }
    expect(parts).toEqual(candidate?.content?.parts);
    expect(grounding).toEqual(candidate?.groundingMetadata);
  });

  it('ollama gets the image in message.images (base64), streamed too', async () => {
    h = await start([{ tabId: '1', behaviour: beyond }]);
    const ollama = new Ollama({ host: h.bridge.url });
    const r = await ollama.chat({ model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'two' }] });
    expect(r.message.images).toEqual([PNG]);
    const images: string[] = [];
    for await (const part of await ollama.chat({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'two' }],
      stream: true,
    }))
      images.push(...((part.message.images as string[] | undefined) ?? []));
    expect(images).toEqual([PNG]);
  });
});

describe('images in the Responses API', () => {
  it('client.responses returns an image_generation_call item (the image_generation tool is taken), streamed too', async () => {
    h = await start([{ tabId: '1', behaviour: imageAnswer([{ mimeType: 'image/png', data: PNG }], 'Here.') }]);
    const r = await h.client.responses.create({
      model: 'gemini-2.5-flash-image',
      input: 'a kite',
      tools: [{ type: 'image_generation' }],
    });
    const calls = r.output.filter((o) => o.type === 'image_generation_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 'completed', result: PNG });
    expect(r.output_text).toBe('Here.');
    const stream = await h.client.responses.create({ model: 'gemini-2.5-flash-image', input: 'a kite', stream: true });
    const done: unknown[] = [];
    for await (const e of stream)
      if (e.type === 'response.output_item.done' && e.item.type === 'image_generation_call') done.push(e.item.result);
    expect(done).toEqual([PNG]);
  });
});
