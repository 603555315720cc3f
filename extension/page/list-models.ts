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
}

/**
 * Entry indices (older and 2026 captures agree): 0 `models/<id>`, 2 version, 3 display name,
 * 4 description, 5 input token limit, 6 output token limit, 9 default top-p, 10 default top-k.
 * Read here: id, display name, description, output limit, top-p.
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
  return model;
}
