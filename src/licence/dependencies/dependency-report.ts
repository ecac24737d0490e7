import { detectEnvironment } from '../../workspace/environment/index.js';
import type { LicenceCategory } from '../categories.js';
import { type Judgement, judgeExpression, judgeUnknown } from '../judge-licence.js';
import type { LicencePolicy, Verdict } from '../policy.js';
import { readProjectLicence } from '../project-licence.js';
import { type Caches, defaultCaches, readCachedPackage } from './cached-packages.js';
import { readNpmPackages } from './npm-packages.js';
import type { PackageLicence } from './package-licence.js';
import { readPythonPackages } from './python-packages.js';
import { unusedSystemPackages } from './unused-system-packages.js';

export interface JudgedPackage extends PackageLicence {
  category: LicenceCategory;
  verdict: Verdict;
  /** why this verdict: which licence and which rule decided */
  reason: string;
}

export interface DependencyReport {
  root: string;
  /** the project's own licence and where it was read (it widens what copyleft is acceptable) */
  project?: { expression: string; source: string };
  packages: JudgedPackage[];
  /**
   * packages a `--system-site-packages` virtualenv sees from the system that the project neither declares
   * nor imports (nor needs through one that it does): judged for information, listed apart, and not
   * counted in `summary` (unused-system-packages.ts)
   */
  unused: JudgedPackage[];
  summary: Record<Verdict, number>;
  /** manifests that could not be read; the rest of the report still counts */
  warnings: string[];
  /** the dependency manifests and lockfiles read; none: nothing said which packages the project uses */
  manifests: string[];
}

export interface DependencyReportOptions {
  env?: NodeJS.ProcessEnv;
  caches?: Caches;
}

/** PEP 503: the comparable form of a PyPI name. */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function key(ecosystem: string, name: string): string {
  return `${ecosystem}:${ecosystem === 'pypi' ? normalisePypiName(name) : name}`;
}

/** The policy with the project's own licence filled in from its manifests when the config names none. */
export function withProjectLicence(policy: LicencePolicy, root: string): LicencePolicy {
  if (policy.project) return policy;
  const found = readProjectLicence(root);
  return found ? { ...policy, project: found.expression, projectSource: found.source } : policy;
}

export function judgePackage(pkg: PackageLicence, policy: LicencePolicy): JudgedPackage {
  const override = policy.packages[pkg.name] ?? policy.packages[`${pkg.ecosystem}:${pkg.name}`];
  let judgement: Judgement;
  if (override) {
    const base = pkg.expression ? judgeExpression(pkg.expression, policy) : judgeUnknown(policy, '');
    judgement = {
      verdict: override,
      category: base.category,
      reason: `[licence.packages] sets ${pkg.name} to ${override}`,
    };
  } else if (pkg.expression) {
    judgement = judgeExpression(pkg.expression, policy);
  } else {
    judgement = judgeUnknown(policy, `licence unknown: ${pkg.problem ?? 'nothing declared'}`);
  }
  return { ...pkg, ...judgement };
}

/**
 * Every dependency's licence and verdict: what is installed (node_modules, the virtualenv) read in full,
 * plus what detectEnvironment finds declared in manifests and lockfiles (Go, Cargo, Maven from the local
 * caches; npm/PyPI packages that are declared but not installed are reported as unknown).
 */
export async function dependencyReport(
  root: string,
  policyIn: LicencePolicy,
  options: DependencyReportOptions = {},
): Promise<DependencyReport> {
  const policy = withProjectLicence(policyIn, root);
  const caches = options.caches ?? defaultCaches(options.env);
  const warnings: string[] = [];
  const installed = [...readNpmPackages(root), ...readPythonPackages(root, options.env)];
  const byName = new Map<string, PackageLicence[]>();
  for (const pkg of installed) {
    const list = byName.get(key(pkg.ecosystem, pkg.name)) ?? [];
    list.push(pkg);
    byName.set(key(pkg.ecosystem, pkg.name), list);
  }
  const all: PackageLicence[] = [...installed];
  const declaredPypi = new Set<string>();
  const manifests: string[] = [];
  try {
    const environment = await detectEnvironment(root);
    warnings.push(...environment.warnings);
    manifests.push(...environment.manifests);
    for (const declared of environment.packages) {
      if (declared.ecosystem === 'pypi' && declared.declared)
        declaredPypi.add(normalisePypiName(declared.name));
      if (declared.ecosystem === 'npm' || declared.ecosystem === 'pypi') {
        const matches = byName.get(key(declared.ecosystem, declared.name));
        if (matches) {
          for (const match of matches) if (declared.dev) match.dev = true;
          continue;
        }
        if (!declared.declared) continue; // a lockfile entry for something not installed: the declared parent is reported
        all.push({
          ecosystem: declared.ecosystem,
          name: declared.name,
          ...(declared.version ? { version: declared.version } : {}),
          ...(declared.dev ? { dev: true } : {}),
          source: declared.source,
          problem: `declared in ${declared.source} but not installed, so its licence cannot be read; install dependencies and run again`,
        });
        continue;
      }
      all.push(readCachedPackage({ ...declared, ecosystem: declared.ecosystem }, caches));
    }
  } catch (error) {
    warnings.push(`could not read the project's manifests: ${(error as Error).message}`);
  }
  const unusedSet = await unusedSystemPackages(root, installed, declaredPypi);
  const judged = all
    .map((pkg) => ({ pkg, judged: judgePackage(pkg, policy) }))
    .sort(
      (a, b) =>
        a.judged.ecosystem.localeCompare(b.judged.ecosystem) || a.judged.name.localeCompare(b.judged.name),
    );
  const packages = judged.filter(({ pkg }) => !unusedSet.has(pkg)).map(({ judged }) => judged);
  const unused = judged.filter(({ pkg }) => unusedSet.has(pkg)).map(({ judged }) => judged);
  const summary: Record<Verdict, number> = { allow: 0, review: 0, deny: 0 };
  for (const pkg of packages) summary[pkg.verdict]++;
  return {
    root,
    ...(policy.project
      ? { project: { expression: policy.project, source: policy.projectSource ?? 'unknown' } }
      : {}),
    packages,
    unused,
    summary,
    warnings,
    manifests,
  };
}
