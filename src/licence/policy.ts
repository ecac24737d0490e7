import { z } from 'zod';
import { configSection } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { CATEGORIES, isCategory, type LicenceCategory } from './categories.js';
import { normaliseLicenceText } from './normalise-licence.js';
import { isKnownLicenceId } from './spdx.js';

export type Verdict = 'allow' | 'review' | 'deny';

export const VERDICT_RANK: Record<Verdict, number> = { allow: 0, review: 1, deny: 2 };

/** The policy in force: which licences (ids or categories) are allowed, reviewed or denied. */
export interface LicencePolicy {
  allow: string[];
  review: string[];
  deny: string[];
  /** the project's own licence (SPDX), from `[licence] project` or read from the project's manifest */
  project?: string;
  /** where `project` came from */
  projectSource?: string;
  /** per-package verdicts that override the licence (`"left-pad"` or `"npm:left-pad"`) */
  packages: Record<string, Verdict>;
  /** the shortest copied stretch of code, in characters of code (whitespace and comments not counted), that is reported */
  minMatchChars: number;
}

/** The defaults of issue 6: permissive allowed, copyleft that reaches the whole product denied. */
export const DEFAULT_POLICY: LicencePolicy = {
  allow: ['permissive'],
  review: ['weak-copyleft', 'unknown', 'proprietary'],
  deny: ['strong-copyleft', 'network-copyleft'],
  packages: {},
  minMatchChars: 150,
};

const entry = z
  .string()
  .min(1)
  .transform((value) => value.trim().replace(/\s+/g, '-').replace(/_/g, '-'));

/** The `[licence]` section of vouch.toml (see src/licence/README.md for the format). */
export const licenceSectionSchema = z
  .object({
    allow: z.array(entry).optional(),
    review: z.array(entry).optional(),
    deny: z.array(entry).optional(),
    project: z.string().min(1).optional(),
    packages: z.record(z.string(), z.enum(['allow', 'review', 'deny'])).optional(),
    min_match_chars: z.number().int().min(40).max(100_000).optional(),
  })
  .strict();

export type LicenceSection = z.infer<typeof licenceSectionSchema>;

function checkEntry(value: string, list: string): string {
  const lower = value.toLowerCase();
  if (isCategory(lower)) return lower;
  if (isKnownLicenceId(value.replace(/\+$/, '')) || /^LicenseRef-/.test(value)) return value;
  throw new UsageError(
    `[licence] ${list} has "${value}", which is neither a licence category nor an SPDX id`,
    {
      hint: `use SPDX ids (MIT, GPL-3.0-only, …) or one of: ${CATEGORIES.join(', ')}`,
    },
  );
}

/**
 * The policy from the merged config: the user's lists are laid over the defaults, an entry the user puts
 * in one list leaving the others (so `allow = ["weak-copyleft"]` moves weak copyleft out of `review`).
 */
export function loadLicencePolicy(config: Record<string, unknown>): LicencePolicy {
  const parsed = licenceSectionSchema.safeParse(configSection(config, 'licence'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `[licence] in the config is invalid at ${issue.path.join('.') || '(section)'}: ${issue.message}`,
      {
        hint: 'allowed keys: allow, review, deny (lists of SPDX ids or categories), project, packages, min_match_chars',
      },
    );
  }
  const section = parsed.data;
  const policy: LicencePolicy = {
    allow: [...DEFAULT_POLICY.allow],
    review: [...DEFAULT_POLICY.review],
    deny: [...DEFAULT_POLICY.deny],
    packages: { ...(section.packages ?? {}) },
    minMatchChars: section.min_match_chars ?? DEFAULT_POLICY.minMatchChars,
  };
  for (const list of ['allow', 'review', 'deny'] as const) {
    for (const raw of section[list] ?? []) {
      const value = checkEntry(raw, list);
      for (const other of ['allow', 'review', 'deny'] as const) {
        policy[other] = policy[other].filter((existing) => existing !== value);
      }
      policy[list].push(value);
    }
  }
  if (section.project) {
    const normalised = normaliseLicenceText(section.project);
    if (!normalised.expression) {
      throw new UsageError(`[licence] project = "${section.project}" is not an SPDX expression`, {
        hint: 'write the project licence as SPDX, e.g. "Apache-2.0" or "GPL-3.0-or-later"',
      });
    }
    policy.project = normalised.expression;
    policy.projectSource = 'config [licence] project';
  }
  return policy;
}

export function listOf(policy: LicencePolicy, value: string): Verdict | undefined {
  for (const list of ['deny', 'review', 'allow'] as const) if (policy[list].includes(value)) return list;
  return undefined;
}

export function categoryVerdict(policy: LicencePolicy, category: LicenceCategory): Verdict {
  return listOf(policy, category) ?? 'review';
}
