import { join } from 'node:path';
import type { CheckResult, Finding } from '../core/check.js';
import { declaredPackages, type EnvironmentPackage } from '../workspace/environment/index.js';
import { judgePackage, normalisePypiName, withProjectLicence } from './dependencies/dependency-report.js';
import { readNpmPackage } from './dependencies/npm-packages.js';
import type { PackageLicence } from './dependencies/package-licence.js';
import { readPythonPackages } from './dependencies/python-packages.js';
import { loadLicencePolicy } from './policy.js';

/** A dependency manifest as a change leaves it: its text before ('' when the change creates it) and after. */
export interface ManifestChange {
  path: string;
  before: string;
  after: string;
}

const key = (found: EnvironmentPackage) =>
  `${found.ecosystem}:${found.ecosystem === 'pypi' ? normalisePypiName(found.name) : found.name}`;

/** The line of the manifest's new text that names the package (1 when none does, e.g. a TOML table). */
function lineOf(text: string, name: string): number {
  const lines = text.split('\n');
  const wanted = name.toLowerCase();
  const plain = (line: string) => line.toLowerCase().replace(/[-_.]+/g, '-');
  const index = lines.findIndex(
    (line) =>
      line.toLowerCase().includes(`"${wanted}"`) ||
      new RegExp(`^\\s*["']?${plain(wanted).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(plain(line)),
  );
  return index >= 0 ? index + 1 : 1;
}

/** The installed package's licence, or an entry saying why it cannot be read. */
function installedLicence(
  root: string,
  found: EnvironmentPackage,
  python: () => PackageLicence[],
): PackageLicence {
  if (found.ecosystem === 'npm') {
    const installed = readNpmPackage(join(root, 'node_modules', found.name), root);
    if (installed) return installed;
  } else {
    const wanted = normalisePypiName(found.name);
    const installed = python().find((pkg) => normalisePypiName(pkg.name) === wanted);
    if (installed) return installed;
  }
  return {
    ecosystem: found.ecosystem,
    name: found.name,
    ...(found.version ? { version: found.version } : {}),
    source: found.source,
    problem: `${found.name} is not installed${found.ecosystem === 'npm' ? ' in node_modules' : " in the project's virtualenv"}, so its licence cannot be read; install it and ask again`,
  };
}

/**
 * The licence check on the dependencies a change declares in the project's manifests (`package.json`,
 * `pyproject.toml`, `requirements*.txt`): every package the new text declares that the old one did not is
 * judged like a package an added import brings in (`licenceCheck`: the installed package's licence, the
 * `[licence]` policy, the project's own licence). A denied licence blocks; one the policy sends to review
 * is a finding; a package whose licence cannot be read (not installed, nothing declared) is a check that
 * could not run — the change is not verified, never passed. `undefined` when the change declares nothing new.
 */
export function addedDependenciesCheck({
  root,
  config,
  manifests,
  options = {},
}: {
  root: string;
  config: Record<string, unknown>;
  manifests: readonly ManifestChange[];
  options?: { env?: NodeJS.ProcessEnv };
}): CheckResult | undefined {
  const started = performance.now();
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  const problems: string[] = [];
  const judged: unknown[] = [];
  let python: PackageLicence[] | undefined;
  const pythonPackages = () => (python ??= readPythonPackages(root, options.env));
  let policy: ReturnType<typeof withProjectLicence> | undefined;
  let any = false;
  for (const manifest of manifests) {
    let before: EnvironmentPackage[];
    let after: EnvironmentPackage[];
    try {
      before = manifest.before ? declaredPackages(manifest.path, manifest.before) : [];
      after = declaredPackages(manifest.path, manifest.after);
    } catch (error) {
      any = true;
      problems.push(
        `${manifest.path} cannot be read after the change (${(error as Error).message.split('\n')[0]})`,
      );
      continue;
    }
    const old = new Set(before.map(key));
    for (const found of after.filter((entry) => !old.has(key(entry)))) {
      any = true;
      policy ??= withProjectLicence(loadLicencePolicy(config), root);
      const licence = installedLicence(root, found, pythonPackages);
      const verdict = judgePackage(licence, policy);
      const overridden = Boolean(
        policy.packages[licence.name] ?? policy.packages[`${licence.ecosystem}:${licence.name}`],
      );
      judged.push({ manifest: manifest.path, ...verdict });
      const line = lineOf(manifest.after, found.name);
      const what = `${manifest.path} adds ${licence.ecosystem} package ${licence.name}${licence.version ? ` ${licence.version}` : ''}`;
      if (!licence.expression && !overridden) {
        unreadable.push(`${licence.name} (${licence.problem ?? 'no licence declared'})`);
        findings.push({
          ruleId: 'licence.dependency-unknown',
          file: manifest.path,
          line,
          column: 1,
          severity: 'medium',
          message: `${what}, whose licence cannot be read: ${licence.problem ?? 'nothing declared'}`,
          hint: 'install the dependency (so its licence can be read) and ask again, or set its verdict in [licence.packages] once reviewed',
        });
        continue;
      }
      if (verdict.verdict === 'allow') continue;
      const denied = verdict.verdict === 'deny';
      findings.push({
        ruleId: denied ? 'licence.dependency-denied' : 'licence.dependency-review',
        file: manifest.path,
        line,
        column: 1,
        severity: denied ? 'high' : 'low',
        message: `${what} under ${licence.expression ?? 'an unknown licence'}: ${verdict.reason}`,
        hint: denied
          ? 'use a package under a licence the policy allows, or change [licence] in vouch.toml if your project may accept it'
          : 'check the licence before shipping; list it in [licence] allow or [licence.packages] once reviewed',
      });
    }
  }
  if (!any) return undefined;
  const blocking = findings.some((finding) => finding.ruleId === 'licence.dependency-denied');
  const couldNot = [
    ...problems,
    ...(unreadable.length ? [`the licence of ${unreadable.join(', ')} cannot be read`] : []),
  ];
  return {
    name: 'licence',
    status: blocking ? 'fail' : couldNot.length > 0 ? 'error' : 'pass',
    findings,
    durationMs: Math.round(performance.now() - started),
    blocking,
    ...(couldNot.length > 0 ? { reason: couldNot.join('; ') } : {}),
    details: { dependencies: judged },
  };
}
