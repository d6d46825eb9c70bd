import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two cores: keep end-to-end suites (which spawn the CLI) from starving each other.
    maxWorkers: 2,
    projects: [
      {
        // Root tests reach the sandbox as `rails-sandbox`: its TypeScript, through the package's
        // `rails-source` export condition, so no build of the package is needed first. A list given
        // here replaces Vitest's default conditions, which are the other two.
        ssr: { resolve: { conditions: ['rails-source', 'node', 'development|production'] } },
        test: {
          name: 'rails',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          setupFiles: ['test/helpers/no-real-aws.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The sandbox package's own tests, with its own config.
      'packages/sandbox',
    ],
  },
});
