// A large generated image crosses the link as binary pieces (protocol/image-frame.ts) and reaches
// every surface byte for byte, streamed and not; a broken sequence loses the image, not the answer.

import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { imageFrames, IMAGE_PIECE_CHARS } from '../../protocol/image-frame.ts';
import type { ModelInfo } from '../../protocol/messages.ts';
import { FakePeer, imageAnswer, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { noisePng } from '../../sim/site/png.ts';
import { startHarness, TEST_TOKEN, type Harness } from './harness.ts';

const MODEL: ModelInfo = { id: 'gemini-2.5-flash-image', capabilities: ['image_output'], imageAspectRatios: ['1:1'] };
// About 40 pieces, the last one short.
const BIG = noisePng(2 * 1024 * 1024 + 777).toString('base64');

/** The bridge's warnings, as messages. */
const warnings: string[] = [];
const logger = {
  debug: () => {},
  info: () => {},
  warn: (message: string) => void warnings.push(message),
  error: (message: string) => void warnings.push(message),
};

let h: Harness | null = null;
let peer: FakePeer | null = null;
afterEach(async () => {
  await peer?.close();
  peer = null;
  await h?.close();
  h = null;
  warnings.length = 0;
});

async function start(behaviour: Behaviour): Promise<Harness> {
  const harness = await startHarness([], { logger });
  peer = await FakePeer.connect(harness.bridge.url, {
    token: TEST_TOKEN,
    tabs: [{ tabId: 't', behaviour }],
    models: [MODEL],
  });
  await peer.sync();
  return harness;
}

describe('images in pieces', () => {
  it('the fake extension sends a 2 MB image as pieces of IMAGE_PIECE_CHARS, the last one short', () => {
    const frames = imageFrames('job-1', { mimeType: 'image/png', data: BIG });
    expect(frames.length).toBe(Math.ceil(BIG.length / IMAGE_PIECE_CHARS));
    expect(BIG.length % IMAGE_PIECE_CHARS).not.toBe(0);
  });

  it('reaches chat (JSON and stream), Images, Responses, Gemini and Ollama byte for byte', async () => {
    h = await start(imageAnswer([{ mimeType: 'image/png', data: BIG }], 'Here.'));
    const url = `data:image/png;base64,${BIG}`;
    const chat = await h.client.chat.completions.create({
      model: MODEL.id,
      messages: [{ role: 'user', content: 'a' }],
    });
    expect((chat.choices[0]?.message as unknown as { images: unknown }).images).toEqual([
      { type: 'image_url', image_url: { url } },
    ]);
    expect(chat.choices[0]?.message.content).toBe('Here.');

    const streamed: unknown[] = [];
    const stream = await h.client.chat.completions.create({
      model: MODEL.id,
      messages: [{ role: 'user', content: 'a' }],
      stream: true,
    });
    for await (const c of stream) streamed.push(...((c.choices[0]?.delta as { images?: unknown[] })?.images ?? []));
    expect(streamed).toEqual([{ type: 'image_url', image_url: { url } }]);

    const images = await h.client.images.generate({ model: MODEL.id, prompt: 'a' });
    expect(images.data?.[0]?.b64_json).toBe(BIG);

    const response = await h.client.responses.create({ model: MODEL.id, input: 'a' });
    expect(response.output.find((o) => o.type === 'image_generation_call')).toMatchObject({ result: BIG });

    const ai = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.bridge.url } });
    const parts: unknown[] = [];
    for await (const c of await ai.models.generateContentStream({ model: MODEL.id, contents: 'a' }))
      parts.push(...(c.candidates?.[0]?.content?.parts ?? []).filter((p) => p.inlineData));
    expect(parts).toEqual([{ inlineData: { mimeType: 'image/png', data: BIG } }]);

    const ollama = new Ollama({ host: h.bridge.url });
    const o = await ollama.chat({ model: MODEL.id, messages: [{ role: 'user', content: 'a' }] });
    expect(o.message.images).toEqual([BIG]);
  });

  it('pieces cut short by another event drop that image with a warning; the text and the next image arrive', async () => {
    const small = noisePng(4096).toString('base64');
    h = await start((job) => {
      job.send({ kind: 'started' });
      // The first two pieces of a big image, then text: a sequence the extension never sends.
      const [first, second] = imageFrames(job.jobId, { mimeType: 'image/png', data: BIG });
      for (const frame of [first, second]) if (frame) peer?.ws.send(frame);
      job.send({ kind: 'text', text: 'Between.' });
      job.send({ kind: 'image', mimeType: 'image/png', data: small });
      job.send({ kind: 'done' });
    });
    const r = await h.client.chat.completions.create({ model: MODEL.id, messages: [{ role: 'user', content: 'a' }] });
    const message = r.choices[0]?.message as unknown as { content: string; images: unknown[] };
    expect(message.content).toBe('Between.');
    expect(message.images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${small}` } }]);
    expect(warnings.some((l) => l.includes('dropped a generated image'))).toBe(true);
  });

  it('a binary frame that is not an image piece is refused with a protocol error; the link stays up', async () => {
    h = await start(imageAnswer([{ mimeType: 'image/png', data: BIG }]));
    const bad = Buffer.concat([Buffer.from([0, 0, 0, 2]), Buffer.from('{}'), Buffer.from('AAAA')]);
    peer?.ws.send(bad);
    const notBase64 = imageFrames('job-x', { mimeType: 'image/png', data: 'AAAA' })[0] as Uint8Array;
    notBase64[notBase64.length - 1] = 0x21; // '!'
    peer?.ws.send(notBase64);
    const images = await h.client.images.generate({ model: MODEL.id, prompt: 'a' });
    expect(images.data?.[0]?.b64_json).toBe(BIG);
    expect(warnings.filter((l) => l.includes('bad frame from extension'))).toHaveLength(2);
  });

  it('a refused piece in the middle drops its whole image, not only the piece; the answer and the next image arrive', async () => {
    const small = noisePng(4096).toString('base64');
    h = await start((job) => {
      job.send({ kind: 'started' });
      const frames = imageFrames(job.jobId, { mimeType: 'image/png', data: BIG });
      const broken = frames[3] as Uint8Array;
      broken[broken.length - 1] = 0x3d; // '=' in a piece that is not the last: refused
      for (const frame of frames) peer?.ws.send(frame);
      job.send({ kind: 'text', text: 'After.' });
      job.send({ kind: 'image', mimeType: 'image/png', data: small });
      job.send({ kind: 'done' });
    });
    const r = await h.client.chat.completions.create({ model: MODEL.id, messages: [{ role: 'user', content: 'a' }] });
    const message = r.choices[0]?.message as unknown as { content: string; images: unknown[] };
    expect(message.content).toBe('After.');
    expect(message.images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${small}` } }]);
    expect(warnings).toContain('bad frame from extension');
    expect(warnings.some((l) => l.includes('dropped a generated image'))).toBe(true);
  });
});
