import { endianness } from 'node:os';
import { MAX_BROWSER_TO_HOST_BYTES, MAX_HOST_TO_BROWSER_BYTES } from './constants.ts';

/**
 * Chrome's native-messaging framing: every message is UTF-8 JSON preceded by its byte length as
 * a 32-bit unsigned integer in the machine's native byte order, in both directions.
 */
export type ByteOrder = 'LE' | 'BE';

export class FrameError extends Error {
  override name = 'FrameError';
}

/** One message → one frame. Throws (rather than let Chrome close the port) when it is too big. */
export function encodeFrame(
  message: unknown,
  order: ByteOrder = endianness(),
  max = MAX_HOST_TO_BROWSER_BYTES,
): Buffer {
  const json = JSON.stringify(message);
  if (json === undefined) throw new FrameError('message is not JSON-serialisable');
  const body = Buffer.from(json, 'utf8');
  if (body.length > max)
    throw new FrameError(`message of ${body.length} bytes exceeds the ${max}-byte native-messaging limit`);
  const frame = Buffer.allocUnsafe(4 + body.length);
  if (order === 'LE') frame.writeUInt32LE(body.length, 0);
  else frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/**
 * Reassembles frames from a byte stream: stdin delivers arbitrary chunks, so a frame may be split
 * across chunks and one chunk may hold several frames. `push` returns every message completed by
 * the chunk, in order. A length over `max` or a body that is not JSON throws FrameError: the
 * stream cannot be resynchronised after that, so the caller must close it.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(
    private readonly order: ByteOrder = endianness(),
    private readonly max = MAX_BROWSER_TO_HOST_BYTES,
  ) {}

  push(chunk: Uint8Array): unknown[] {
    if (this.failed) throw new FrameError('decoder already failed');
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const messages: unknown[] = [];
    while (this.buffered.length >= 4) {
      const length = this.order === 'LE' ? this.buffered.readUInt32LE(0) : this.buffered.readUInt32BE(0);
      if (length > this.max) return this.fail(`incoming frame of ${length} bytes exceeds the ${this.max}-byte limit`);
      if (this.buffered.length < 4 + length) break;
      const body = this.buffered.subarray(4, 4 + length).toString('utf8');
      this.buffered = this.buffered.subarray(4 + length);
      try {
        messages.push(JSON.parse(body));
      } catch {
        return this.fail('incoming frame is not valid JSON');
      }
    }
    return messages;
  }

  /** Bytes of an incomplete frame still waiting for the rest (a non-zero value at EOF = truncated). */
  get pendingBytes(): number {
    return this.buffered.length;
  }

  private fail(message: string): never {
    this.failed = true;
    this.buffered = Buffer.alloc(0);
    throw new FrameError(message);
  }
}
