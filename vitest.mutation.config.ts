import { defineConfig } from 'vitest/config';
import LoadFailuresAsTests from './vitest.mutation-reporter.ts';

// Mutation testing (npm run test:mutation) runs the fast tests only: unit and bridge-contract tests
// with fake peers. The e2e project needs Chromium and takes minutes per run: far too slow to repeat
// for every mutant.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
    // a test file that cannot load (the mutant broke a module's import) counts as a failed test
    reporters: ['default', new LoadFailuresAsTests()],
    testTimeout: 15_000,
  },
});
