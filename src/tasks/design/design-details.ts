import { z } from 'zod';
import { LANGUAGE_IDS } from '../../core/language-ids.js';

/** What `ask` with `design: true` holds in `details` (zod: the type, the API document and the web client's types). */
const patternEvidence = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  reason: z.string().optional(),
  kind: z.enum(['similar', 'base', 'error', 'test', 'fixture']),
  label: z.string().meta({ description: 'what it shows, in one line: `class CsvExporter(Exporter)`' }),
  excerpt: z.string(),
});

export const designEvidence = z.object({
  language: z.enum(LANGUAGE_IDS).nullable(),
  modules: z.array(z.object({ path: z.string(), definitions: z.array(z.string()) })),
  similar: z.array(patternEvidence),
  bases: z.array(patternEvidence.extend({ name: z.string(), subclasses: z.number().int() })),
  errors: z.array(patternEvidence),
  tests: z.array(patternEvidence),
  testFramework: z.string().nullable(),
  problem: z.string().optional().meta({ description: 'why nothing (or less) was gathered' }),
});

export const designAlternative = z.object({
  title: z.string(),
  description: z.string(),
  tradeOffs: z.string(),
});

export const designDetails = z.strictObject({
  design: z.literal(true),
  dropped: z.array(z.string()),
  ungrounded: z.boolean(),
  evidence: designEvidence,
  alternatives: z.array(designAlternative),
  evidenceCited: z.number().int(),
});
export type DesignDetails = z.output<typeof designDetails>;
