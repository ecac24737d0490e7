import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // generous: CLI tests start processes, and a shared or busy 2-core runner is several times slower
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
