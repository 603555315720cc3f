import type { ModelInfo } from '../../../protocol/messages.ts';
import { producesImages } from '../../../protocol/model-capabilities.ts';

/**
 * What /v1/models adds when the page's ListModels told what a model can do: `output_modalities`
 * (`["image", "text"]` for image models), `capabilities` as the page listed them, and
 * `image_settings` (the aspect ratios and output resolutions the page offers for it).
 */
export function capabilityFields(m: ModelInfo): Record<string, unknown> {
  if (!m.capabilities) return {};
  const image = producesImages(m);
  return {
    output_modalities: image ? ['image', 'text'] : ['text'],
    capabilities: m.capabilities,
    ...(image ? { image_settings: { aspect_ratios: m.imageAspectRatios ?? [], sizes: m.imageSizes ?? [] } } : {}),
  };
}
