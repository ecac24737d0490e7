import { z } from 'zod';

/** `change`'s details: the change file by file, what the project's suite said before and after, the evidence. */

const testOutcome = z.enum(['passed', 'failed', 'error', 'skipped', 'missing']);

export const changeDetails = z.strictObject({
  request: z.string(),
  /** the files shown to the model whole (the --file files, the context's, the tests that import them) */
  read: z.array(z.string()),
  /** each file the change writes, with its own verdict */
  files: z.array(
    z.strictObject({
      path: z.string(),
      change: z.enum(['new', 'modified']),
      role: z.enum(['source', 'test', 'test-configuration']),
      verdict: z.enum(['pass', 'fail', 'unverified']),
      reasons: z.array(z.string()),
    }),
  ),
  /** the whole change as one unified diff (also in `edits`, file by file, when it is delivered) */
  diff: z.string(),
  suite: z.strictObject({
    framework: z.string().nullable(),
    testFiles: z.number().int().meta({ description: 'test files the project has (with the change)' }),
    selected: z
      .array(z.string())
      .meta({ description: 'test files that reach the changed files by imports: run first' }),
    before: z
      .strictObject({
        passed: z.number().int(),
        failed: z.number().int(),
        cached: z.boolean(),
        durationMs: z.number(),
      })
      .nullable()
      .meta({ description: 'the suite on the project as it is (cached per tree state)' }),
    after: z
      .strictObject({ passed: z.number().int(), failed: z.number().int(), durationMs: z.number() })
      .nullable()
      .meta({ description: 'the suite with the change laid over the project' }),
    wholeSuite: z
      .boolean()
      .meta({ description: 'every test file ran after the change, not only the selected' }),
    regressions: z
      .array(z.strictObject({ id: z.string(), after: testOutcome, message: z.string().optional() }))
      .meta({ description: 'tests that passed before and do not pass with the change: they block' }),
    addedTests: z
      .array(
        z.strictObject({
          id: z.string(),
          after: testOutcome,
          old: testOutcome
            .nullable()
            .meta({ description: 'on the old code (the change without its sources)' }),
          evidence: z.boolean().meta({ description: 'passes with the change and not on the old code' }),
        }),
      )
      .meta({ description: 'the tests the change adds' }),
    problem: z.string().optional().meta({ description: 'why a run is no evidence, when one is not' }),
  }),
  /** the change edits or weakens existing tests or test configuration: refused */
  testEdits: z.array(z.strictObject({ path: z.string(), changes: z.array(z.string()) })).optional(),
  /** the new text of each file, when the change is delivered (what `--apply` writes) */
  after: z.record(z.string(), z.string()).optional(),
  /** the change when it is not delivered, and why */
  rejected: z.strictObject({ diff: z.string(), reason: z.string() }).optional(),
  /** set by a face that wrote the change */
  applied: z.array(z.string()).optional(),
});

export type ChangeDetails = z.output<typeof changeDetails>;
