import { z } from 'zod';

/** What `refactor`'s result holds in `details` (zod: the type, the API document and the web client's types). */
const counterexample = z.object({
  call: z.string(),
  old: z.string(),
  new: z.string(),
  found: z.string(),
  original: z.string().optional(),
});

const branchCoverage = z.object({
  measured: z.boolean(),
  problem: z.string().optional(),
  total: z.number().int().optional(),
  reached: z.number().int().optional(),
  notReached: z.array(z.string()).optional(),
});

const functionComparison = z.object({
  name: z.string(),
  fromDocstring: z.number().int(),
  fromTests: z.number().int(),
  generated: z.number().int(),
  differences: z.number().int(),
  counterexample: counterexample.optional(),
  skipped: z.string().optional(),
  signatureChanged: z.string().optional(),
  nondeterministic: z.boolean().optional(),
  coverage: z.object({ old: branchCoverage, new: branchCoverage }).optional().meta({
    description:
      "the branches of each version the differential inputs reached, as each version's side measured them",
  }),
});

const testCount = z.object({ passed: z.number().int(), total: z.number().int() });

export const refactorDetails = z.strictObject({
  goal: z.string().optional(),
  evidence: z
    .object({
      summary: z.string(),
      generatedInputs: z.number().int(),
      docstringExamples: z.number().int(),
      inputsFromTests: z.number().int(),
      existingTests: z.object({ files: z.array(z.string()), before: testCount, after: testCount.nullable() }),
      differences: z.number().int(),
      functions: z.array(functionComparison),
    })
    .optional(),
  counterexamples: z.array(counterexample.extend({ function: z.string() })).optional(),
  notChecked: z.array(z.string()).optional(),
  proven: z.boolean().optional(),
  after: z
    .string()
    .optional()
    .meta({ description: 'the new content a face writes (`--apply`) after checking `baseHash`' }),
  rejected: z.object({ diff: z.string(), reason: z.string() }).nullable().optional(),
  applied: z
    .boolean()
    .optional()
    .meta({ description: 'a face wrote the refactor (`vouch refactor --apply`)' }),
});
export type RefactorDetails = z.output<typeof refactorDetails>;
