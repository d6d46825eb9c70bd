// The sandbox's own tests: in-process sandboxes driven by the real AWS SDK, no build needed. Run alone
// with `npm test -w rails-sandbox`; the root's `npm test` runs them as its `sandbox` project.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'sandbox',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/no-real-aws.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep suites that start Lambda workers from starving each other.
    maxWorkers: 2,
  },
});
