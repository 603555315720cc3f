import type { JobEvent } from '../../protocol/job.ts';
import type { Base64Data } from './base64-data.ts';
import { TextMap } from './text-map.ts';

/** A generated image, held as bytes (run/image-pieces.ts puts it together from the job events). */
export type ImageOut = { kind: 'image'; mimeType: string; data: Base64Data };

/** What an answer carries beyond text: job events (protocol/job-extras.ts), images put together. */
export type ExtraEvent = Extract<JobEvent, { kind: 'code' | 'code_result' | 'grounding' }> | ImageOut;
export type GroundingOut = Extract<ExtraEvent, { kind: 'grounding' }>;
export type CodeOut = { code: string; language: string; outcome?: string; output?: string };

/** Base64 characters of images one non-stream answer holds for its body (a 4K image is ~20 M). */
const MAX_HELD_IMAGE_CHARS = 128 * 1024 * 1024;

export const isExtraEvent = (e: { kind: string }): e is Exclude<ExtraEvent, ImageOut> =>
  e.kind === 'code' || e.kind === 'code_result' || e.kind === 'grounding';

/**
 * What one answer carried beyond text, for surfaces that write it at the end. A streamed answer
 * keeps no image (each is written as it comes, so the bridge holds one image's bytes at a time);
 * a non-stream answer must hold its images for the JSON body.
 */
export class AnswerExtras {
  readonly images: ImageOut[] = [];
  readonly code: CodeOut[] = [];
  grounding: GroundingOut | null = null;
  /** images seen, kept or not */
  imageCount = 0;
  /** images not kept because the answer already held MAX_HELD_IMAGE_CHARS */
  imagesDropped = 0;
  private heldImageChars = 0;
  /** where the page's text sits in the client's (for the sources' character ranges) */
  readonly map: TextMap;

  constructor(
    private readonly keepImages: boolean,
    /** the answer can carry sources (Search or URL context on): keep its page text to place them */
    groundable = false,
  ) {
    this.map = new TextMap(groundable);
  }

  add(e: ExtraEvent): void {
    if (e.kind === 'image') {
      this.imageCount++;
      if (!this.keepImages) return;
      if (this.heldImageChars + e.data.length > MAX_HELD_IMAGE_CHARS) {
        this.imagesDropped++;
        return;
      }
      this.heldImageChars += e.data.length;
      this.images.push(e);
    } else if (e.kind === 'code') this.code.push({ code: e.code, language: e.language });
    else if (e.kind === 'code_result') {
      const last = this.code.at(-1);
      if (last && last.output === undefined) Object.assign(last, { outcome: e.outcome, output: e.output });
      else this.code.push({ code: '', language: 'unspecified', outcome: e.outcome, output: e.output });
    } else this.grounding = mergeGrounding(this.grounding, e);
  }
}

/** The page may send sources in several frames: keep every source once, indices remapped. */
function mergeGrounding(prev: GroundingOut | null, next: GroundingOut): GroundingOut {
  if (!prev) return next;
  const sources = [...prev.sources];
  const map = next.sources.map((s) => {
    const at = sources.findIndex((p) => p.uri === s.uri);
    if (at >= 0) return at;
    sources.push(s);
    return sources.length - 1;
  });
  const supports = [
    ...prev.supports,
    ...next.supports.map((s) => ({ ...s, sources: s.sources.map((i) => map[i] ?? i) })),
  ];
  return { kind: 'grounding', queries: [...new Set([...prev.queries, ...next.queries])], sources, supports };
}
