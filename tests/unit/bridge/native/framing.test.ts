import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError } from '../../../../bridge/native/framing.ts';

describe('native-messaging framing', () => {
  it('prefixes UTF-8 JSON with its byte length in the requested byte order', () => {
    const le = encodeFrame({ a: 'é' }, 'LE');
    const body = Buffer.from('{"a":"é"}', 'utf8');
    expect(le.readUInt32LE(0)).toBe(body.length);
    expect(le.subarray(4).equals(body)).toBe(true);
    expect(encodeFrame({ a: 'é' }, 'BE').readUInt32BE(0)).toBe(body.length);
  });

  it('reassembles a frame split across chunks, byte by byte', () => {
    const frame = encodeFrame({ type: 'pair', text: 'ünïcode' }, 'LE');
    const decoder = new FrameDecoder('LE');
    const seen: unknown[] = [];
    for (const byte of frame) seen.push(...decoder.push(Uint8Array.of(byte)));
    expect(seen).toEqual([{ type: 'pair', text: 'ünïcode' }]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('returns several frames delivered in one chunk, in order, keeping a trailing partial one', () => {
    const a = encodeFrame({ n: 1 }, 'LE');
    const b = encodeFrame({ n: 2 }, 'LE');
    const c = encodeFrame({ n: 3 }, 'LE');
    const decoder = new FrameDecoder('LE');
    expect(decoder.push(Buffer.concat([a, b, c.subarray(0, 5)]))).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decoder.pendingBytes).toBe(5);
    expect(decoder.push(c.subarray(5))).toEqual([{ n: 3 }]);
  });

  it('reads the length in native order by default', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(encodeFrame({ ok: true }))).toEqual([{ ok: true }]);
  });

  it('rejects an incoming frame over the limit before buffering its body', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(2048, 0);
    const decoder = new FrameDecoder('LE', 1024);
    expect(() => decoder.push(header)).toThrow(FrameError);
    // The stream cannot be resynchronised: the decoder stays failed.
    expect(() => decoder.push(encodeFrame({}, 'LE'))).toThrow(/already failed/);
  });

  it('rejects a body that is not JSON', () => {
    const body = Buffer.from('{nope', 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length, 0);
    expect(() => new FrameDecoder('LE').push(Buffer.concat([header, body]))).toThrow(/not valid JSON/);
  });

  it('refuses to encode a host → browser message of 1 MiB or more', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(() => encodeFrame({ big })).toThrow(/exceeds the 1048576-byte/);
    // Just under the limit is fine (the JSON adds 10 bytes around the string).
    expect(encodeFrame({ big: big.slice(0, 1024 * 1024 - 10) }).length).toBe(4 + 1024 * 1024);
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => encodeFrame(undefined)).toThrow(FrameError);
  });
});
