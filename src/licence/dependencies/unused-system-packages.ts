import { readFile } from 'node:fs/promises';
import { listWorkspaceFiles } from '../../workspace/files.js';
import type { PackageLicence } from './package-licence.js';
import { importsOf } from './snippet-imports.js';

/** PEP 503: the comparable form of a PyPI name. */
function pypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The packages a `--system-site-packages` virtualenv sees from the base interpreter (Debian's dist-packages:
 * hundreds of them, GPL ones among them) that the project does not use: not declared in its manifests, not
 * imported by any of its Python files, and not required (`Requires-Dist`, transitively) by a package that
 * is. Their licences say nothing about the project, so the report lists them apart instead of judging the
 * project by them. Packages installed in the virtualenv itself are never set apart: someone put them there.
 */
export async function unusedSystemPackages(
  root: string,
  installed: readonly PackageLicence[],
  declared: ReadonlySet<string>,
): Promise<Set<PackageLicence>> {
  const python = installed.filter((pkg) => pkg.ecosystem === 'pypi');
  if (!python.some((pkg) => pkg.systemSite)) return new Set();
  const byName = new Map<string, PackageLicence[]>();
  const byImport = new Map<string, PackageLicence[]>();
  const add = (map: Map<string, PackageLicence[]>, key: string, pkg: PackageLicence) =>
    map.set(key, [...(map.get(key) ?? []), pkg]);
  for (const pkg of python) {
    add(byName, pypiName(pkg.name), pkg);
    for (const name of new Set([...(pkg.importNames ?? []), pypiName(pkg.name).replace(/-/g, '_')]))
      add(byImport, name, pkg);
  }
  const used = new Set<PackageLicence>();
  const pending: PackageLicence[] = [];
  const use = (pkg: PackageLicence) => {
    if (used.has(pkg)) return;
    used.add(pkg);
    pending.push(pkg);
  };
  for (const pkg of python) if (!pkg.systemSite || declared.has(pypiName(pkg.name))) use(pkg);
  for (const top of await importedTopLevelNames(root)) for (const pkg of byImport.get(top) ?? []) use(pkg);
  while (pending.length > 0) {
    const pkg = pending.pop() as PackageLicence;
    for (const name of pkg.requires ?? []) for (const required of byName.get(name) ?? []) use(required);
  }
  return new Set(python.filter((pkg) => !used.has(pkg)));
}

/** The top-level modules the project's Python files import (`numpy.linalg` → `numpy`). */
async function importedTopLevelNames(root: string): Promise<Set<string>> {
  const names = new Set<string>();
  const files = (await listWorkspaceFiles(root)).filter((file) => file.language === 'python');
  for (const file of files) {
    let code: string;
    try {
      code = await readFile(file.absolutePath, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    for (const entry of await importsOf(code, 'python')) names.add(entry.specifier.split('.')[0] as string);
  }
  return names;
}
