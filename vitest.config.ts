import { defineConfig } from 'vitest/config';

// Two projects: fast unit/contract tests (no browser) and end-to-end tests (real Chromium,
// built extension, real bridge, simulated AI Studio). `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time per file keeps 2-core CI machines predictable.
          fileParallelism: false,
          // No usable Chromium: one message with what to install instead of a failure per test.
          globalSetup: ['tests/e2e/harness/browser-check.ts'],
        },
      },
    ],
  },
});
