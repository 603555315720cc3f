/**
 * ListModels body, as the tap reads it. Older captures start with the `)]}'` anti-XSSI prefix, a
 * 2026 trace had none: both are accepted. Pure parsing, no DOM.
 */

export interface WireModel {
  id: string;
  displayName?: string;
  description?: string;
  outputTokenLimit?: number;
  defaultTopP?: number;
  capabilities?: string[];
  imageAspectRatios?: string[];
  imageSizes?: string[];
}

// Codes as docs/aistudio-wire.md#listmodels lists them (kept here: the tap imports nothing).
const CAPABILITIES: Readonly<Record<number, string>> = {
  9: 'code_execution',
  10: 'function_calling',
  12: 'google_search',
  13: 'url_context',
  21: 'image_output',
};
const ASPECT_RATIOS = ['1:1', '9:16', '16:9', '3:4', '4:3', '3:2', '2:3', '5:4', '4:5', '21:9', '9:21'];
const IMAGE_SIZES = ['1K', '2K', '4K', '512'];

const codes = (v: unknown, names: readonly string[] | Readonly<Record<number, string>>): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const c of v) {
    const name =
      typeof c === 'number' ? (Array.isArray(names) ? names[c - 1] : (names as Record<number, string>)[c]) : undefined;
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
};

/**
 * Entry indices (older and 2026 captures agree): 0 `models/<id>`, 2 version, 3 display name,
 * 4 description, 5 input token limit, 6 output token limit, 9 default top-p, 10 default top-k.
 * Read here: id, display name, description, output limit, top-p; and from 2026 entries the
 * capability codes at 64 and the image settings at 75/76 (docs/aistudio-wire.md#listmodels).
 */
export function parseListModels(body: string): WireModel[] {
  const json = body.replace(/^\s*\)\]\}'\s*/, '');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const entries = findModelEntries(data);
  const seen = new Set<string>();
  const models: WireModel[] = [];
  for (const entry of entries) {
    const model = toModel(entry);
    if (model && !seen.has(model.id)) {
      seen.add(model.id);
      models.push(model);
    }
  }
  return models;
}

function findModelEntries(data: unknown): unknown[][] {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    return findModelEntries(obj.models ?? obj.data);
  }
  if (!Array.isArray(data)) return [];
  if (Array.isArray(data[0]) && Array.isArray(data[0][0])) return data[0].filter(Array.isArray);
  if (Array.isArray(data[0]) && typeof data[0][0] === 'string') return data.filter(Array.isArray);
  return [];
}

function toModel(entry: unknown[]): WireModel | null {
  const path = entry[0];
  if (typeof path !== 'string' || !path) return null;
  const id = path.slice(path.lastIndexOf('/') + 1);
  if (!id) return null;
  const model: WireModel = { id };
  if (typeof entry[3] === 'string' && entry[3]) model.displayName = entry[3];
  if (typeof entry[4] === 'string' && entry[4]) model.description = entry[4];
  if (typeof entry[6] === 'number' && Number.isInteger(entry[6]) && entry[6] > 0) model.outputTokenLimit = entry[6];
  if (typeof entry[9] === 'number' && Number.isFinite(entry[9])) model.defaultTopP = Math.min(1, Math.max(0, entry[9]));
  // 2026 slots (one source): capability codes [64], image aspect ratio [75] and resolution [76] codes.
  const capabilities = codes(entry[64], CAPABILITIES);
  if (capabilities) model.capabilities = capabilities;
  const ratios = codes(entry[75], ASPECT_RATIOS);
  if (ratios && capabilities?.includes('image_output')) model.imageAspectRatios = ratios;
  const sizes = codes(entry[76], IMAGE_SIZES);
  if (sizes && capabilities?.includes('image_output')) model.imageSizes = sizes;
  return model;
}
