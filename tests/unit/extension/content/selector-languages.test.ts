// The page is localised: a selector key that relies on an English aria-label or text must also
// carry the Simplified Chinese form, or the driver breaks for a person whose AI Studio is in Chinese.
import { describe, expect, it } from 'vitest';
import { SELECTORS, type SelectorSpec } from '../../../../extension/content/selectors.ts';

const CJK = /[\u4e00-\u9fff]/;
/** `[aria-label="…"]` / `^=` / `*=` values that are English words */
const englishLabel = /\[aria-label[\^*]?="[^"]*[A-Za-z]{2}[^"]*"/;

describe('selector languages', () => {
  it('every key with an English aria-label or text handle also has a Chinese one', () => {
    const missing: string[] = [];
    for (const [name, spec] of Object.entries(SELECTORS) as [string, SelectorSpec][]) {
      const labelled = spec.css.some((css) => englishLabel.test(css));
      if (labelled && !spec.css.some((css) => /\[aria-label[\^*]?="[^"]*"/.test(css) && CJK.test(css)))
        missing.push(`${name}: css`);
      if (spec.text && !CJK.test(spec.text.source)) missing.push(`${name}: text`);
      if (spec.label && !CJK.test(spec.label.source)) missing.push(`${name}: label`);
    }
    expect(missing).toEqual([]);
  });

  it('tries structure before labels: a key whose handles include structure does not start with a bare label', () => {
    const labelFirst = (Object.entries(SELECTORS) as [string, SelectorSpec][])
      .filter(
        ([, spec]) =>
          /^button\[aria-label/.test(spec.css[0] ?? '') && spec.css.some((css) => !css.includes('aria-label')),
      )
      .map(([name]) => name);
    expect(labelFirst).toEqual([]);
  });
});
