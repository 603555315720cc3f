/**
 * The `aistudio-bridge` command as installed: the bridge's own commands (bridge/main.ts) plus the
 * two that need the rest of the package, the demo (simulated AI Studio + Chromium) and the path
 * of the prebuilt extension. `npm run build:bridge` compiles this file to dist/bridge/main.js.
 */
import { invokedDirectly, main, type Command } from '../bridge/main.ts';
import { BUILT_EXTENSION_DIR } from '../bridge/package-root.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const packageCommands: Record<string, Command> = {
  'extension-path': {
    summary: 'print the folder to load in chrome://extensions (Load unpacked)',
    run: async () => {
      if (!existsSync(join(BUILT_EXTENSION_DIR, 'manifest.json'))) {
        console.error(
          `The extension is not built at ${BUILT_EXTENSION_DIR}: run npm run build:chrome in the checkout.`,
        );
        return 1;
      }
      console.log(BUILT_EXTENSION_DIR);
      return 0;
    },
  },
  demo: {
    summary: 'try it without a Google account: bridge + simulated AI Studio + Chromium with the extension',
    run: async (argv) => (await import('./demo.ts')).demoCommand(argv),
  },
};

export function run(argv: string[]): Promise<number> {
  return main(argv, packageCommands);
}

// `node dist/bridge/main.js <command>` (the compiled bundle, as the native host starts it) runs
// the CLI; bin/aistudio-bridge.mjs imports this module and calls run() itself.
if (invokedDirectly(import.meta.url)) {
  run(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
