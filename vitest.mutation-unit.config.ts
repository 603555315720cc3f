import { defineConfig } from 'vitest/config';
import LoadFailuresAsTests from './vitest.mutation-reporter.ts';

// A quicker, lower-bound mutation score (stryker.unit.json): unit tests only, without the
// bridge-contract tests that start a real bridge per test. A mutant this run lets survive may still
// be killed by the full run (stryker.config.json); one it kills is killed there too.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // a test file that cannot load (the mutant broke a module's import) counts as a failed test
    reporters: ['default', new LoadFailuresAsTests()],
    testTimeout: 15_000,
  },
});
