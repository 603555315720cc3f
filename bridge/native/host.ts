import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../logger.ts';
import { encodeFrame, FrameDecoder, FrameError } from './framing.ts';
import type { NativeReply } from '../../protocol/native.ts';

/**
 * The native host's I/O loop: frames in on stdin, one reply frame out on stdout per request, in
 * request order. stdout carries nothing but frames (a stray console.log would corrupt the stream
 * and make Chrome close the port), so all logging goes through the injected logger (stderr/file).
 * Resolves when stdin ends (Chrome closed the port) or the stream is corrupt.
 */
export async function runHostLoop(io: {
  input: Readable;
  output: Writable;
  handle: (raw: unknown) => Promise<NativeReply>;
  logger: Logger;
}): Promise<void> {
  const decoder = new FrameDecoder();
  let queue: Promise<void> = Promise.resolve();

  const reply = async (raw: unknown) => {
    const answer = await io.handle(raw);
    let frame: Buffer;
    try {
      frame = encodeFrame(answer);
    } catch (error) {
      // Never let an oversize reply reach Chrome (it would close the port without a word).
      frame = encodeFrame({ type: 'error', code: 'internal', message: String(error) } satisfies NativeReply);
    }
    await new Promise<void>((resolve, reject) =>
      io.output.write(frame, (error) => (error ? reject(error) : resolve())),
    );
  };

  await new Promise<void>((resolve) => {
    const finish = () => {
      io.input.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = decoder.push(chunk);
      } catch (error) {
        io.logger.error('closing: unreadable input', {
          error: error instanceof FrameError ? error.message : String(error),
        });
        finish();
        return;
      }
      for (const message of messages) {
        queue = queue
          .then(() => reply(message))
          .catch((error) => io.logger.error('reply failed', { error: String(error) }));
      }
    };
    io.input.on('data', onData);
    io.input.once('end', finish);
    io.input.once('close', finish);
    io.input.once('error', finish);
  });
  // Answer what was already asked before going away.
  await queue;
  if (decoder.pendingBytes > 0) io.logger.warn('input ended inside a frame', { bytes: decoder.pendingBytes });
}
