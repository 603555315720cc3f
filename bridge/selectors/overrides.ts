import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SelectorOverridesFile, type SelectorOverrides } from '../../protocol/selector-overrides.ts';
import { cssProblem } from './css-check.ts';

/**
 * `<config dir>/selectors.json`: CSS selectors per selector key that the extension tries before
 * its built-in ones (see protocol/selector-overrides.ts and docs/troubleshooting.md). Read
 * once at start; a broken file stops the start with a message naming the file, the key and the
 * problem, because a half-applied fix is worse than none.
 */
const selectorsFilePath = (configDir: string): string => join(configDir, 'selectors.json');

export class SelectorOverridesError extends Error {
  override readonly name = 'SelectorOverridesError';
}

export function loadSelectorOverrides(
  configDir: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): SelectorOverrides {
  const path = selectorsFilePath(configDir);
  let text: string;
  try {
    text = readFile(path);
  } catch {
    return {}; // no file: no overrides
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SelectorOverridesError(
      `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = SelectorOverridesFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    const shape = issue?.code === 'custom' ? '' : ' — expected {"<selector key>": "<css>" | ["<css>", ...]}';
    throw new SelectorOverridesError(`${path}${where}: ${issue?.message ?? 'invalid'}${shape}`);
  }
  for (const [key, list] of Object.entries(parsed.data)) {
    for (const css of list) {
      const problem = cssProblem(css);
      if (problem)
        throw new SelectorOverridesError(`${path}: "${key}": invalid CSS selector ${JSON.stringify(css)}: ${problem}`);
    }
  }
  return parsed.data;
}
