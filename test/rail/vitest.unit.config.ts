// Runs the rail's pure unit tests alone (no build of dist/ needed): `npx vitest run -c test/rail/vitest.unit.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/rail/unit/**/*.test.ts'],
    setupFiles: ['test/helpers/no-real-aws.ts'],
  },
});
