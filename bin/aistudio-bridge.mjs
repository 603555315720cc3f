#!/usr/bin/env node
// The `aistudio-bridge` command: runs the TypeScript CLI (bridge/main.ts) through tsx's loader,
// so an install needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bridge/main.ts');
process.exitCode = await main(process.argv.slice(2));
