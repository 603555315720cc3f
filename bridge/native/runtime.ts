import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.ts';

/**
 * How to run this project's bridge CLI with absolute paths only. A browser started from the
 * desktop hands its native host a thin PATH (no nvm, no Homebrew), so neither `node` nor `tsx`
 * can be looked up there: the launcher and the detached bridge both use these absolute values.
 */
export interface BridgeCommand {
  /** absolute path of the Node executable (process.execPath at install time) */
  node: string;
  /** arguments before the CLI command name: the compiled CLI, or the tsx loader and bridge/main.ts */
  args: string[];
  /** the project root: the launcher runs from here so tsx finds tsconfig.json */
  cwd: string;
}

export const PROJECT_ROOT = PACKAGE_ROOT;
export const MAIN_TS = join(PROJECT_ROOT, 'bridge', 'main.ts');
/** `npm run build:bridge` output; the npm package ships only this */
export const MAIN_JS = join(PROJECT_ROOT, 'dist', 'bridge', 'main.js');

/** file:// URL of tsx's loader (`node --import` wants a URL for absolute paths on Windows). */
function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx')).href;
}

/** The compiled bundle runs itself again; the source tree goes through tsx like `npm start`. */
export function currentBridgeCommand(compiled = !import.meta.url.endsWith('.ts')): BridgeCommand {
  if (compiled) return { node: process.execPath, args: [MAIN_JS], cwd: PROJECT_ROOT };
  return { node: process.execPath, args: ['--import', tsxLoaderUrl(), MAIN_TS], cwd: PROJECT_ROOT };
}
