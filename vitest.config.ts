import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { 'mmcc-backend': new URL('./src/public-api.ts', import.meta.url).pathname },
  },
  test: {
    globals: true,
    include: ['test/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
