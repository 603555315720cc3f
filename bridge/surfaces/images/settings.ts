import type { ModelInfo } from '../../../protocol/messages.ts';
import { producesImages } from '../../../protocol/model-capabilities.ts';
import { BadRequestError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';

/**
 * Which image model runs a request, and what `size` / `aspect_ratio` ask of the page's image
 * settings. A setting the model's page does not offer is a 400 naming the field: never silently
 * an image of another shape.
 */
export function imageModel(ctx: HttpContext, requested: unknown): ModelInfo {
  const images = ctx.models.list().filter(producesImages);
  if (requested === undefined || requested === null || requested === '') {
    const first = images[0];
    if (!first)
      throw new BadRequestError(
        'No image model is listed: the AI Studio page reported none (see GET /v1/models, output_modalities).',
        'model',
        'model_not_found',
      );
    return first;
  }
  if (typeof requested !== 'string') throw new BadRequestError("Invalid type for 'model': expected a string.", 'model');
  const found = ctx.models.lookup(requested, ctx.config.strictModels)?.model;
  // Before any page reported its ListModels, nothing is known: trust the name, the page decides.
  if (ctx.models.source === 'default') return { id: found?.id ?? requested };
  const listed = found ? ctx.models.list().find((m) => m.id === found.id) : undefined;
  if (!listed || !producesImages(listed)) {
    const names = images.map((m) => m.id).join(', ') || 'none listed';
    throw new BadRequestError(
      `The model '${requested}' does not produce images. Image models: ${names}.`,
      'model',
      'model_not_found',
    );
  }
  return listed;
}

const ALL_RATIOS = ['1:1', '9:16', '16:9', '3:4', '4:3', '3:2', '2:3', '5:4', '4:5', '21:9', '9:21'];
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export interface ImageSettings {
  imageAspectRatio?: string;
  imageSize?: string;
}

/** `size` (`1024x1024`, `auto`) and `aspect_ratio` (`16:9`) → the page's Aspect ratio / Output resolution. */
export function imageSettings(model: ModelInfo, size: unknown, aspectRatio: unknown): ImageSettings {
  // A model the page has not described (no list yet): offer every setting, the page has the last word.
  const known = model.capabilities !== undefined;
  const ratios = known ? (model.imageAspectRatios ?? []) : ALL_RATIOS;
  const sizes = known ? (model.imageSizes ?? []) : ['512', '1K', '2K', '4K'];
  const out: ImageSettings = {};
  if (aspectRatio !== undefined && aspectRatio !== null) {
    if (typeof aspectRatio !== 'string' || !ratios.includes(aspectRatio))
      throw new BadRequestError(
        `Invalid 'aspect_ratio': ${model.id} offers ${ratios.length ? ratios.join(', ') : 'no aspect ratio setting'}.`,
        'aspect_ratio',
        'unsupported_value',
      );
    out.imageAspectRatio = aspectRatio;
  }
  if (size === undefined || size === null || size === 'auto') return out;
  const m = typeof size === 'string' ? /^(\d{2,5})x(\d{2,5})$/.exec(size) : null;
  if (!m) throw new BadRequestError("Invalid 'size': expected WIDTHxHEIGHT (e.g. 1024x1024) or auto.", 'size');
  const [w, h] = [Number(m[1]), Number(m[2])];
  const d = gcd(w, h);
  const ratio = `${w / d}:${h / d}`;
  if (!ratios.includes(ratio))
    throw new BadRequestError(
      `Invalid 'size' ${size}: its aspect ratio ${ratio} is not one ${model.id} offers (${ratios.join(', ') || 'it has no aspect ratio setting'}).`,
      'size',
      'unsupported_value',
    );
  if (out.imageAspectRatio && out.imageAspectRatio !== ratio)
    throw new BadRequestError(`'size' ${size} and 'aspect_ratio' ${out.imageAspectRatio} disagree.`, 'size');
  out.imageAspectRatio = ratio;
  const long = Math.max(w, h);
  const wanted = long <= 512 ? '512' : long <= 1024 ? '1K' : long <= 2048 ? '2K' : '4K';
  if (sizes.length === 0) {
    // No Output resolution setting: the page makes about 1K images.
    if (wanted !== '1K' && wanted !== '512')
      throw new BadRequestError(
        `Invalid 'size' ${size}: ${model.id} has no output resolution setting (its images are about 1024 px on the long side).`,
        'size',
        'unsupported_value',
      );
    return out;
  }
  const pick = sizes.includes(wanted) ? wanted : wanted === '512' && sizes.includes('1K') ? '1K' : null;
  if (!pick)
    throw new BadRequestError(
      `Invalid 'size' ${size}: ${model.id} offers output resolutions ${sizes.join(', ')}.`,
      'size',
      'unsupported_value',
    );
  out.imageSize = pick;
  return out;
}
