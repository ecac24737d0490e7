import { breakingChangesFor } from './breaking-changes.js';
import { readCargo } from './cargo.js';
import { EnvironmentCollector } from './collector.js';
import { readGo } from './go.js';
import { readJvm } from './jvm.js';
import { readNpm } from './npm.js';
import { readPython } from './python.js';
import { readStyle } from './style.js';
import { readTestFrameworks } from './test-frameworks.js';
import type { Environment } from './types.js';

/**
 * The environment of the workspace at `root`: language versions, packages (declared, pinned, installed),
 * test frameworks, style configuration and the breaking changes that matter for the versions found.
 * Reads only manifests, lockfiles and installed-package metadata at the root; never runs anything.
 * A manifest that cannot be parsed becomes a warning and the rest still counts.
 */
export async function detectEnvironment(root: string): Promise<Environment> {
  const env = new EnvironmentCollector(root);
  const manifest = readNpm(env);
  readPython(env);
  readGo(env);
  readCargo(env);
  readJvm(env);
  readTestFrameworks(env, manifest?.scripts);
  readStyle(env, manifest as Record<string, unknown> | undefined);
  const packages = [...env.packages.values()].sort(
    (a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name),
  );
  const breakingChanges = breakingChangesFor(packages, env.languages);
  return {
    root,
    languages: env.languages,
    packages,
    testFrameworks: env.testFrameworks,
    style: env.style,
    notes: breakingChanges.map((change) => `${change.name} ${change.version}: ${change.note}`),
    breakingChanges,
    warnings: env.warnings,
    manifests: env.manifests,
  };
}
