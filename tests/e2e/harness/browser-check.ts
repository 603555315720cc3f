// vitest globalSetup of the e2e project: stop before the first test when no usable Chromium is
// installed, with the one message that says what to install (instead of a failure per test).
import { FOUND_BROWSER } from '../../../sim/launch/chromium.ts';

export default function setup(): void {
  if (!FOUND_BROWSER.ok) throw new Error(`${FOUND_BROWSER.message}\n\nThe end-to-end tests need it; none was run.`);
}
