#!/usr/bin/env node
// The `aistudio-bridge` command. In a source checkout (scripts/cli.ts present) it runs the
// TypeScript through tsx, so edits take effect without a build; the npm package ships only the
// compiled CLI (dist/bridge/main.js, `npm run build`) and needs no tsx.
import { existsSync } from 'node:fs';

const source = new URL('../scripts/cli.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/bridge/main.js');
}
process.exitCode = await cli.run(process.argv.slice(2));
