import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { normaliseLicenceText } from '../normalise-licence.js';
import { licenceFromFiles } from './licence-files.js';
import type { PackageLicence } from './package-licence.js';

/**
 * Packages that are declared but not installed in the project tree: Go modules, Cargo crates, Maven
 * artefacts (the list comes from detectEnvironment's reading of go.mod, Cargo.lock and pom.xml/Gradle).
 * Their licences are read from the local caches when the package is there (Go's module cache, Cargo's
 * registry sources, the ~/.m2 repository) and reported as unknown otherwise: vouch never fetches anything.
 */
export interface Caches {
  goModCache: string;
  cargoRegistrySrc: string;
  mavenRepository: string;
}

export function defaultCaches(env: NodeJS.ProcessEnv = process.env): Caches {
  const home = homedir();
  const goPath = env.GOPATH?.split(':')[0] ?? join(home, 'go');
  return {
    goModCache: env.GOMODCACHE ?? join(goPath, 'pkg', 'mod'),
    cargoRegistrySrc: join(env.CARGO_HOME ?? join(home, '.cargo'), 'registry', 'src'),
    mavenRepository: join(home, '.m2', 'repository'),
  };
}

function notCached(base: Omit<PackageLicence, 'source'>, manifest: string, cache: string): PackageLicence {
  return { ...base, source: manifest, problem: `not installed and not in ${cache}; its licence is unknown` };
}

/** Go's module cache escapes upper-case letters as `!` + lower case. */
function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);
}

/** What detectEnvironment says about a package, as far as the licence reader needs it. */
export interface DeclaredPackage {
  ecosystem: 'go' | 'cargo' | 'maven';
  name: string;
  version?: string;
  dev?: boolean;
  source: string;
}

/** The licence of a declared Go module, Cargo crate or Maven artefact, from the local caches. */
export function readCachedPackage(pkg: DeclaredPackage, caches: Caches): PackageLicence {
  const base = {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    ...(pkg.version ? { version: pkg.version } : {}),
    ...(pkg.dev ? { dev: true } : {}),
  };
  if (!pkg.version) {
    return {
      ...base,
      source: pkg.source,
      problem: `${pkg.source} gives no exact version, so the cached copy cannot be found; its licence is unknown`,
    };
  }
  if (pkg.ecosystem === 'go') {
    const dir = join(caches.goModCache, `${escapeModulePath(pkg.name)}@${pkg.version}`);
    if (!existsSync(dir)) return notCached(base, pkg.source, 'the Go module cache');
    const found = licenceFromFiles(dir);
    if (found)
      return {
        ...base,
        expression: found.expression,
        source: `${join(dir, found.file)} (licence text)`,
        approximate: true,
      };
    return { ...base, source: dir, problem: 'no licence file vouch recognises in the module cache copy' };
  }
  if (pkg.ecosystem === 'cargo') {
    let registries: string[] = [];
    try {
      registries = readdirSync(caches.cargoRegistrySrc).map((name) => join(caches.cargoRegistrySrc, name));
    } catch {}
    const dir = registries
      .map((registry) => join(registry, `${pkg.name}-${pkg.version}`))
      .find((path) => existsSync(path));
    return dir ? readCrateManifest(dir, base) : notCached(base, pkg.source, 'the Cargo registry cache');
  }
  const [group, artifact] = pkg.name.split(':');
  if (!group || !artifact)
    return { ...base, source: pkg.source, problem: `"${pkg.name}" is not group:artifact` };
  const file = join(
    caches.mavenRepository,
    ...group.split('.'),
    artifact,
    pkg.version,
    `${artifact}-${pkg.version}.pom`,
  );
  if (!existsSync(file)) return notCached(base, pkg.source, '~/.m2/repository');
  return readPomLicences(
    file,
    base,
    new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'license' }),
  );
}

function readCrateManifest(dir: string, base: Omit<PackageLicence, 'source'>): PackageLicence {
  const manifest = join(dir, 'Cargo.toml');
  try {
    const data = parseToml(readFileSync(manifest, 'utf8')) as {
      package?: { license?: unknown; 'license-file'?: unknown };
    };
    const licence = data.package?.license;
    if (typeof licence === 'string') {
      const normalised = normaliseLicenceText(licence);
      if (normalised.expression)
        return { ...base, expression: normalised.expression, source: `${manifest} (license)` };
      return { ...base, declared: licence, source: manifest, problem: normalised.problem! };
    }
    const file = data.package?.['license-file'];
    const found = licenceFromFiles(dir, typeof file === 'string' ? [file] : undefined);
    if (found)
      return {
        ...base,
        expression: found.expression,
        source: `${join(dir, found.file)} (licence text)`,
        approximate: true,
      };
  } catch {}
  return { ...base, source: manifest, problem: 'no licence in the crate manifest or its licence files' };
}

function readPomLicences(
  file: string,
  base: Omit<PackageLicence, 'source'>,
  parser: XMLParser,
): PackageLicence {
  try {
    const data = parser.parse(readFileSync(file, 'utf8')) as {
      project?: { licenses?: { license?: { name?: string }[] } };
    };
    const names = (data.project?.licenses?.license ?? [])
      .map((licence) => licence.name)
      .filter((name): name is string => typeof name === 'string');
    const normalised = names.map((name) => normaliseLicenceText(name));
    if (names.length > 0 && normalised.every((entry) => entry.expression)) {
      // A POM listing several licences offers them as alternatives.
      const expression = normalised.map((entry) => `(${entry.expression})`).join(' OR ');
      return {
        ...base,
        expression: normaliseLicenceText(expression).expression ?? expression,
        declared: names.join(' / '),
        source: `${file} (licenses)`,
      };
    }
    if (names.length > 0)
      return {
        ...base,
        declared: names.join(' / '),
        source: file,
        problem: `cannot map "${names.join(' / ')}" to SPDX`,
      };
  } catch {}
  return { ...base, source: file, problem: 'the cached POM declares no licence' };
}
