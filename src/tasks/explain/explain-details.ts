import { z } from 'zod';
import { severity } from '../../core/check.js';

/** What `explain`'s result holds in `details` (zod: the type, the API document and the web client's types). */
export const dependency = z.object({
  name: z.string(),
  path: z.string(),
  line: z.number().int(),
  endLine: z.number().int(),
  signature: z.string(),
  via: z.enum(['file', 'import', 'index']).meta({
    description:
      '`file`: defined in the same file; `import`: followed through its imports; `index`: the one definition of the name',
  }),
});

export const plainFinding = z.object({
  line: z.number().int(),
  severity,
  ruleId: z.string(),
  plain: z.string().meta({ description: 'what is wrong here, and what could happen' }),
  fix: z.string().optional().meta({ description: 'what to do, from the rule' }),
});

export const explainDetails = z.strictObject({
  target: z.object({
    path: z.string(),
    startLine: z.number().int(),
    endLine: z.number().int(),
    symbol: z.string().optional(),
  }),
  dependencies: z.array(dependency),
  findings: z.array(plainFinding),
  gate: z.string().meta({ description: '`ran`, or why the gate said nothing' }),
});
export type ExplainDetails = z.output<typeof explainDetails>;
