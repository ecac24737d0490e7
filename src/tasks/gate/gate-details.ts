import { z } from 'zod';
import { severity } from '../../core/check.js';
import { LANGUAGE_IDS } from '../../core/language-ids.js';

/**
 * What the gate's tasks (`check`, `scan`, `licence`) hold in `details` (zod: the type, the API document
 * and the web client's types).
 */
export const gateProfile = z.enum(['typing', 'save', 'suggestion', 'patch']);

export const checkDetails = z.strictObject({
  file: z.string(),
  language: z.enum(LANGUAGE_IDS),
  profile: gateProfile,
});
export type CheckDetails = z.output<typeof checkDetails>;

const toolRun = z.object({
  tool: z.string(),
  ran: z.boolean(),
  reason: z.string().optional(),
  findings: z.number().int(),
  cached: z.number().int().optional(),
  unconfirmed: z.number().int().optional(),
  notRun: z
    .array(z.object({ id: z.string(), file: z.string(), reason: z.string() }))
    .optional()
    .meta({ description: "the project's Semgrep rules vouch's matcher does not evaluate, and why" }),
  overBudget: z
    .boolean()
    .optional()
    .meta({ description: 'stopped at its time budget: what it checks was not checked (never a pass)' }),
  stopped: z
    .array(z.object({ file: z.string(), reason: z.string() }))
    .optional()
    .meta({
      description:
        'files whose analysis was stopped (at the per-file budget, or nested too deep to analyse), and why: not verified',
    }),
});

export const scanDetails = z.strictObject({
  files: z.number().int(),
  failOn: severity,
  failing: z.number().int().meta({ description: 'findings that fail the scan' }),
  suppressed: z.number().int(),
  tools: z.array(toolRun),
  duplicates: z.number().int(),
  unconfirmed: z.number().int(),
  cached: z.number().int().meta({ description: 'files whose findings came from the cache' }),
  durationMs: z.number(),
});
export type ScanDetails = z.output<typeof scanDetails>;

const verdict = z.enum(['allow', 'review', 'deny']);

const judgedPackage = z.object({
  ecosystem: z.string(),
  name: z.string(),
  version: z.string().optional(),
  expression: z.string().optional(),
  declared: z.string().optional(),
  source: z.string(),
  problem: z.string().optional(),
  approximate: z.boolean().optional(),
  dev: z.boolean().optional(),
  importNames: z.array(z.string()).optional(),
  requires: z.array(z.string()).optional(),
  systemSite: z.boolean().optional(),
  category: z.string(),
  verdict,
  reason: z.string(),
});

const dependencyReport = z.object({
  root: z.string(),
  project: z.object({ expression: z.string(), source: z.string() }).optional(),
  packages: z.array(judgedPackage),
  unused: z.array(judgedPackage).meta({
    description:
      'packages a --system-site-packages virtualenv sees from the system that the project neither declares nor imports (nor needs through one it does): judged for information, not counted in summary',
  }),
  summary: z.object({ allow: z.number().int(), review: z.number().int(), deny: z.number().int() }),
  warnings: z.array(z.string()),
  manifests: z.array(z.string()).meta({
    description:
      'the dependency manifests and lockfiles read (package.json, requirements.txt, go.mod, …); none: nothing said what the project uses, so it is not verified',
  }),
});

const codeMatch = z.object({
  corpus: z.string(),
  licence: z.string(),
  file: z.string(),
  path: z.string(),
  regions: z.array(
    z.object({
      lines: z.tuple([z.number().int(), z.number().int()]),
      sourceLines: z.tuple([z.number().int(), z.number().int()]),
      chars: z.number().int(),
    }),
  ),
  matchedChars: z.number().int(),
  share: z.number(),
});

export const licencePolicyView = z.object({
  allow: z.array(z.string()),
  review: z.array(z.string()),
  deny: z.array(z.string()),
  packages: z.record(z.string(), verdict),
  project: z.string().nullable(),
  projectSource: z.string().nullable(),
  minMatchChars: z.number().int(),
});
export type LicencePolicyView = z.output<typeof licencePolicyView>;

export const licenceDetails = z.strictObject({
  policy: licencePolicyView,
  dependencies: dependencyReport
    .nullable()
    .meta({ description: 'null when the dependencies were not asked for' }),
  matches: z.array(codeMatch).nullable().meta({ description: 'null without `code`' }),
  minChars: z.number().int(),
  corpora: z.number().int().meta({ description: 'copyleft corpora registered for matching' }),
});
export type LicenceDetails = z.output<typeof licenceDetails>;
