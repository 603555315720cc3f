import { z } from 'zod';

/**
 * What a model can do beyond text, as the page's ListModels says it (docs/aistudio-wire.md#listmodels:
 * capability codes at [64] → `code_execution`, `function_calling`, `google_search`, `url_context`,
 * `image_output`; image aspect ratios at [75], output resolutions at [76]).
 */
export const ModelCapabilities = z.object({
  capabilities: z.array(z.string()).optional(),
  /** e.g. `1:1`, `16:9`: the page's Aspect ratio setting (image models) */
  imageAspectRatios: z.array(z.string()).optional(),
  /** e.g. `1K`, `2K`: the page's Output resolution setting; empty = the model has none */
  imageSizes: z.array(z.string()).optional(),
});

export const producesImages = (m: { capabilities?: readonly string[] }): boolean =>
  m.capabilities?.includes('image_output') ?? false;
