/**
 * `npm run package:firefox`: the built add-on (dist/firefox) as an XPI, a zip with manifest.json at
 * its root: dist/aistudio-bridge-firefox-<version>.xpi. addons.mozilla.org signs it (listed or
 * self-distributed, "unlisted"); Firefox ESR/Release install only signed add-ons, Developer
 * Edition/Nightly/unbranded builds also unsigned ones with xpinstall.signatures.required=false.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { buildZip, type ZipEntry } from './zip.ts';

const root = resolve(import.meta.dirname, '..');
const addonDir = join(root, 'dist', 'firefox');

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().sort();
}

const manifest = JSON.parse(await readFile(join(addonDir, 'manifest.json'), 'utf8')) as { version: string };
const entries: ZipEntry[] = [];
for (const file of await files(addonDir)) {
  entries.push({
    name: relative(addonDir, file).split(sep).join('/'),
    data: await readFile(file),
    mtime: (await stat(file)).mtime,
  });
}
const out = join(root, 'dist', `aistudio-bridge-firefox-${manifest.version}.xpi`);
await writeFile(out, buildZip(entries));
console.log(`${out} (${entries.length} files)`);
