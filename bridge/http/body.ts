import type { IncomingMessage } from 'node:http';
import { BadRequestError, PayloadTooLargeError } from '../errors.ts';

/** Reads a body as bytes (JSON, multipart uploads), refusing more than `limit` bytes (413). */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new PayloadTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      // The request (and this listener's closure) lives as long as the response: drop the chunks
      // now, so a queued job holds only what its caller kept (for JSON, the parsed form).
      chunks.length = 0;
    });
  });
}

/** Reads and parses a JSON body, refusing more than `limit` bytes (413) and malformed JSON (400). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readRawBody(req, limit)).toString('utf8');
  if (text.trim().length === 0)
    throw new BadRequestError('the request body is empty: send a JSON object', null, 'invalid_body');
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError(
      'We could not parse the JSON body of your request: it is not valid JSON.',
      null,
      'invalid_json',
    );
  }
}
