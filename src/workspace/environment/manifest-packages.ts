import { EnvironmentCollector } from './collector.js';
import { readPackageJsonText } from './npm.js';
import { readPyproject, readRequirements } from './python.js';
import type { EnvironmentPackage } from './types.js';

type Reader = (env: EnvironmentCollector, text: string, source: string) => void;

/**
 * The reader of a dependency manifest at this workspace-relative path, as `detectEnvironment` finds them:
 * `package.json`, `pyproject.toml` and `requirements*.txt|in` at the root, `requirements/*.txt|in`.
 */
function readerFor(path: string): Reader | undefined {
  const normal = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (normal === 'package.json') return readPackageJsonText;
  if (normal === 'pyproject.toml') return readPyproject;
  if (/^requirements[^/]*\.(?:txt|in)$/i.test(normal) || /^requirements\/[^/]+\.(?:txt|in)$/.test(normal))
    return readRequirements;
  return undefined;
}

/** Whether the file at this workspace-relative path declares the project's dependencies. */
export function isDependencyManifest(path: string): boolean {
  return readerFor(path) !== undefined;
}

/**
 * The packages a manifest's text declares, read by the same readers as `detectEnvironment` (so a change's
 * manifest can be read before and after without touching the disk). Throws when the text cannot be
 * parsed; `[]` for a path that is no dependency manifest.
 */
export function declaredPackages(path: string, text: string): EnvironmentPackage[] {
  const reader = readerFor(path);
  if (!reader) return [];
  const env = new EnvironmentCollector('');
  reader(env, text, path.replace(/\\/g, '/').replace(/^\.\//, ''));
  return [...env.packages.values()].filter((found) => found.declared);
}
