import { z } from 'zod';

/** What `ask`'s result holds in `details` (zod: the type, the API document and the web client's types). */
export const askDetails = z.strictObject({
  dropped: z
    .array(z.string())
    .meta({ description: 'citations removed from the answer because they did not resolve' }),
  ungrounded: z.boolean().meta({ description: 'the answer cites no code that resolves' }),
});
export type AskDetails = z.output<typeof askDetails>;
