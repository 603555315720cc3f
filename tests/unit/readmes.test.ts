import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * README.zh-CN.md mirrors README.md: the same sections in the same order, the same number of
 * code blocks and table rows, the same links to docs (docs/… ↔ docs/zh-CN/…). A section added to
 * one and not the other fails here.
 */
const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

function outline(text: string) {
  const lines = text.split('\n');
  let fence = false;
  const headings: number[] = [];
  let codeBlocks = 0;
  let tableRows = 0;
  for (const line of lines) {
    if (line.trimStart().startsWith('```')) {
      if (!fence) codeBlocks++;
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const h = /^(#{1,6}) /.exec(line);
    if (h) headings.push((h[1] as string).length);
    if (line.startsWith('|')) tableRows++;
  }
  const docs = [...text.matchAll(/\]\((docs\/[^)#]+|CONTRIBUTING\.md|LICENSE)/g)].map((m) =>
    // The Chinese contributing guide lives beside the other Chinese docs, the English one at the root.
    (m[1] as string).replace(/^docs\/zh-CN\/contributing\.md$/, 'CONTRIBUTING.md').replace(/^docs\/zh-CN\//, 'docs/'),
  );
  return { headings, codeBlocks, tableRows, docs: [...new Set(docs)].sort() };
}

describe('README.zh-CN.md mirrors README.md', () => {
  it('has the same headings, code blocks, table rows and documentation links', () => {
    expect(outline(read('README.zh-CN.md'))).toEqual(outline(read('README.md')));
  });

  it('keeps the landing page short', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(160);
  });
});
