import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Model names clients ask for that AI Studio does not offer (retired Gemini versions, OpenAI
 * names hard-coded in tools) → AI Studio model ids, in order of preference. The first candidate
 * that the extension reported as available wins; when nothing was reported yet, the first one.
 * Users extend or override the table with `<configDir>/model-aliases.json` or
 * AISTUDIO_BRIDGE_MODEL_ALIASES ("name=target,name2=target2").
 */
export type ModelAliases = Readonly<Record<string, string | readonly string[]>>;

const PRO = ['gemini-2.5-pro', 'gemini-pro-latest', 'gemini-3-pro-preview'];
const FLASH = ['gemini-2.5-flash', 'gemini-flash-latest', 'gemini-3-flash-preview'];
const LITE = ['gemini-2.5-flash-lite', 'gemini-flash-lite-latest', ...FLASH];

const family = (names: string[], targets: string[]): Record<string, string[]> =>
  Object.fromEntries(names.map((n) => [n, targets]));

export const DEFAULT_MODEL_ALIASES: ModelAliases = {
  // Retired Gemini generations → today's model of the same tier.
  ...family(
    [
      'gemini-pro',
      'gemini-1.0-pro',
      'gemini-1.5-pro',
      'gemini-1.5-pro-latest',
      'gemini-1.5-pro-001',
      'gemini-1.5-pro-002',
      'gemini-2.0-pro-exp',
      'gemini-exp-1206',
    ],
    PRO,
  ),
  ...family(
    [
      'gemini-1.5-flash',
      'gemini-1.5-flash-latest',
      'gemini-1.5-flash-001',
      'gemini-1.5-flash-002',
      'gemini-2.0-flash',
      'gemini-2.0-flash-001',
      'gemini-2.0-flash-exp',
    ],
    FLASH,
  ),
  ...family(['gemini-1.5-flash-8b', 'gemini-2.0-flash-lite', 'gemini-2.0-flash-lite-001'], LITE),
  // OpenAI names that tools send by default: large → pro, small → flash, tiny → flash-lite.
  ...family(['gpt-4', 'gpt-4-turbo', 'gpt-4o', 'gpt-4.1', 'gpt-5', 'o1', 'o3', 'chatgpt-4o-latest'], PRO),
  ...family(['gpt-3.5-turbo', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-5-mini', 'o1-mini', 'o3-mini', 'o4-mini'], FLASH),
  ...family(['gpt-4.1-nano', 'gpt-5-nano'], LITE),
};

/**
 * When a name is in no table, its tier word still says which model is closest. Whole words only:
 * "gemini" contains "mini", and a substring match once sent every unknown Gemini Pro to Flash.
 */
export function familyOf(name: string): readonly string[] | null {
  const words = new Set(name.toLowerCase().split(/[^a-z0-9]+/));
  const has = (...tiers: string[]): boolean => tiers.some((t) => words.has(t));
  if (has('lite', 'nano', '8b')) return LITE;
  if (has('flash', 'mini', 'haiku', 'turbo')) return FLASH;
  if (has('pro', 'opus', 'sonnet')) return PRO;
  return null;
}

const AliasFile = z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]));

const aliasFilePath = (configDir: string): string => join(configDir, 'model-aliases.json');

/** Parses "a=b,c=d|e" (| separates candidates in order of preference). */
export function parseAliasEnv(value: string | undefined): Record<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of (value ?? '').split(',')) {
    const [name, target] = pair.split('=').map((s) => s.trim());
    if (name && target)
      out.set(
        name.toLowerCase(),
        target
          .split('|')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  // fromEntries defines own properties: a name like "__proto__" stays a plain key.
  return Object.fromEntries(out);
}

/**
 * The effective table: defaults < user file < env. A broken user file is reported (thrown) rather
 * than silently ignored, because it would otherwise route requests to the wrong model.
 */
export function loadModelAliases(configDir: string, env: NodeJS.ProcessEnv = process.env): ModelAliases {
  let fromFile: Record<string, string | string[]> = {};
  let text: string | null = null;
  try {
    text = readFileSync(aliasFilePath(configDir), 'utf8');
  } catch {
    // no readable user file: the defaults and env apply
  }
  if (text !== null) {
    const parsed = AliasFile.safeParse(parseJson(text));
    if (!parsed.success)
      throw new Error(`${aliasFilePath(configDir)}: expected {"name": "model-id" | ["model-id", ...]}`);
    fromFile = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k.toLowerCase(), v]));
  }
  return { ...DEFAULT_MODEL_ALIASES, ...fromFile, ...parseAliasEnv(env.AISTUDIO_BRIDGE_MODEL_ALIASES) };
}

/** Invalid JSON falls through to the shape error above, which names the file (a bare SyntaxError would not). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
