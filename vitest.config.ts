import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the CLI tests run bin/vouch.js (dist/): compile first when any source is newer than its output
    globalSetup: ['test/support/build-once.ts'],
    // generous: CLI tests start processes, and a shared or busy 2-core runner is several times slower
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is one worker on a 2-core runner, and most of this suite waits: on
    // processes it starts, sandboxes, loopback models and browsers. Two workers there, cores − 1 above.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // expect.poll waits for what another process or thread records (telemetry, a browser): Vitest's
    // default of 1 s is shorter than a busy runner's scheduling delay. A poll ends as soon as it holds,
    // so the bound only matters when the test is failing.
    expect: { poll: { timeout: 30_000 } },
  },
});
