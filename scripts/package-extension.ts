/**
 * `npm run package:chrome`: the built extension (dist/extension) as the zip the Chrome Web Store
 * takes, dist/aistudio-bridge-extension-<version>.zip, manifest.json at the zip's root. Written
 * with node:zlib (deflate) so no `zip` program is needed.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { buildZip, type ZipEntry } from './zip.ts';

const root = resolve(import.meta.dirname, '..');
const extensionDir = join(root, 'dist', 'extension');

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().sort();
}

const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as {
  version: string;
  key?: string;
};

/** The Web Store assigns the item's key itself and refuses uploads whose manifest carries one. */
function storeManifest(m: typeof manifest): Buffer {
  const { key: _key, ...rest } = m;
  return Buffer.from(`${JSON.stringify(rest, null, 2)}\n`);
}
const entries: ZipEntry[] = [];
for (const file of await files(extensionDir)) {
  // Vite's build manifest is for tooling, not for the browser.
  if (relative(extensionDir, file).startsWith(`.vite${sep}`)) continue;
  const name = relative(extensionDir, file).split(sep).join('/');
  entries.push({
    name,
    data: name === 'manifest.json' ? storeManifest(manifest) : await readFile(file),
    mtime: (await stat(file)).mtime,
  });
}
const out = join(root, 'dist', `aistudio-bridge-extension-${manifest.version}.zip`);
await writeFile(out, buildZip(entries));
console.log(`${out} (${entries.length} files)`);
