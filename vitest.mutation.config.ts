import { defineConfig } from 'vitest/config';

// Mutation testing (npm run test:mutation) runs the fast tests only: unit and bridge-contract tests
// with fake peers. The e2e project needs Chromium and takes minutes per run: far too slow to repeat
// for every mutant.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/bridge/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
  },
});
