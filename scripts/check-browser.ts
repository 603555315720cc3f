/**
 * `npm test` and `npm run test:e2e` run this first: without a usable Chromium every end-to-end
 * test would fail on its own; one message with the command to run is more useful.
 */
import { FOUND_BROWSER } from '../sim/launch/chromium.ts';

if (FOUND_BROWSER.ok) {
  console.log(`Browser for the end-to-end tests: ${FOUND_BROWSER.path} (${FOUND_BROWSER.source})`);
} else {
  console.error(`${FOUND_BROWSER.message}\n\nThe end-to-end tests (and the demo) need it; nothing was run.`);
  process.exit(1);
}
