import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import LoadFailuresAsTests from './load-failures-reporter.ts';

// A quicker, lower-bound mutation score (mutation/stryker.unit.json): unit tests only, without the
// bridge-contract tests that start a real bridge per test. A mutant this run lets survive may still
// be killed by the full run (mutation/stryker.full.json); one it kills is killed there too.
export default defineConfig({
  // configs live in mutation/; tests are found from the repository root
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // a test file that cannot load (the mutant broke a module's import) counts as a failed test
    reporters: ['default', new LoadFailuresAsTests()],
    testTimeout: 15_000,
  },
});
