import { z } from 'zod';

/** What `complete`'s result holds in `details` (zod: the type, the API document and the web client's types). */
const position = z.object({ line: z.number().int(), column: z.number().int() });

export const completionDetails = z.strictObject({
  completion: z.string(),
  range: z
    .object({ start: position, end: position })
    .meta({ description: 'where the completion sits once inserted: `start` is the cursor (end exclusive)' }),
  cached: z.boolean(),
  cut: z
    .string()
    .optional()
    .meta({ description: "why the model's text was cut: the cursor's block ended, or the suffix closes it" }),
});
export type CompletionDetails = z.output<typeof completionDetails>;
