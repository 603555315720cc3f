import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCommand } from '../../../../bridge/cli/start.ts';
import { cssProblem } from '../../../../bridge/selectors/css-check.ts';
import { loadSelectorOverrides, SelectorOverridesError } from '../../../../bridge/selectors/overrides.ts';
import { SELECTORS } from '../../../../extension/content/selectors.ts';
import { SELECTOR_KEYS } from '../../../../protocol/selector-overrides.ts';

const dirs: string[] = [];
const withFile = (content: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'asb-selectors-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'selectors.json'), content);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});
const problem = (content: string): string => {
  try {
    loadSelectorOverrides(withFile(content));
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorOverridesError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('selectors.json', () => {
  it('has exactly the keys of the content script selectors module', () => {
    expect([...SELECTOR_KEYS].sort()).toEqual(Object.keys(SELECTORS).sort());
  });

  it('is optional, and accepts one selector or a list per key', () => {
    const empty = mkdtempSync(join(tmpdir(), 'asb-selectors-'));
    dirs.push(empty);
    expect(loadSelectorOverrides(empty)).toEqual({});
    const dir = withFile(
      JSON.stringify({
        runButton: 'ms-send-button button',
        modelName: ['[data-test-id="model-name"]', 'ms-model-selector .title'],
      }),
    );
    expect(loadSelectorOverrides(dir)).toEqual({
      runButton: ['ms-send-button button'],
      modelName: ['[data-test-id="model-name"]', 'ms-model-selector .title'],
    });
  });

  it('refuses unknown keys, naming them and the known ones', () => {
    const message = problem(JSON.stringify({ runButtn: 'button', runButton: 'button' }));
    expect(message).toContain('selectors.json');
    expect(message).toContain('unknown selector key "runButtn"');
    expect(message).toContain('known keys: promptTextarea, promptAutosize, runButton');
  });

  it('refuses invalid CSS, naming the key and the selector', () => {
    expect(problem(JSON.stringify({ runButton: 'ms-run-button button[aria-label="Run"' }))).toMatch(
      /"runButton": invalid CSS selector "ms-run-button button\[aria-label=\\"Run\\"": unclosed "\["/,
    );
    expect(problem(JSON.stringify({ runButton: ['button', 'button:has-text("Run")'] }))).toMatch(
      /"runButton": invalid CSS selector .*Playwright-only pseudo-class/,
    );
  });

  it('refuses bad JSON and bad shapes with the file name', () => {
    expect(problem('{"runButton": ')).toMatch(/selectors\.json: not valid JSON/);
    expect(problem(JSON.stringify({ runButton: 3 }))).toMatch(
      /selectors\.json at "runButton": .*expected \{"<selector key>"/,
    );
    expect(problem(JSON.stringify({ runButton: [] }))).toMatch(/at "runButton"/);
  });

  it('stops `start` with a clear message (exit 1) before listening', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const dir = withFile(JSON.stringify({ sendButton: 'button' }));
    expect(await startCommand(['--port', '0', '--config-dir', dir, '--log-level', 'silent'], {}, () => {})).toBe(1);
    expect(errors.join('\n')).toMatch(/^error: .*selectors\.json at "sendButton": unknown selector key "sendButton"/);
  });
});

describe('the CSS check', () => {
  it.each([
    'ms-run-button button[type="submit"]',
    'button[aria-label="Run"].run-button',
    'ms-prompt-box textarea, textarea.textarea',
    'div > span + a ~ b',
    ':is(ms-run-button, ms-send-button) button',
    'li:nth-child(2n+1)',
    '[data-test-id="model-name"]',
    'button[aria-label*="Stop" i]',
    '*',
    '#id\\.x',
  ])('accepts %s', (css) => expect(cssProblem(css)).toBeNull());

  it.each([
    ['', 'empty selector'],
    ['button[aria-label="Run"', 'unclosed "["'],
    ['button)', 'unbalanced ")"'],
    ['button[aria-label="Run]', 'unclosed " quote'],
    ['button,', 'ends with ","'],
    ['a,,b', '"," without a selector before it'],
    ['> button', '">" without a selector before it'],
    ['button { color: red }', '"{" does not belong in a selector'],
    ['button:has-text("Run")', 'Playwright-only pseudo-class (not CSS)'],
    ['div >> button', 'Playwright chaining ">>" (not CSS)'],
    ['text=Run', 'a Playwright selector engine prefix (not CSS)'],
    ['//button', 'XPath (not CSS)'],
    ['1button', 'cannot start with "1"'],
  ])('refuses %s', (css, why) => expect(cssProblem(css)).toBe(why));
});
