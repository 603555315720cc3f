import type { ModelInfo } from '../../protocol/messages.ts';
import { bareModelId } from '../../protocol/model-id.ts';
import { familyOf, type ModelAliases } from './aliases.ts';

/** Shown by /v1/models until an extension reports the page's own ListModels answer. */
export const DEFAULT_MODELS: readonly ModelInfo[] = [
  { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro' },
  { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' },
  { id: 'gemini-2.5-flash-lite', displayName: 'Gemini 2.5 Flash-Lite' },
  { id: 'gemini-3-pro-preview', displayName: 'Gemini 3 Pro Preview' },
  { id: 'gemini-3-flash-preview', displayName: 'Gemini 3 Flash Preview' },
];

export type ModelResolution =
  /** an id to select in the page; `via` says how the requested name got there */
  | { kind: 'model'; id: string; via: 'listed' | 'alias' | 'family' }
  /** keep whatever model the tab shows (its id is reported back as the response's `model`) */
  | { kind: 'current' }
  | { kind: 'unknown' };

const normalise = (name: string): string => bareModelId(name.trim()).toLowerCase();

/**
 * The models the extension reported (cached across reconnects, union over connected browsers) and
 * the rule that maps a requested name to one of them.
 */
export class ModelRegistry {
  private readonly reported = new Map<string, ModelInfo>();
  /** A Map, so requested names such as "constructor" or "__proto__" never reach Object.prototype. */
  private readonly aliases: ReadonlyMap<string, string | readonly string[]>;

  constructor(aliases: ModelAliases) {
    this.aliases = new Map(Object.entries(aliases));
  }

  report(models: readonly ModelInfo[]): void {
    for (const model of models) this.reported.set(normalise(model.id), { ...model, id: normalise(model.id) });
  }

  get source(): 'extension' | 'default' {
    return this.reported.size > 0 ? 'extension' : 'default';
  }

  list(): readonly ModelInfo[] {
    return this.reported.size > 0 ? [...this.reported.values()] : DEFAULT_MODELS;
  }

  get(id: string): ModelInfo | undefined {
    const key = normalise(id);
    return this.list().find((m) => m.id === key);
  }

  /** Listed → itself; aliased or same tier → the first available candidate; else the tab's model. */
  resolve(requested: string): ModelResolution {
    const name = normalise(requested);
    if (this.get(name)) return { kind: 'model', id: name, via: 'listed' };
    const alias = this.aliases.get(name);
    if (alias !== undefined)
      return { kind: 'model', id: this.pick(typeof alias === 'string' ? [alias] : alias), via: 'alias' };
    const tier = familyOf(name);
    if (tier) return { kind: 'model', id: this.pick(tier), via: 'family' };
    return name === '' || name === 'default' || name === 'current' ? { kind: 'current' } : { kind: 'unknown' };
  }

  /**
   * The model GET …/models/{id} describes, on every API surface: a listed one, or the one an alias
   * (or, unless `strict`, a same-tier name) resolves to; null for any other name.
   */
  lookup(requested: string, strict: boolean): { model: ModelInfo; via: 'listed' | 'alias' | 'family' } | null {
    const r = this.resolve(requested);
    if (r.kind !== 'model' || (strict && r.via === 'family')) return null;
    return { model: this.get(r.id) ?? { id: r.id }, via: r.via };
  }

  private pick(candidates: readonly string[]): string {
    const available = candidates.map(normalise).find((c) => this.get(c));
    return available ?? normalise(candidates[0] ?? '');
  }
}
