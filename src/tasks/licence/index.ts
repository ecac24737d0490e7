import { z } from 'zod';
import type { CheckResult, Finding } from '../../core/check.js';
import type { DependencyReport } from '../../licence/dependencies/dependency-report.js';
import type { CodeMatch } from '../../licence/fingerprints/match-code.js';
import type { LicencePolicy } from '../../licence/policy.js';
import type { LicenceDetails, LicencePolicyView } from '../gate/gate-details.js';
import { languageField } from '../input-schemas.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { baseResult, withDetails } from '../task-frame.js';
import { verdictOf } from '../verdict.js';

/**
 * `licence`: the workspace's dependency licences judged against its policy (allow, review, deny; the
 * project's own licence widening what copyleft is acceptable), and with `code`, stretches of it copied
 * from the registered copyleft corpora (winnowing fingerprints). What `vouch licence`, `vouch licence
 * match` and POST /v1/licence run; a denied dependency or a copied stretch fails it.
 */
export const licenceInput = z
  .object({
    /** judge the dependencies (default true) */
    dependencies: z.boolean().optional().meta({
      title: 'Judge the dependencies',
      description: "Check the licences of the project's dependencies against the policy. Default: yes.",
    }),
    /** code to compare with the copyleft corpora */
    code: z
      .string()
      .max(2_000_000)
      .optional()
      .meta({ title: 'Code', description: 'Code to compare with the registered copyleft corpora.' }),
    language: languageField.optional(),
    /** the shortest copied stretch reported, in characters of code (default: the policy's) */
    minChars: z.number().int().min(20).max(1_000_000).optional().meta({
      title: 'Shortest match (characters)',
      description: "The shortest copied stretch reported (20–1,000,000). Default: the policy's.",
    }),
  })
  .strict()
  .refine((input) => input.code === undefined || input.language !== undefined, {
    message: 'language: required with code',
    path: ['language'],
  });

export type LicenceInput = z.output<typeof licenceInput>;

function policyView(policy: LicencePolicy): LicencePolicyView {
  return {
    allow: policy.allow,
    review: policy.review,
    deny: policy.deny,
    packages: policy.packages,
    project: policy.project ?? null,
    projectSource: policy.projectSource ?? null,
    minMatchChars: policy.minMatchChars,
  };
}

export async function runLicence(
  input: LicenceInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'licence'>> {
  const started = performance.now();
  const emit = options.onEvent;
  const [{ loadLicencePolicy }, { dependencyReport, withProjectLicence }] = await Promise.all([
    import('../../licence/policy.js'),
    import('../../licence/dependencies/dependency-report.js'),
  ]);
  const policy = withProjectLicence(loadLicencePolicy(host.config), host.workspaceRoot);
  const minChars = input.minChars ?? policy.minMatchChars;
  const result = baseResult('licence', { id: '' }, started);
  const checks: CheckResult[] = [];

  let dependencies: DependencyReport | null = null;
  if (input.dependencies !== false) {
    emit?.({ type: 'stage', stage: 'verify', status: 'start', detail: 'dependency licences' });
    dependencies = await dependencyReport(host.workspaceRoot, policy);
    const denied = dependencies.packages.filter((pkg) => pkg.verdict === 'deny');
    // a manifest that could not be read holds dependencies nobody judged: not verified, never a pass (w154)
    const unread = dependencies.warnings.length > 0 ? dependencies.warnings.join('; ') : undefined;
    // no manifest read and nothing installed: nothing said which packages the project uses, so nothing
    // was compared — not verified, never a pass of "0 packages" (w167)
    const noManifest =
      !unread && dependencies.manifests.length === 0 && dependencies.packages.length === 0
        ? 'no dependency manifest read (package.json, requirements.txt, pyproject.toml, go.mod, Cargo.toml, pom.xml, …) and no package installed: nothing says which packages the project uses'
        : undefined;
    checks.push({
      name: 'dependencies',
      status: denied.length > 0 ? 'fail' : unread ? 'error' : noManifest ? 'skip' : 'pass',
      ...(denied.length > 0 && unread ? { unverified: unread } : {}),
      ...(noManifest ? { unverified: noManifest } : {}),
      reason: `${dependencies.packages.length} packages: ${dependencies.summary.allow} allowed, ${dependencies.summary.review} to review, ${dependencies.summary.deny} denied${dependencies.unused.length > 0 ? `; ${dependencies.unused.length} system packages the project does not use listed apart` : ''}${unread ? `; ${unread}` : ''}`,
      findings: denied.map(
        (pkg): Finding => ({
          ruleId: 'licence-denied',
          file: pkg.source,
          line: 0,
          column: 0,
          severity: 'high',
          message: `${pkg.name}: ${pkg.reason}`,
        }),
      ),
      durationMs: 0,
      ...(denied.length > 0 ? { blocking: true } : {}),
    });
    emit?.({ type: 'stage', stage: 'verify', status: 'done' });
  }

  let matches: CodeMatch[] | null = null;
  let corpora = 0;
  if (input.code !== undefined && input.language !== undefined) {
    const [{ openLicenceIndex }, { matchCode }] = await Promise.all([
      import('../../licence/fingerprints/corpus-registry.js'),
      import('../../licence/fingerprints/match-code.js'),
    ]);
    // registered corpora missing from the store (a new machine, a corrupt store) are indexed again first
    const opened = await openLicenceIndex(host.workspaceRoot, {
      reindex: true,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (corpus, done, total) =>
        emit?.({ type: 'progress', label: `re-indexing ${corpus}`, done, total }),
    });
    try {
      for (const note of opened.notes) {
        result.notes.push(note);
        emit?.({ type: 'notice', message: note });
      }
      corpora = opened.registrations.length;
      if (corpora === 0)
        result.notes.push(
          'no copyleft corpus is registered, so nothing can match; add one with `vouch licence index add DIR --licence SPDX --name NAME`',
        );
      matches = matchCode(opened.store, { code: input.code, language: input.language }, { minChars });
    } finally {
      opened.store.close();
    }
    checks.push({
      name: 'licence',
      status: matches.length > 0 ? 'fail' : corpora === 0 ? 'skip' : 'pass',
      reason:
        corpora === 0
          ? 'no copyleft corpus is registered'
          : `${matches.length} match(es) of ${minChars}+ characters in ${corpora} corpora`,
      findings: matches.map(
        (match): Finding => ({
          ruleId: 'copyleft-match',
          file: '<code>',
          line: match.regions[0]?.lines[0] ?? 1,
          column: 1,
          severity: 'high',
          message: `matches ${match.corpus}/${match.file} (${match.licence}): ${Math.round(match.share * 100)}% of the code`,
        }),
      ),
      durationMs: 0,
      ...(matches.length > 0 ? { blocking: true } : {}),
    });
  }

  const failed = checks.some((check) => check.status === 'fail');
  const errored = checks.filter((check) => check.status === 'error' || check.unverified);
  // the shared verdict (tasks/verdict.ts): a check that compared nothing is no pass here either
  const verdict = checks.length === 0 ? undefined : verdictOf(checks);
  const reasons = [
    ...checks.filter((check) => check.status === 'fail').map((check) => `${check.name}: ${check.reason}`),
    ...errored.map(
      (check) => `${check.name} not verified: ${check.unverified ?? check.reason ?? 'could not run'}`,
    ),
  ];
  result.verification = {
    status: verdict?.status ?? 'none',
    checks,
    blocked: failed,
    reasons: reasons.length > 0 || !verdict ? reasons : verdict.reasons,
    confidenceReasons: [],
    rounds: [],
  };
  result.confidence = failed ? 'low' : 'high';
  result.language = input.language ?? null;
  const details: LicenceDetails = { policy: policyView(policy), dependencies, matches, minChars, corpora };
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const licenceTask: TaskDefinition<LicenceInput, 'licence'> = {
  name: 'licence',
  description: "the project's dependency licences against its policy, and code copied from copyleft corpora",
  input: licenceInput,
  run: runLicence,
};
