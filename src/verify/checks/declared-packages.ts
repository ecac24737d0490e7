import { detectEnvironment } from '../../workspace/environment/index.js';
import type { Ecosystem } from '../../workspace/environment/types.js';

export interface DeclaredPackages {
  names: Set<string>;
  /** the manifest files they came from, for hints */
  sources: Set<string>;
}

/** PEP 503 normalisation, so `Foo_Bar` and `foo-bar` are the same distribution. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Packages the project declares (manifests it owns) for one ecosystem, from the environment reader. */
export async function declaredPackages(root: string, ecosystem: Ecosystem): Promise<DeclaredPackages> {
  const environment = await detectEnvironment(root);
  const names = new Set<string>();
  const sources = new Set<string>();
  for (const entry of environment.packages) {
    if (entry.ecosystem !== ecosystem || !entry.declared) continue;
    names.add(ecosystem === 'pypi' ? normalizePypiName(entry.name) : entry.name);
    sources.add(entry.source);
  }
  return { names, sources };
}
