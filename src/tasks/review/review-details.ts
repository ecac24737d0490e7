import { z } from 'zod';
import { severity } from '../../core/check.js';

/** What `review`'s result holds in `details` (zod: the type, the API document and the web client's types). */
export const reviewComment = z.object({
  file: z.string(),
  line: z.number().int(),
  severity,
  source: z.enum(['gate', 'model']),
  ruleId: z.string(),
  title: z.string(),
  body: z.string(),
  suggestion: z.string().optional(),
  pattern: z.string().optional(),
  cwe: z.number().int().optional(),
  alsoFrom: z.array(z.string()).optional(),
});
export type ReviewComment = z.output<typeof reviewComment>;

export const reviewDetails = z.strictObject({
  comments: z.array(reviewComment),
  bySeverity: z.record(z.string(), z.number().int()),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(['added', 'modified', 'deleted', 'renamed']),
      added: z.number().int(),
      binary: z.boolean(),
    }),
  ),
  patterns: z.array(
    z.object({
      changed: z.string(),
      path: z.string(),
      startLine: z.number().int(),
      endLine: z.number().int(),
      symbol: z.string().nullable(),
    }),
  ),
  testsTouching: z.array(
    z.object({ path: z.string(), tests: z.array(z.string()), testsInDiff: z.boolean() }),
  ),
  notRun: z.array(z.string()),
});
export type ReviewDetails = z.output<typeof reviewDetails>;
