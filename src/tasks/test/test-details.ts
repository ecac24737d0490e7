import { z } from 'zod';

/** What `test`'s result holds in `details` (zod: the type, the API document and the web client's types). */
const ratio = z.object({ covered: z.number().int(), total: z.number().int(), percent: z.number() });

export const coverage = z.object({
  measured: z.boolean(),
  tool: z.string().optional(),
  lines: ratio.optional(),
  branches: ratio.optional(),
  branchKind: z.string().optional(),
  missingLines: z.array(z.number().int()).optional(),
  missingBranches: z.array(z.string()).optional(),
  reason: z.string().optional().meta({ description: 'why it was not measured' }),
});

const mutantView = z.object({
  id: z.number().int(),
  line: z.number().int(),
  column: z.number().int(),
  operator: z.string(),
  original: z.string(),
  replacement: z.string(),
  description: z.string(),
});

const testCase = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'error']),
  message: z.string().optional(),
  file: z.string().optional(),
});

export const testDetails = z.strictObject({
  tests: z.array(testCase),
  passed: z.number().int(),
  coverage,
  mutationScore: z.number().nullable(),
  survivingMutants: z.array(mutantView),
  probablyEquivalentMutants: z
    .array(mutantView.extend({ why: z.string() }))
    .optional()
    .meta({
      description:
        'surviving mutants no test could kill (unreachable code, or the same results on every input tried): left out of the mutation score',
    }),
  mutants: z
    .object({
      total: z.number().int(),
      killed: z.number().int(),
      survived: z.number().int(),
      probablyEquivalent: z.number().int().optional(),
      timedOut: z.number().int(),
      errors: z.number().int(),
      notParsing: z.number().int(),
      candidates: z.number().int(),
      harness: z.string().nullable(),
      durationMs: z.number(),
      problem: z.string().optional(),
      killedBy: z.array(z.object({ id: z.number().int(), evidence: z.string().nullable() })),
    })
    .optional(),
  droppedTests: z.array(z.object({ name: z.string(), message: z.string() })).optional(),
  suspectedBugs: z
    .array(z.object({ name: z.string(), message: z.string(), evidence: z.string() }))
    .optional(),
  /** each round of mutation testing: the tests, what it killed and what survived */
  rounds: z.array(z.record(z.string(), z.unknown())).optional(),
  file: z.string().meta({ description: 'where the suite goes (or was written)' }),
  framework: z.string(),
  target: z.object({
    path: z.string(),
    symbol: z.string().nullable(),
    startLine: z.number().int(),
    endLine: z.number().int(),
  }),
  written: z
    .boolean()
    .optional()
    .meta({ description: 'a face wrote the suite to `file` (`vouch test --write`)' }),
});
export type TestDetails = z.output<typeof testDetails>;
