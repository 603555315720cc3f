import type { ImagePiece } from '../../protocol/image-frame.ts';
import type { JobEvent } from '../../protocol/job.ts';
import { Base64Data } from './base64-data.ts';
import type { ImageOut } from './extras.ts';

type ImageEvent = Extract<JobEvent, { kind: 'image' }> | ImagePiece;

/** Base64 characters one image may have (the page's 4K images are ~20 MB of base64). */
const MAX_IMAGE_CHARS = 96 * 1024 * 1024;

/**
 * Turns an answer's image events into images: a whole `image` at once, or consecutive
 * image pieces (protocol/image-frame.ts) kept as the byte chunks they arrived as until the last.
 * Only one image is ever being put together; anything that breaks the rules drops that image
 * with a reason instead of keeping bytes around.
 */
export class ImageAssembler {
  private chunks: Buffer[] = [];
  private chars = 0;
  private mimeType: string | null = null;
  /** a piece was refused: the pieces up to that image's last are dropped */
  private skipping = false;

  /** The finished image, null while pieces are still coming; throws (with a reason to log) on a broken sequence. */
  add(event: ImageEvent): ImageOut | null {
    if (event.kind === 'image') {
      this.interrupted('a whole image');
      return { kind: 'image', mimeType: event.mimeType, data: Base64Data.of(event.data) };
    }
    if (this.skipping) {
      if (event.last) this.reset();
      return null;
    }
    if (event.refused) this.drop(event.last, 'a piece of the image was refused');
    if (this.mimeType !== null && this.mimeType !== event.mimeType) this.interrupted('a piece of another image');
    this.mimeType = event.mimeType;
    this.chars += event.data.length;
    if (this.chars > MAX_IMAGE_CHARS) this.drop(event.last, `image larger than ${MAX_IMAGE_CHARS} base64 characters`);
    const { data } = event;
    this.chunks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (!event.last) return null;
    const image: ImageOut = { kind: 'image', mimeType: event.mimeType, data: Base64Data.join(this.chunks) };
    this.reset();
    return image;
  }

  /** Pieces of an image have come, and its last has not. */
  get pending(): boolean {
    return this.mimeType !== null || this.skipping;
  }

  /** Any other event must not come between the pieces of an image. */
  interrupted(by: string): void {
    if (!this.pending) return;
    this.reset();
    throw new Error(`an image's pieces were interrupted by ${by}`);
  }

  /** Drops the image being put together, and its pieces still to come (up to its last). */
  private drop(last: boolean, why: string): never {
    this.reset();
    this.skipping = !last;
    throw new Error(why);
  }

  private reset(): void {
    this.chunks = [];
    this.chars = 0;
    this.mimeType = null;
    this.skipping = false;
  }
}
