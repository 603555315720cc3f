import { describe, expect, it } from 'vitest';
import {
  CHROME_ID_PATTERN,
  EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  GECKO_ID_PATTERN,
} from '../../../protocol/extension-id.ts';

// These patterns decide which ids `--extension-id` and the native host accept: a loose one would let
// a look-alike id into the host manifest's allowed origins.
describe('extension id patterns', () => {
  it('take a Chrome id only whole: 32 letters a-p', () => {
    expect(CHROME_ID_PATTERN.test(EXTENSION_ID)).toBe(true);
    for (const bad of [
      `x${EXTENSION_ID}`,
      `${EXTENSION_ID}x`,
      EXTENSION_ID.slice(1),
      `${EXTENSION_ID.slice(1)}q`,
      `chrome-extension://${EXTENSION_ID}`,
    ])
      expect(CHROME_ID_PATTERN.test(bad), bad).toBe(false);
  });

  it('take a gecko id only whole: name@domain or a braced uuid', () => {
    for (const good of [FIREFOX_EXTENSION_ID, 'a.b+c-d@x.y', '{0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b}'])
      expect(GECKO_ID_PATTERN.test(good), good).toBe(true);
    for (const bad of [
      `${FIREFOX_EXTENSION_ID} --evil`,
      `evil ${FIREFOX_EXTENSION_ID}`,
      `x{0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b}`,
      `{0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b}x`,
      '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      'no-at-sign',
    ])
      expect(GECKO_ID_PATTERN.test(bad), bad).toBe(false);
  });
});
