import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ALIASES, familyOf, loadModelAliases, parseAliasEnv } from '../../../../bridge/models/aliases.ts';
import { DEFAULT_MODELS, ModelRegistry } from '../../../../bridge/models/registry.ts';
import { defaultConfigDir, loadOrCreateToken, readToken, tokenPath } from '../../../../bridge/pairing.ts';

describe('model registry', () => {
  it('lists the defaults until the extension reports models, then the reported ones (normalised, merged)', () => {
    const registry = new ModelRegistry({});
    expect(registry.source).toBe('default');
    expect(registry.list()).toEqual(DEFAULT_MODELS);
    registry.report([{ id: 'models/Gemini-X', displayName: 'X' }]);
    registry.report([{ id: 'gemini-y' }, { id: 'gemini-x', displayName: 'X again' }]);
    expect(registry.source).toBe('extension');
    expect(registry.list()).toEqual([{ id: 'gemini-x', displayName: 'X again' }, { id: 'gemini-y' }]);
    expect(registry.get(' models/GEMINI-Y ')).toEqual({ id: 'gemini-y' });
    expect(registry.get('gemini-2.5-pro')).toBeUndefined();
  });

  it('resolves a listed name to itself, whatever its case, spaces or models/ prefix', () => {
    const registry = new ModelRegistry({ 'gemini-2.5-pro': 'elsewhere' });
    expect(registry.resolve(' models/Gemini-2.5-Pro ')).toEqual({ kind: 'model', id: 'gemini-2.5-pro', via: 'listed' });
  });

  it('resolves an alias to its first available candidate, or its first candidate when none is available', () => {
    const registry = new ModelRegistry({
      one: 'models/Target-A',
      many: ['gone-1', 'gemini-2.5-flash', 'gemini-2.5-pro'],
      none: ['Gone-1', 'gone-2'],
    });
    expect(registry.resolve('ONE')).toEqual({ kind: 'model', id: 'target-a', via: 'alias' });
    expect(registry.resolve('many')).toEqual({ kind: 'model', id: 'gemini-2.5-flash', via: 'alias' });
    expect(registry.resolve('none')).toEqual({ kind: 'model', id: 'gone-1', via: 'alias' });
  });

  it('maps retired Gemini and OpenAI names through the alias table, to the first listed candidate of the tier', () => {
    const registry = new ModelRegistry(DEFAULT_MODEL_ALIASES);
    for (const [name, id] of [
      ['o3', 'gemini-2.5-pro'],
      ['gpt-4o', 'gemini-2.5-pro'],
      ['gemini-1.5-flash', 'gemini-2.5-flash'],
      ['gemini-2.0-flash-lite', 'gemini-2.5-flash-lite'],
    ] as const) {
      expect(registry.resolve(name), name).toEqual({ kind: 'model', id, via: 'alias' });
      // with nothing reported yet, the default list offers what the alias picks
      expect(registry.get(id), name).toBeDefined();
    }
    const tiers: [string, string[]][] = [
      ['gemini-1.5-pro', ['gemini-2.5-pro', 'gemini-pro-latest', 'gemini-3-pro-preview']],
      ['gemini-1.5-flash', ['gemini-2.5-flash', 'gemini-flash-latest', 'gemini-3-flash-preview']],
      ['gemini-1.5-flash-8b', ['gemini-2.5-flash-lite', 'gemini-flash-lite-latest', 'gemini-2.5-flash']],
    ];
    for (const [name, candidates] of tiers) {
      for (const only of candidates) {
        const reported = new ModelRegistry(DEFAULT_MODEL_ALIASES);
        reported.report([{ id: only }]);
        expect(reported.resolve(name), `${name} with only ${only}`).toEqual({ kind: 'model', id: only, via: 'alias' });
      }
    }
  });

  it('resolves by tier word, then keeps the tab’s model for empty/default/current, else unknown', () => {
    const registry = new ModelRegistry({});
    registry.report([{ id: 'gemini-3-flash-preview' }]);
    expect(registry.resolve('acme-flash-9')).toEqual({ kind: 'model', id: 'gemini-3-flash-preview', via: 'family' });
    for (const name of ['', '  ', 'default', 'Current'])
      expect(registry.resolve(name), name).toEqual({ kind: 'current' });
    expect(registry.resolve('acme-9')).toEqual({ kind: 'unknown' });
  });
});

describe('model aliases', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-alias-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the environment form: trimmed, lower-cased names, | for candidates, junk pairs skipped', () => {
    expect(parseAliasEnv(' My-Model = a | b ,, =x, y=, z ,w=c||d')).toEqual({ 'my-model': ['a', 'b'], w: ['c', 'd'] });
    expect(parseAliasEnv(undefined)).toEqual({});
  });

  it('uses the defaults without a file, and reads a file with lists and upper-case names', () => {
    expect(loadModelAliases(dir, {})).toEqual(DEFAULT_MODEL_ALIASES);
    writeFileSync(join(dir, 'model-aliases.json'), JSON.stringify({ 'My-Model': ['model-a', 'model-b'] }));
    expect(loadModelAliases(dir, {})['my-model']).toEqual(['model-a', 'model-b']);
  });

  it('refuses a broken file, naming it', () => {
    for (const text of ['not json', '{"a": ""}', '{"a": []}', '{"a": 5}', '[]']) {
      writeFileSync(join(dir, 'model-aliases.json'), text);
      expect(() => loadModelAliases(dir, {}), text).toThrow(`${join(dir, 'model-aliases.json')}: expected`);
    }
  });

  it('picks the tier by whole words, lite before flash before pro', () => {
    expect(familyOf('X-PRO')).toEqual(DEFAULT_MODEL_ALIASES['gemini-pro']);
    expect(familyOf('claude-3-haiku')).toEqual(DEFAULT_MODEL_ALIASES['gpt-4o-mini']);
    expect(familyOf('claude-3-opus')).toEqual(DEFAULT_MODEL_ALIASES['gpt-4o']);
    expect(familyOf('acme-8b')).toEqual(DEFAULT_MODEL_ALIASES['gpt-5-nano']);
    expect(familyOf('gemini')).toBeNull();
    expect(familyOf('prolog')).toBeNull();
  });
});

describe('pairing token and config dir', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-pair-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the config where each platform expects it, AISTUDIO_BRIDGE_HOME first', () => {
    expect(defaultConfigDir({ AISTUDIO_BRIDGE_HOME: '/h' }, 'linux')).toBe('/h');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(join('/x', 'aistudio-bridge'));
    expect(defaultConfigDir({}, 'linux')).toBe(join(homedir(), '.config', 'aistudio-bridge'));
    expect(defaultConfigDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'aistudio-bridge'));
    expect(defaultConfigDir({ APPDATA: '/a' }, 'win32')).toBe(join('/a', 'aistudio-bridge'));
    expect(defaultConfigDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'aistudio-bridge'));
  });

  it('creates a 256-bit token readable by the owner only, then keeps returning it', () => {
    const home = join(dir, 'nested', 'cfg');
    expect(readToken(home)).toBeNull();
    const token = loadOrCreateToken(home);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(tokenPath(home), 'utf8')).toBe(`${token}\n`);
    expect(statSync(tokenPath(home)).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(loadOrCreateToken(home)).toBe(token);
    expect(readToken(home)).toBe(token);
  });

  it('ignores a token file that is too short to be a real token, and replaces it, owner-only', () => {
    writeFileSync(tokenPath(dir), ' 123456789012345 \n', { mode: 0o644 });
    expect(readToken(dir)).toBeNull();
    expect(loadOrCreateToken(dir)).toHaveLength(43);
    expect(statSync(tokenPath(dir)).mode & 0o777).toBe(0o600);
    writeFileSync(tokenPath(dir), ' 1234567890123456 \n');
    expect(readToken(dir)).toBe('1234567890123456');
  });
});
