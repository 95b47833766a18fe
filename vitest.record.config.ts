import { defineConfig } from 'vitest/config';

// `npm run record-histories`: runs the scenarios whose histories the replay test guards.
export default defineConfig({
  test: {
    include: ['test/**/*.record.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
