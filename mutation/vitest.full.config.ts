import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import LoadFailuresAsTests from './load-failures-reporter.ts';

// Mutation testing (npm run test:mutation) runs the fast tests only: unit and bridge-contract tests
// with fake peers. The e2e project needs Chromium and takes minutes per run: far too slow to repeat
// for every mutant.
export default defineConfig({
  // configs live in mutation/; tests are found from the repository root
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
    // a test file that cannot load (the mutant broke a module's import) counts as a failed test
    reporters: ['default', new LoadFailuresAsTests()],
    testTimeout: 15_000,
  },
});
