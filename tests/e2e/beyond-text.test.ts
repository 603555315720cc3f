// Beyond text end to end: the real extension drives the simulated page's image models and
// settings; official clients read what the page produced. One demo stack for the whole file.

import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLog } from './harness/debug.ts';
import { startHarness, waitForPageModels, type Harness } from './harness/harness.ts';

describe('beyond text through the extension and the simulated page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
    await waitForPageModels(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('openai images.generate: the page image model makes the image at the asked aspect ratio and resolution', async () => {
    const before = h.sim.runs.length;
    const r = await h.client.images.generate({
      model: 'gemini-3-pro-image-preview',
      prompt: 'a lighthouse at dusk',
      size: '2048x1152' as never,
    });
    const run = h.sim.runs[before]!;
    expect(run.request.prompt).toBe('a lighthouse at dusk');
    expect(run.request.imageConfig).toEqual({ aspectRatio: '16:9', imageSize: '2K' });
    expect(r.data).toEqual([{ b64_json: run.images[0]!.data }]);
    const png = Buffer.from(r.data![0]!.b64_json!, 'base64');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2048, 1152]);
    const bad = await h.client.images
      .generate({ model: 'gemini-2.5-flash-image', prompt: 'x', size: '2048x2048' as never })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('size');
  });

  it('openai images.edit: the reference image is uploaded to the page with the prompt', async () => {
    const ref = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
      'base64',
    );
    const before = h.sim.runs.length;
    const r = await h.client.images.edit({
      model: 'gemini-2.5-flash-image',
      image: await toFile(ref, 'ref.png', { type: 'image/png' }),
      prompt: 'make it blue',
      response_format: 'url',
    });
    const run = h.sim.runs[before]!;
    expect(run.request.prompt).toBe('make it blue');
    expect(run.request.attachments).toEqual([{ mimeType: 'image/png', data: ref.toString('base64') }]);
    expect(r.data?.[0]?.url).toBe(`data:image/png;base64,${run.images[0]!.data}`);
  });

  it('a chat completion on an image model returns the image in message.images and streams it', async () => {
    let before = h.sim.runs.length;
    const r = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'a paper boat' }],
    });
    let run = h.sim.runs[before]!;
    const message = r.choices[0]!.message as unknown as { images?: unknown[] };
    expect(message.images).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${run.images[0]!.data}` } },
    ]);
    before = h.sim.runs.length;
    const stream = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash-image',
      messages: [{ role: 'user', content: 'a paper plane' }],
      stream: true,
    });
    const images: unknown[] = [];
    for await (const chunk of stream)
      images.push(...((chunk.choices[0]?.delta as { images?: unknown[] })?.images ?? []));
    run = h.sim.runs[before]!;
    expect(images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${run.images[0]!.data}` } }]);
  });

  it('a 1.5 MB image crosses the link in binary pieces and arrives byte for byte', async () => {
    h.sim.setScenario({ name: 'echo', imageBytes: 1_500_000 });
    try {
      const before = h.sim.runs.length;
      const r = await h.client.images.generate({ model: 'gemini-2.5-flash-image', prompt: 'static' });
      const page = h.sim.runs[before]!.images[0]!.data;
      expect(page.length).toBeGreaterThan(1_900_000);
      expect(r.data?.[0]?.b64_json).toBe(page);
    } finally {
      h.sim.setScenario(null);
    }
  });

  it('client.responses on an image model returns an image_generation_call item, streamed too', async () => {
    let before = h.sim.runs.length;
    const r = await h.client.responses.create({
      model: 'gemini-2.5-flash-image',
      input: 'a red kite',
      tools: [{ type: 'image_generation' }],
    });
    let page = h.sim.runs[before]!.images[0]!.data;
    expect(r.output.find((o) => o.type === 'image_generation_call')).toMatchObject({
      status: 'completed',
      result: page,
    });
    before = h.sim.runs.length;
    const stream = await h.client.responses.create({
      model: 'gemini-2.5-flash-image',
      input: 'a blue kite',
      stream: true,
    });
    const results: unknown[] = [];
    for await (const e of stream)
      if (e.type === 'response.output_item.done' && e.item.type === 'image_generation_call')
        results.push(e.item.result);
    page = h.sim.runs[before]!.images[0]!.data;
    expect(results).toEqual([page]);
  });
});
