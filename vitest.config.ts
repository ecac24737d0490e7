import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import type { InlineConfig } from 'vitest/node';
import { endToEndTests, sharedWorkerEndToEndTests } from './test/support/test-tiers.js';

const INCLUDE = ['src/**/*.test.ts', 'test/**/*.test.ts'];
// which files drive real processes and services (the CLI, servers, browsers, PostgreSQL, the sandbox)
const END_TO_END = endToEndTests();
// of those, the files that share their worker (all but a few: sharesWorker in test/support/test-tiers.ts)
const END_TO_END_SHARED = sharedWorkerEndToEndTests();

/**
 * How the end-to-end files that share their worker run (the `e2e-shared` project below, and the sample of
 * bench/suite/shared-workers.config.ts): Vitest's start and the import of what they test paid once per
 * worker, not once per file (bench/notes/2026-11-26-suite-cpu.md, -suite-shared-workers.md); their setup
 * fails a file that leaves the working directory, the environment, a process listener or fake timers
 * changed, or a server or child process running
 */
export const SHARED_WORKERS = { setupFiles: ['test/support/shared-worker-guard.ts'], isolate: false };

/** How every project's files run, and the benchmark's sample of bench/suite/shared-workers.config.ts. */
export const RUN_SETTINGS = {
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
} satisfies InlineConfig;

export default defineConfig({
  test: {
    // two tiers (test/support/test-tiers.ts): `npm run test:unit` runs vouch in-process, `npm run test:e2e`
    // what users run; `vitest run` (npm test) runs both. No `include` above: a project that extends this
    // config would get it added to its own (arrays merge)
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: INCLUDE,
          exclude: [...configDefaults.exclude, ...END_TO_END],
          // a unit-tier test that starts a child process fails, naming it; so does a file that leaves the
          // working directory, the environment or fake timers changed for the files after it
          setupFiles: ['test/support/unit-tier-guard.ts'],
          // the unit tier's files share a worker: vouch's modules are imported once per worker, not once
          // per file (a fresh process per file cost ≈ 2.7× the CPU: bench/notes/2026-11-26-suite-runner.md)
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: END_TO_END,
          exclude: [...configDefaults.exclude, ...END_TO_END_SHARED],
        },
      },
      {
        extends: true,
        test: {
          // the end-to-end files share their worker, bar a few (sharesWorker in test/support/test-tiers.ts)
          name: 'e2e-shared',
          include: END_TO_END_SHARED,
          ...SHARED_WORKERS,
        },
      },
    ],
    ...RUN_SETTINGS,
  },
});
