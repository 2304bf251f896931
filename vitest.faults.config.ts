import { defineConfig } from 'vitest/config';

/** The fault suite (`npm run test:faults`): real processes, real Postgres, one file at a time. */
export default defineConfig({
  resolve: {
    alias: { 'mmcc-backend': new URL('./src/public-api.ts', import.meta.url).pathname },
  },
  test: {
    globals: true,
    include: ['test/faults/**/*.fault-spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/faults/support/faults-reporter.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
