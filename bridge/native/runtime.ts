import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How to run this project's bridge CLI with absolute paths only. A browser started from the
 * desktop hands its native host a thin PATH (no nvm, no Homebrew), so neither `node` nor `tsx`
 * can be looked up there: the launcher and the detached bridge both use these absolute values.
 */
export interface BridgeCommand {
  /** absolute path of the Node executable (process.execPath at install time) */
  node: string;
  /** arguments before the CLI command name: the tsx loader and bridge/main.ts */
  args: string[];
  /** the project root: the launcher runs from here so tsx finds tsconfig.json */
  cwd: string;
}

const here = dirname(fileURLToPath(import.meta.url));

export const PROJECT_ROOT = resolve(here, '..', '..');
export const MAIN_TS = join(PROJECT_ROOT, 'bridge', 'main.ts');

/** file:// URL of tsx's loader (`node --import` wants a URL for absolute paths on Windows). */
export function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx')).href;
}

export function currentBridgeCommand(): BridgeCommand {
  return { node: process.execPath, args: ['--import', tsxLoaderUrl(), MAIN_TS], cwd: PROJECT_ROOT };
}
