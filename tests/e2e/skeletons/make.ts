/**
 * Writes the committed page skeletons (tests/e2e/skeletons/*.html) from simulator variants:
 * `npx tsx tests/e2e/skeletons/make.ts`. Each page is opened with the real tap and content
 * runner, the run-settings panel opened and its sections expanded as a job would leave them, and
 * the skeleton taken by the same function `doctor --page --save` uses
 * (extension/content/page-skeleton.ts). Re-run when the simulated page changes on purpose.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseVariant } from '../../../sim/site/page/variant.ts';
import { openVariant, startDriver } from '../harness/driver/fixture.ts';
import { SKELETON_SETTINGS, SKELETONS } from './list.ts';

const d = await startDriver();
try {
  for (const { file, variant } of SKELETONS) {
    await openVariant(d, parseVariant(variant));
    await d.page.evaluate(() => window.__driver.openPanel());
    await d.page.evaluate((keys) => window.__driver.discover(keys), [...SKELETON_SETTINGS]);
    const html = await d.page.evaluate(() => window.__driver.skeleton());
    writeFileSync(fileURLToPath(new URL(file, import.meta.url)), html);
    console.log(`${file}: ${html.length} characters from variant "${variant}"`);
  }
} finally {
  await d.close();
}
