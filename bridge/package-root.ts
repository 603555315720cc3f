import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding this package's package.json. Found by walking up from this module rather
 * than by a fixed `../..`: the same code runs from the source tree (bridge/), from the compiled
 * bundle (dist/bridge/) and from an installed package (node_modules/aistudio-bridge/dist/bridge/).
 */
function findPackageRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 10; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'aistudio-bridge') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`aistudio-bridge: no package.json above ${from}`);
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The built, unpacked extension (`npm run build:chrome`; shipped prebuilt in the npm package). */
export const BUILT_EXTENSION_DIR = join(PACKAGE_ROOT, 'dist', 'extension');
