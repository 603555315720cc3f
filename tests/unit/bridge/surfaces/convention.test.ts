import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SURFACES } from '../../../../bridge/surfaces/index.ts';

/**
 * One way to add an API surface (CONTRIBUTING.md, "Adding an API surface"): a folder under
 * bridge/surfaces/ whose surface.ts exports it, one entry in the ordered list, a contract test
 * named after it, and a row in both READMEs' surface tables.
 */
const root = new URL('../../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const folders = readdirSync(new URL('bridge/surfaces/', root), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The rows of the table under the README heading `heading`, as their cells. */
function tableRows(readme: string, heading: string): string[][] {
  const text = read(readme);
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `${readme} has a "## ${heading}" section`).toBeGreaterThan(-1);
  const section = text.slice(start + 1).split(/\n## /)[0] as string;
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1));
}

describe('API surfaces follow one convention', () => {
  it('lists every surface folder exactly once, under the folder’s name', () => {
    expect(SURFACES.map((s) => s.name).sort()).toEqual(folders);
    expect(new Set(SURFACES.map((s) => s.name)).size).toBe(SURFACES.length);
  });

  it.each(folders)('%s: surface.ts exports it, and it has a contract test file', (name) => {
    expect(existsSync(new URL(`bridge/surfaces/${name}/surface.ts`, root))).toBe(true);
    expect(read(`bridge/surfaces/${name}/surface.ts`)).toMatch(/export const \w+Surface: Surface = \{/);
    expect(existsSync(new URL(`tests/contract/${name}.test.ts`, root)), `tests/contract/${name}.test.ts`).toBe(true);
  });

  it.each([
    ['README.md', 'API surfaces'],
    ['README.zh-CN.md', 'API 接口'],
  ])('%s has a row for every surface, naming its first endpoint', (readme, heading) => {
    const paths = tableRows(readme, heading).map((cells) => cells[1] ?? '');
    expect(paths).toHaveLength(SURFACES.length);
    for (const surface of SURFACES) {
      const first = (surface.endpoints[0] as string).replace(/^\/v1beta\/models\/\{model\}/, '');
      expect(
        paths.some((p) => p.includes(first)),
        `${readme}: a row for ${surface.name} (${first})`,
      ).toBe(true);
    }
  });
});
