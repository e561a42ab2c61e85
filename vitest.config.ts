import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Lab devices are real SSH servers; two cores are shared by every fork.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
