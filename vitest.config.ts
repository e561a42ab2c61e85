import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Lab devices are real SSH servers; two cores are shared by every fork. Most test time is spent waiting
    // on the lab's scaled device time, not computing, so three forks beat vitest's default of cores - 1.
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
