import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Comments and READMEs point at docs/ instead of documents a maintainer cannot open; this keeps
 * those pointers (`docs/<file>.md` and `docs/<file>.md#<heading>`) from going stale.
 */
const root = new URL('../../', import.meta.url);
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    (f) =>
      /\.(ts|js|mjs|md|css|json)$/.test(f) &&
      !f.startsWith('node_modules/') &&
      f !== 'package-lock.json' &&
      existsSync(new URL(f, root)),
  );

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(doc: string): Set<string> {
  const text = readFileSync(new URL(doc, root), 'utf8');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
}

describe('links to docs/', () => {
  it('name files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of tracked) {
      const text = readFileSync(new URL(file, root), 'utf8');
      for (const m of text.matchAll(/docs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
        const doc = `docs/${m[1]}`;
        if (!existsSync(new URL(doc, root))) broken.push(`${file}: ${m[0]} (no such file)`);
        else if (m[2] && !anchorsOf(doc).has(m[2])) broken.push(`${file}: ${m[0]} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
