import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ALIASES, loadModelAliases } from '../../../../bridge/models/aliases.ts';
import { ModelRegistry } from '../../../../bridge/models/registry.ts';

describe('model alias table: defaults < file < environment', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-alias-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets the file override a default and the environment override the file', () => {
    expect(DEFAULT_MODEL_ALIASES['gpt-4o']).toBeDefined();
    writeFileSync(
      join(dir, 'model-aliases.json'),
      JSON.stringify({ 'gpt-4o': 'from-file', 'only-in-file': 'file-model' }),
    );
    const fileOnly = loadModelAliases(dir, {});
    expect(fileOnly['gpt-4o']).toBe('from-file');
    const both = loadModelAliases(dir, { AISTUDIO_BRIDGE_MODEL_ALIASES: 'gpt-4o=from-env' });
    expect(both['gpt-4o']).toEqual(['from-env']);
    expect(both['only-in-file']).toBe('file-model');
    // the defaults the file and the environment do not name stay
    expect(both['gpt-4o-mini']).toEqual(DEFAULT_MODEL_ALIASES['gpt-4o-mini']);
  });
});

describe('tier words pick the closest model for names in no table', () => {
  const registry = new ModelRegistry(DEFAULT_MODEL_ALIASES);
  const resolved = (name: string): string => {
    const r = registry.resolve(name);
    return r.kind === 'model' ? r.id : r.kind;
  };

  it('keeps lite models on Flash-Lite, ahead of the flash tier', () => {
    expect(resolved('gemini-2.0-flash-lite-preview')).toBe('gemini-2.5-flash-lite');
    expect(resolved('gemini-9-flash-lite')).toBe('gemini-2.5-flash-lite');
    expect(resolved('gpt-9-nano')).toBe('gemini-2.5-flash-lite');
    expect(resolved('gemini-1.5-flash-8b-exp')).toBe('gemini-2.5-flash-lite');
  });

  it('sends flash-, mini- and pro-tier names to their tier', () => {
    expect(resolved('gemini-2.0-flash-thinking-exp')).toBe('gemini-2.5-flash');
    expect(resolved('gpt-9-mini')).toBe('gemini-2.5-flash');
    expect(resolved('gemini-9-pro-exp')).toBe('gemini-2.5-pro');
    expect(resolved('claude-sonnet-4')).toBe('gemini-2.5-pro');
    expect(resolved('something-else')).toBe('unknown');
  });
});
