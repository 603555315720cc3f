// Small PNG encoder for the simulated image models: a gradient tinted by the prompt (so two
// prompts give two different images), or random noise of a given size for memory benchmarks.

import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encode(width: number, height: number, rows: Buffer, level: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A width×height gradient whose colours depend on `seed` text. */
export function gradientPng(width: number, height: number, seed: string): Buffer {
  const s = seedOf(seed);
  const [r0, g0, b0] = [s & 0xff, (s >>> 8) & 0xff, (s >>> 16) & 0xff];
  const stride = width * 3 + 1;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      rows[p] = (r0 + (x * 255) / width) & 0xff;
      rows[p + 1] = (g0 + (y * 255) / height) & 0xff;
      rows[p + 2] = b0;
    }
  }
  return encode(width, height, rows, 1);
}

/** Incompressible noise, stored without compression: the PNG is about `bytes` long. */
export function noisePng(bytes: number): Buffer {
  const width = 1024;
  const stride = width * 3 + 1;
  const height = Math.max(1, Math.ceil(bytes / stride));
  const rows = Buffer.alloc(stride * height);
  let x = 0x9e3779b9;
  for (let i = 0; i < rows.length; i++) {
    if (i % stride === 0) continue; // filter byte stays 0
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rows[i] = x & 0xff;
  }
  return encode(width, height, rows, 0);
}

/** Pixel size for an aspect ratio ("16:9") and output resolution ("512", "1K", "2K", "4K"; default 1K). */
export function imageDimensions(aspectRatio: string | null, size: string | null): { width: number; height: number } {
  const long = size === '512' ? 512 : size === '2K' ? 2048 : size === '4K' ? 4096 : 1024;
  const [w, h] = (aspectRatio ?? '1:1').split(':').map(Number);
  if (!w || !h) return { width: long, height: long };
  return w >= h
    ? { width: long, height: Math.round((long * h) / w) }
    : { width: Math.round((long * w) / h), height: long };
}
