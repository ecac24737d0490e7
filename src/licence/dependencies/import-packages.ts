import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import type { LanguageId } from '../../core/languages.js';
import { PYTHON_STDLIB } from '../../core/python-stdlib.js';
import { detectEnvironment } from '../../workspace/environment/index.js';
import { type Caches, defaultCaches, readCachedPackage } from './cached-packages.js';
import { normalisePypiName } from './dependency-report.js';
import { npmPackageName, readNpmPackage } from './npm-packages.js';
import type { PackageLicence } from './package-licence.js';
import { readPythonPackages } from './python-packages.js';
import type { CodeImport } from './snippet-imports.js';

export interface ImportedPackage {
  import: CodeImport;
  licence: PackageLicence;
}

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Maps imports to the packages that provide them, with their licences: Python import names through the
 * installed distributions' top_level.txt / RECORD (`yaml` → PyYAML, `cv2` → opencv-python), npm specifiers
 * to package names, Go import paths to the go.mod module they fall under, Rust crates to Cargo.lock.
 * Standard-library imports and project-relative imports map to nothing. A package that is not installed is
 * returned with a problem, so its licence counts as unknown.
 */
export async function packagesForImports({
  root,
  language,
  imports,
  options = {},
}: {
  root: string;
  language: LanguageId;
  imports: CodeImport[];
  options?: { env?: NodeJS.ProcessEnv; caches?: Caches };
}): Promise<ImportedPackage[]> {
  const result: ImportedPackage[] = [];
  const seen = new Set<string>();
  const add = (entry: CodeImport, licence: PackageLicence): void => {
    const key = `${licence.ecosystem}:${licence.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push({ import: entry, licence });
  };
  if (language === 'python') {
    const distributions = readPythonPackages(root, options.env);
    const byImport = new Map<string, PackageLicence>();
    for (const distribution of distributions) {
      for (const name of distribution.importNames ?? [])
        if (!byImport.has(name)) byImport.set(name, distribution);
      const own = normalisePypiName(distribution.name).replace(/-/g, '_');
      if (!byImport.has(own)) byImport.set(own, distribution);
    }
    for (const entry of imports) {
      const top = entry.specifier.split('.')[0]!;
      if (PYTHON_STDLIB.has(top) || existsSync(join(root, top)) || existsSync(join(root, `${top}.py`)))
        continue;
      add(
        entry,
        byImport.get(top) ?? {
          ecosystem: 'pypi',
          name: top,
          source: 'import',
          problem: `no installed distribution provides the module "${top}"; install it in the project's virtualenv to check its licence`,
        },
      );
    }
    return result;
  }
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') {
    for (const entry of imports) {
      const name = npmPackageName(entry.specifier);
      if (!name || NODE_BUILTINS.has(name) || NODE_BUILTINS.has(entry.specifier)) continue;
      const installed = readNpmPackage(join(root, 'node_modules', name), root);
      add(
        entry,
        installed ?? {
          ecosystem: 'npm',
          name,
          source: 'import',
          problem: `${name} is not installed in node_modules; install it to check its licence`,
        },
      );
    }
    return result;
  }
  if (language !== 'go' && language !== 'rust') return result;
  const caches = options.caches ?? defaultCaches(options.env);
  const environment = await detectEnvironment(root).catch(() => undefined);
  const declared = environment?.packages ?? [];
  for (const entry of imports) {
    if (language === 'go') {
      if (!entry.specifier.split('/')[0]!.includes('.')) continue; // the standard library has no dot
      const module = declared
        .filter(
          (pkg) =>
            pkg.ecosystem === 'go' &&
            (entry.specifier === pkg.name || entry.specifier.startsWith(`${pkg.name}/`)),
        )
        .sort((a, b) => b.name.length - a.name.length)[0];
      add(
        entry,
        module
          ? readCachedPackage({ ...module, ecosystem: 'go' }, caches)
          : {
              ecosystem: 'go',
              name: entry.specifier,
              source: 'import',
              problem: 'no module in go.mod provides this import path',
            },
      );
    } else {
      const crate = declared.find(
        (pkg) => pkg.ecosystem === 'cargo' && pkg.name.replace(/-/g, '_') === entry.specifier,
      );
      add(
        entry,
        crate
          ? readCachedPackage({ ...crate, ecosystem: 'cargo' }, caches)
          : {
              ecosystem: 'cargo',
              name: entry.specifier,
              source: 'import',
              problem: 'no crate in Cargo.toml/Cargo.lock provides this name',
            },
      );
    }
  }
  return result;
}
