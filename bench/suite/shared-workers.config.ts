import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { RUN_SETTINGS, SHARED_WORKERS } from '../../vitest.config.js';

/**
 * Issue 56: what sharing a worker saves the end-to-end files moved into the `e2e-shared` project. Runs a
 * fixed sample of them, as in vitest.config.ts (the same guard, pool, workers and limits), either sharing
 * their worker (as they run now) or with a fresh worker per file (as they ran before, in the `e2e` project).
 * Run it in a cgroup of its own to count the CPU of every process it starts
 * (bench/notes/2026-11-26-suite-shared-workers.md):
 *
 *   npx vitest run --config bench/suite/shared-workers.config.ts                       # shared
 *   VOUCH_BENCH_FRESH_WORKERS=1 npx vitest run --config bench/suite/shared-workers.config.ts   # fresh
 */

/** 24 of the 96 files moved, spread over their kinds (tasks, the sandbox, security, the CLI as a process, the team server), each ≤ 2 s of test time in the lead's quiet run. */
export const SAMPLE = [
  'src/workspace/files.test.ts',
  'test/cli/config-errors.test.ts',
  'src/verify/sandbox/orphans.test.ts',
  'src/lsp/forwarded-import-probe.test.ts',
  'src/server/routes/conversations.test.ts',
  'test/security/forged-matrix.test.ts',
  'src/index/listing-snapshot.test.ts',
  'src/verify/runners/run-code.test.ts',
  'test/security/secrets-git.test.ts',
  'src/tasks/test/equivalent-mutants.test.ts',
  'test/cli/json-errors.test.ts',
  'src/server/api.test.ts',
  'src/verify/checks/syntax.test.ts',
  'src/tasks/design/design.test.ts',
  'test/security/server-terminal-escapes.test.ts',
  'src/tasks/explain/explain.test.ts',
  'src/cli/commands/rules.test.ts',
  'src/verify/sandbox/warm-pool.test.ts',
  'test/cli/closed-pipe.test.ts',
  'src/security/scan.test.ts',
  'src/tasks/request-examples-run.test.ts',
  'src/server/routes/checks.test.ts',
  'src/tasks/test-evidence/measure.test.ts',
  'src/security/semgrep/team-rules.test.ts',
];

const fresh = process.env.VOUCH_BENCH_FRESH_WORKERS === '1';

export default defineConfig({
  root: join(import.meta.dirname, '..', '..'),
  test: {
    name: fresh ? 'e2e-fresh-workers' : 'e2e-shared',
    include: SAMPLE,
    ...(fresh ? { setupFiles: [], isolate: true } : SHARED_WORKERS),
    ...RUN_SETTINGS,
  },
});
