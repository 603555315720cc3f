import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../../../bridge/host-check.ts';
import { ModelRegistry } from '../../../../bridge/models/registry.ts';

describe('model registry before the extension reports models', () => {
  it('lists the default models with their display names (what /v1/models shows)', () => {
    expect(new ModelRegistry({}).list()).toEqual([
      { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro' },
      { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' },
      { id: 'gemini-2.5-flash-lite', displayName: 'Gemini 2.5 Flash-Lite' },
      { id: 'gemini-3-pro-preview', displayName: 'Gemini 3 Pro Preview' },
      { id: 'gemini-3-flash-preview', displayName: 'Gemini 3 Flash Preview' },
    ]);
  });

  it('never invents a model name for an alias with no candidates', () => {
    expect(new ModelRegistry({ empty: [] }).resolve('empty')).toEqual({ kind: 'model', id: '', via: 'alias' });
  });
});

describe('the model GET …/models/{id} describes', () => {
  const registry = new ModelRegistry({ smart: ['gemini-9-ultra', 'gemini-2.5-pro'], ghost: 'gemini-0-none' });

  it('is a listed model as listed, whatever the spelling', () => {
    expect(registry.lookup('Models/Gemini-2.5-Flash', true)).toEqual({
      model: { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' },
      via: 'listed',
    });
  });

  it("is an alias's first available target, or its first target when none is listed", () => {
    expect(registry.lookup('smart', true)).toEqual({
      model: { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro' },
      via: 'alias',
    });
    expect(registry.lookup('ghost', true)).toEqual({ model: { id: 'gemini-0-none' }, via: 'alias' });
  });

  it('is a same-tier model only without --strict-models, and nothing for other names', () => {
    expect(registry.lookup('gemini-1.0-pro-latest', false)).toEqual({
      model: { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro' },
      via: 'family',
    });
    expect(registry.lookup('gemini-1.0-pro-latest', true)).toBeNull();
    for (const name of ['gpt-4o', 'current', '']) expect(registry.lookup(name, false), name).toBeNull();
  });
});

describe('Host check ports', () => {
  it('ignores the port on both sides, even when no name comes before it', () => {
    expect(isAllowedHost(':2048', [':80'])).toBe(true);
    expect(isAllowedHost(':2048')).toBe(false);
    expect(isAllowedHost(':2048', ['evil.example'])).toBe(false);
  });
});
