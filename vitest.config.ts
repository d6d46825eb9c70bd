import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/no-real-aws.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep end-to-end suites (which spawn the CLI) from starving each other.
    maxWorkers: 2,
  },
});
