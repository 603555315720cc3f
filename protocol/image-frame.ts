import { z } from 'zod';

/**
 * Images in pieces, as binary WebSocket frames (protocol/PROTOCOL.md "Images in pieces"). A
 * bridge that lists IMAGE_PIECES_FEATURE in `welcome.features` takes a generated image as
 * consecutive binary frames instead of one `image` job event: it then keeps the image as the
 * bytes it arrived as, never as a 13 MB JSON frame, a string and a parsed copy at once (issue 22:
 * a 10 MB image within ~3× its size in the bridge).
 *
 * A frame: 4 bytes (big-endian length N of the header), N bytes of UTF-8 JSON header
 * `{"jobId":…,"mimeType":…,"last":…}`, then base64 text (ASCII) to the end of the frame. The
 * pieces of one image are sent back to back; each but the last holds a multiple of 4 characters.
 */
export const IMAGE_PIECES_FEATURE = 'image_pieces';

/** Characters of base64 per frame: a multiple of 4. */
export const IMAGE_PIECE_CHARS = 64 * 1024;

const Header = z.object({
  jobId: z.string().min(1).max(200),
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
  last: z.boolean(),
});

/** One piece of an image, as the bridge passes it on (the bytes of its base64 text). */
export interface ImagePiece {
  kind: 'image_piece';
  mimeType: string;
  data: Uint8Array;
  last: boolean;
  /** the bridge refused this piece (its base64): the image it belongs to is dropped whole */
  refused?: true;
}

/** The binary frames of one image (`data` is its base64, no data: prefix). */
export function imageFrames(jobId: string, image: { mimeType: string; data: string }): Uint8Array[] {
  const text = new TextEncoder();
  const frames: Uint8Array[] = [];
  const { mimeType, data } = image;
  for (let at = 0; at === 0 || at < data.length; at += IMAGE_PIECE_CHARS) {
    const last = at + IMAGE_PIECE_CHARS >= data.length;
    const header = text.encode(JSON.stringify({ jobId, mimeType, last }));
    const body = text.encode(data.slice(at, at + IMAGE_PIECE_CHARS));
    const frame = new Uint8Array(4 + header.length + body.length);
    new DataView(frame.buffer).setUint32(0, header.length);
    frame.set(header, 4);
    frame.set(body, 4 + header.length);
    frames.push(frame);
  }
  return frames;
}

const isBase64Byte = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f;

/** Only base64's alphabet, with up to two `=` at the very end. */
function validBase64(bytes: Uint8Array): boolean {
  let end = bytes.length;
  for (let pad = 0; pad < 2 && end > 0 && bytes[end - 1] === 0x3d; pad++) end--;
  for (let i = 0; i < end; i++) if (!isBase64Byte(bytes[i] as number)) return false;
  return true;
}

/** A bad frame whose header could be read names its job, so that job's image can be dropped whole. */
export type DecodedImageFrame =
  { ok: true; jobId: string; piece: ImagePiece } | { ok: false; error: string; jobId?: string; last?: boolean };

/** A frame's header and base64, checked; `data` is a view into `frame`. */
export function decodeImageFrame(frame: Uint8Array): DecodedImageFrame {
  if (frame.length < 4) return { ok: false, error: 'binary frame shorter than its header length' };
  const size = new DataView(frame.buffer, frame.byteOffset, frame.length).getUint32(0);
  if (size > 1024 || 4 + size > frame.length) return { ok: false, error: 'binary frame header length out of range' };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + size)));
  } catch {
    return { ok: false, error: 'binary frame header is not JSON' };
  }
  const parsed = Header.safeParse(header);
  if (!parsed.success) return { ok: false, error: 'binary frame header is not an image piece header' };
  const data = frame.subarray(4 + size);
  const { jobId, mimeType, last } = parsed.data;
  // Pieces are joined as they are: all but the last must be whole base64 quads, unpadded.
  const whole = last || (data.length % 4 === 0 && data.at(-1) !== 0x3d);
  if (!whole || !validBase64(data)) return { ok: false, error: 'image piece is not base64', jobId, last };
  return { ok: true, jobId, piece: { kind: 'image_piece', mimeType, data, last } };
}
