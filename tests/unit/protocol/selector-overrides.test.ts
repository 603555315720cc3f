import { describe, expect, it } from 'vitest';
import { SELECTOR_KEYS, SelectorOverrides, SelectorOverridesFile } from '../../../protocol/selector-overrides.ts';

const issues = (schema: typeof SelectorOverrides | typeof SelectorOverridesFile, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }));
};

describe('selectors.json schema', () => {
  it('trims each selector and turns one selector into a list', () => {
    expect(SelectorOverridesFile.parse({ runButton: '  ms-run-button button ', stopGenerating: [' a ', 'b'] })).toEqual(
      {
        runButton: ['ms-run-button button'],
        stopGenerating: ['a', 'b'],
      },
    );
  });

  it('names an empty or overlong selector, in the file and on the wire', () => {
    for (const schema of [SelectorOverridesFile, SelectorOverrides]) {
      expect(issues(schema, { runButton: ['   '] })).toEqual([
        { code: 'too_small', path: ['runButton', 0], message: 'an empty selector' },
      ]);
      expect(issues(schema, { runButton: ['b'.repeat(501)] })).toEqual([
        { code: 'too_big', path: ['runButton', 0], message: 'a selector longer than 500 characters' },
      ]);
    }
    expect(issues(SelectorOverrides, { runButton: ['b'.repeat(500)] })).toEqual([]);
  });

  it('names every unknown key at the first one, and lists the known keys', () => {
    const known = `(known keys: ${SELECTOR_KEYS.join(', ')})`;
    expect(known).toContain('(known keys: promptTextarea, promptAutosize, runButton, ');
    expect(issues(SelectorOverridesFile, { runButtn: 'b', runButton: 'b' })).toEqual([
      { code: 'custom', path: ['runButtn'], message: `unknown selector key "runButtn" ${known}` },
    ]);
    expect(issues(SelectorOverridesFile, { runButtn: 'b', stopButon: 'b' })).toEqual([
      { code: 'custom', path: ['runButtn'], message: `unknown selector keys "runButtn", "stopButon" ${known}` },
    ]);
  });
});
