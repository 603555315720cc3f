/**
 * A 10 MB generated image end to end through the bridge (issue 22): a fake extension sends it as
 * the real extension does (binary pieces, protocol/image-frame.ts), a client reads it back as a
 * chat stream delta, a chat JSON body and an Images API body. Reported: how far the
 * bridge process's peak RSS rose over its idle RSS, as a multiple of the image's size (goal ≤ ~3×).
 * The bridge runs in its own process (bridge-server.ts) so the figures are its own.
 */
import { request } from 'node:http';
import { FakePeer, imageAnswer } from '../sim/launch/fake-peer.ts';
import { noisePng } from '../sim/site/png.ts';
import { BridgeProcess } from './bridge-process.ts';

const TOKEN = 'bench-token-0123456789';
const IMAGE_BYTES = 10 * 1024 * 1024;
const MODEL = {
  id: 'gemini-2.5-flash-image',
  capabilities: ['image_output'],
  imageAspectRatios: ['1:1'],
  imageSizes: [],
};

/** POSTs and reads the whole answer, keeping only its length (the client is not what is measured). */
function post(url: string, path: string, body: object): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => (bytes += b.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const chat = (stream: boolean) => ({ model: MODEL.id, stream, messages: [{ role: 'user', content: 'draw' }] });
const CASES: [string, string, object][] = [
  ['chat stream', '/v1/chat/completions', chat(true)],
  ['chat JSON', '/v1/chat/completions', chat(false)],
  ['images JSON', '/v1/images/generations', { model: MODEL.id, prompt: 'draw' }],
];

export async function run(): Promise<Record<string, string | number>> {
  const data = noisePng(IMAGE_BYTES).toString('base64');
  const small = noisePng(4096).toString('base64');
  const out: Record<string, string | number> = { 'image size (MB)': IMAGE_BYTES / 1024 / 1024 };
  for (const [name, path, body] of CASES) {
    // A fresh bridge per case: its peak RSS must come from this one image only.
    const bridge = await BridgeProcess.start({ BENCH_TOKEN: TOKEN });
    const peer = await FakePeer.connect(bridge.url, { token: TOKEN, tabs: [{ tabId: 't0' }], models: [MODEL] });
    try {
      peer.setBehaviour('t0', imageAnswer([{ mimeType: 'image/png', data: small }]));
      await post(bridge.url, path, body); // warm-up: load every code path first
      const idle = await bridge.stats(true);
      peer.setBehaviour('t0', imageAnswer([{ mimeType: 'image/png', data }]));
      const r = await post(bridge.url, path, body);
      if (r.status !== 200 || r.bytes < data.length) throw new Error(`${name}: status ${r.status}, ${r.bytes} bytes`);
      const after = await bridge.stats();
      const rise = Math.max(0, after.maxRss - idle.rss);
      out[`${name}: peak RSS rise (MB)`] = rise / 1024 / 1024;
      out[`${name}: rise / image size`] = rise / IMAGE_BYTES;
    } finally {
      await peer.close();
      await bridge.stop();
    }
  }
  return out;
}
