import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Check, CheckContext, CheckResult, CheckSubject, Finding } from '../core/check.js';
import { languageForPath } from '../core/languages.js';
import { judgePackage, withProjectLicence } from './dependencies/dependency-report.js';
import { packagesForImports } from './dependencies/import-packages.js';
import { importsOf, supportsImports } from './dependencies/snippet-imports.js';
import { openLicenceIndex } from './fingerprints/corpus-registry.js';
import { olderRegistrationsNote, registrationsPath } from './fingerprints/fingerprint-store.js';
import { matchCode } from './fingerprints/match-code.js';
import { judgeExpression } from './judge-licence.js';
import { loadLicencePolicy } from './policy.js';

function existingSource(subject: CheckSubject, root: string): string | undefined {
  if (subject.path.startsWith('<')) return undefined;
  const path = isAbsolute(subject.path) ? subject.path : join(root, subject.path);
  if (!existsSync(path) || languageForPath(path) !== subject.language) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function run(subject: CheckSubject, context: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const root = context.workspaceRoot;
  const policy = withProjectLicence(loadLicencePolicy(context.config), root);
  const findings: Finding[] = [];
  const notes: string[] = [];
  let blocking = false;

  // 1. dependencies the snippet adds: imports not already in the file it goes into
  const judged = [];
  const readsImports = supportsImports(subject.language);
  if (readsImports) {
    const existing = existingSource(subject, root);
    const before = new Set(
      existing ? (await importsOf(existing, subject.language)).map((entry) => entry.specifier) : [],
    );
    const added = (await importsOf(subject.code, subject.language)).filter(
      (entry) => !before.has(entry.specifier),
    );
    for (const { import: entry, licence } of await packagesForImports({
      root,
      language: subject.language,
      imports: added,
    })) {
      const verdict = judgePackage(licence, policy);
      judged.push({ import: entry.specifier, ...verdict });
      if (verdict.verdict === 'allow') continue;
      const denied = verdict.verdict === 'deny';
      blocking ||= denied;
      findings.push({
        ruleId: denied ? 'licence.dependency-denied' : 'licence.dependency-review',
        file: subject.path,
        line: entry.line,
        column: 1,
        severity: denied ? 'high' : 'low',
        message: `import "${entry.specifier}" brings in ${licence.ecosystem} package ${licence.name}${licence.version ? ` ${licence.version}` : ''} under ${licence.expression ?? 'an unknown licence'}: ${verdict.reason}`,
        hint: denied
          ? 'use a package under a licence the policy allows, or change [licence] in vouch.toml if your project may accept it'
          : 'check the licence before shipping; list it in [licence] allow or [licence.packages] once reviewed',
      });
    }
  }

  // 2. copied copyleft code: only when the user registered a corpus
  const matches = [];
  const corpusRegistered = existsSync(registrationsPath(root));
  if (corpusRegistered) {
    const opened = await openLicenceIndex(root);
    try {
      notes.push(...opened.notes);
      for (const match of matchCode(
        opened.store,
        { code: subject.code, language: subject.language },
        {
          minChars: policy.minMatchChars,
        },
      )) {
        const judgement = judgeExpression(match.licence, policy);
        const allowed = judgement.verdict === 'allow';
        blocking ||= !allowed;
        matches.push({ ...match, verdict: judgement.verdict });
        const region = match.regions[0]!;
        const lines = match.regions.map((entry) => `${entry.lines[0]}–${entry.lines[1]}`).join(', ');
        const sourceLines = match.regions
          .map((entry) => `${entry.sourceLines[0]}–${entry.sourceLines[1]}`)
          .join(', ');
        findings.push({
          ruleId: 'licence.copyleft-match',
          file: subject.path,
          line: region.lines[0],
          column: 1,
          endLine: match.regions[match.regions.length - 1]!.lines[1],
          severity: allowed ? 'info' : 'high',
          message: `lines ${lines} match ${match.corpus}/${match.file} lines ${sourceLines} (${match.licence}, ${Math.round(match.share * 100)}% of the code, ${match.matchedChars} characters): ${judgement.reason}`,
          hint: allowed
            ? 'the policy allows this licence; keep its notices if you keep the code'
            : 'rewrite the code without the copied part, or use it under its licence terms if the policy allows',
        });
      }
      if (opened.missing.length > 0) {
        findings.push({
          ruleId: 'licence.index-incomplete',
          file: subject.path,
          line: 1,
          column: 1,
          severity: 'medium',
          message: `copyleft corpora ${opened.missing.map((entry) => entry.name).join(', ')} are registered but not indexed, so the code was not compared with them`,
          hint: 'run `vouch licence index rebuild`',
        });
      }
    } finally {
      opened.store.close();
    }
  } else {
    notes.push(olderRegistrationsNote(root) ?? 'no copyleft corpus registered (vouch licence index add)');
  }

  // Compared nothing: no package judged and no corpus to compare with is a skip that says so, never a
  // pass (w167). Code that adds no third-party import brings in no licence: nothing was left unjudged. A
  // language whose imports are not read may bring in any package: that is not verified.
  const compared = judged.length > 0 || corpusRegistered;
  if (!compared && readsImports) notes.unshift('no package compared: the code adds no third-party import');
  const unread = readsImports
    ? undefined
    : `the licence check does not read ${subject.language}'s imports: the packages the code brings in were not judged`;
  return {
    name: 'licence',
    status: blocking ? 'fail' : compared ? 'pass' : 'skip',
    findings,
    durationMs: Math.round(performance.now() - started),
    blocking,
    ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    ...(unread ? { unverified: unread } : {}),
    details: { packages: judged, matches, project: policy.project ?? null },
  };
}

/**
 * The licence gate for generated code: the dependencies its new imports bring in, judged against the
 * policy, and its similarity to registered copyleft code. Blocks on a denied licence or a copyleft match
 * the policy does not allow.
 */
export const licenceCheck: Check = {
  name: 'licence',
  async run(subject, context) {
    const started = performance.now();
    try {
      return await run(subject, context);
    } catch (error) {
      const hint = (error as { hint?: unknown }).hint;
      return {
        name: 'licence',
        status: 'error',
        reason: `${(error as Error).message}${typeof hint === 'string' ? ` (${hint})` : ''}`,
        findings: [],
        durationMs: Math.round(performance.now() - started),
      };
    }
  },
};
