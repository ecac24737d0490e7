import { z } from 'zod';

/** What `debug`'s result holds in `details` (zod: the type, the API document and the web client's types). */
export const debugDetails = z.strictObject({
  command: z.array(z.string()).nullable().meta({ description: 'argv as given, or null for a log' }),
  alreadyPassing: z.boolean().meta({ description: 'the command passed before anything was changed' }),
  failure: z.object({
    error: z.string().nullable(),
    frames: z
      .array(z.object({ path: z.string(), line: z.number().int(), function: z.string().optional() }))
      .meta({ description: 'the frames found in the workspace, innermost last' }),
    exitCode: z.number().int().nullable(),
    outputTail: z.string(),
  }),
  fixed: z.boolean().meta({
    description:
      'the command passes on the copy with the fix, the fix weakens no test nor the test configuration (testEdits), and it does not reach for the test harness (the harness check)',
  }),
  testEdits: z
    .array(z.object({ path: z.string(), changes: z.array(z.string()) }))
    .optional()
    .meta({
      description:
        'how the fix weakens the tests it edits (assertions removed or made trivial, skip/xfail/todo added, errors caught): such a fix is never "fixed" on the re-run alone',
    }),
  rerun: z
    .object({
      exitCode: z.number().int().nullable(),
      status: z.string(),
      outputTail: z.string(),
      durationMs: z.number(),
      sandboxed: z.boolean(),
    })
    .nullable()
    .meta({ description: 'the last run of the command on the copy with the delivered (or rejected) fix' }),
  after: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: 'the new content of each changed file, for a face that applies the fix' }),
  rejected: z
    .object({ diff: z.string(), reason: z.string() })
    .optional()
    .meta({ description: 'a fix that was tried and did not work, with why' }),
  applied: z
    .array(z.string())
    .optional()
    .meta({ description: 'the files a face wrote the fix to (`vouch debug --apply`)' }),
});
export type DebugDetails = z.output<typeof debugDetails>;
