import { z } from 'zod';
import { severity } from '../../core/check.js';

/** What `fix`'s result holds in `details` (zod: the type, the API document and the web client's types). */
export const fixFinding = z.object({
  check: z.string(),
  ruleId: z.string(),
  line: z.number().int(),
  severity,
  message: z.string(),
  hint: z.string().optional(),
});
export type FixFinding = z.output<typeof fixFinding>;

const lineSpan = z.object({ startLine: z.number().int(), endLine: z.number().int() });

export const fixDetails = z.strictObject({
  file: z.string(),
  range: lineSpan.meta({
    description: 'the lines the fix rewrites, in the file as it was; `generated_code` is their new text',
  }),
  targets: z.array(fixFinding).meta({ description: 'the findings on those lines before the fix' }),
  remaining: z.array(fixFinding).meta({ description: 'of those, still there after the fix' }),
  introduced: z.array(fixFinding).meta({ description: 'new findings the fix brought' }),
  fixedText: z
    .string()
    .optional()
    .meta({ description: 'the whole file with the fix, when the model gave one' }),
  written: z.boolean().optional().meta({ description: 'a face wrote the fix (`vouch fix --write`)' }),
});
export type FixDetails = z.output<typeof fixDetails>;
