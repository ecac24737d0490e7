import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseExternalJson, validateExternal } from '../../core/external-data.js';
import { type EnvironmentCollector, tryRead } from './collector.js';
import { lazySchema } from './lazy-schema.js';

// The lockfile parsers load only for a workspace that has such a lockfile (≈ 60 ms of start-up otherwise).
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);
const parseSyml = (text: string): unknown =>
  (require('@yarnpkg/parsers') as typeof import('@yarnpkg/parsers')).parseSyml(text);

const schemas = lazySchema((z) => {
  const dependencies = z.record(z.string(), z.string()).optional();
  const lockEntry = z.looseObject({ version: z.string().optional(), dev: z.boolean().optional() });
  const pnpmPin = z.union([z.string(), z.looseObject({ version: z.string().optional() })]);
  const pnpmGroup = z.record(z.string(), pnpmPin).optional();
  return {
    /** The fields of package.json read here; the rest is kept for the style reader (eslintConfig, prettier). */
    packageJson: z.looseObject({
      dependencies,
      devDependencies: dependencies,
      peerDependencies: dependencies,
      optionalDependencies: dependencies,
      engines: z.looseObject({ node: z.string().optional() }).optional(),
      scripts: z.record(z.string(), z.string()).optional(),
      packageManager: z.string().optional(),
    }),
    packageLock: z.looseObject({
      /** lockfile v2/v3: keyed by install path */
      packages: z.record(z.string(), lockEntry).optional(),
      /** lockfile v1: keyed by name */
      dependencies: z.record(z.string(), lockEntry).optional(),
    }),
    pnpmLock: z.looseObject({
      importers: z
        .record(z.string(), z.looseObject({ dependencies: pnpmGroup, devDependencies: pnpmGroup }))
        .optional(),
      dependencies: pnpmGroup,
      devDependencies: pnpmGroup,
      packages: z.record(z.string(), z.unknown()).nullish(),
    }),
    /** yarn.lock, classic and Berry alike once parsed: descriptor list → entry (plus Berry's `__metadata`). */
    yarnLock: z.record(z.string(), z.looseObject({ version: z.unknown().optional() })),
    installedManifest: z.looseObject({ version: z.string().optional().catch(undefined) }),
  };
});
type PackageJson = z.infer<ReturnType<typeof schemas>['packageJson']>;
type Dependencies = NonNullable<PackageJson['dependencies']>;

/** package.json, then whichever lockfile is present, then node_modules. */
export function readNpm(env: EnvironmentCollector): PackageJson | undefined {
  let manifest: PackageJson | undefined;
  const text = env.read('package.json');
  if (text !== undefined) {
    try {
      manifest = parseExternalJson({ text, schema: schemas().packageJson, source: 'package.json' });
    } catch (error) {
      env.warn('package.json', error);
    }
  }
  if (manifest) {
    env.manifests.push('package.json');
    addDeclared(env, manifest, 'package.json');
    env.addLanguage({ name: 'javascript', source: 'package.json' });
    if (manifest.engines?.node) {
      env.addLanguage({ name: 'node', version: manifest.engines.node, source: 'package.json engines.node' });
    }
  }
  for (const file of ['.nvmrc', '.node-version']) {
    const version = env.read(file)?.trim();
    if (version) env.addLanguage({ name: 'node', version: version.replace(/^v/, ''), source: file });
  }
  tryRead(env, 'package-lock.json', readPackageLock);
  tryRead(env, 'npm-shrinkwrap.json', readPackageLock);
  tryRead(env, 'pnpm-lock.yaml', readPnpmLock);
  tryRead(env, 'yarn.lock', readYarnLock);
  readNodeModules(env);
  return manifest;
}

function addDeclared(env: EnvironmentCollector, manifest: PackageJson, source: string): void {
  const groups: [Dependencies | undefined, boolean][] = [
    [manifest.dependencies, false],
    [manifest.peerDependencies, false],
    [manifest.optionalDependencies, false],
    [manifest.devDependencies, true],
  ];
  for (const [group, dev] of groups) {
    for (const [name, range] of Object.entries(group ?? {})) {
      env.addPackage({ ecosystem: 'npm', name, range, declared: true, dev, source });
    }
  }
}

/** The packages a package.json's text declares (its four dependency groups); throws when it is not valid. */
export function readPackageJsonText(env: EnvironmentCollector, text: string, source: string): void {
  addDeclared(env, parseExternalJson({ text, schema: schemas().packageJson, source }), source);
}

function readPackageLock(current: EnvironmentCollector, text: string, source: string): void {
  const lock = parseExternalJson({ text, schema: schemas().packageLock, source });
  if (lock.packages) {
    for (const [key, entry] of Object.entries(lock.packages)) {
      // Only the top-level install tree: nested copies are other packages' private versions.
      const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
      if (!match || !entry.version) continue;
      current.addPackage({
        ecosystem: 'npm',
        name: match[1]!,
        version: entry.version,
        declared: false,
        source,
      });
    }
  } else if (lock.dependencies) {
    for (const [name, entry] of Object.entries(lock.dependencies)) {
      if (entry.version)
        current.addPackage({ ecosystem: 'npm', name, version: entry.version, declared: false, source });
    }
  }
}

function readPnpmLock(current: EnvironmentCollector, text: string, source: string): void {
  const lock = validateExternal({ value: parseYaml(text), schema: schemas().pnpmLock, source });
  const pinned = (value: { version?: string } | string): string | undefined => {
    const raw = typeof value === 'string' ? value : value.version;
    return raw?.replace(/\(.*$/, '');
  };
  const groups = [
    lock.importers?.['.']?.dependencies,
    lock.importers?.['.']?.devDependencies,
    lock.dependencies,
    lock.devDependencies,
  ];
  for (const group of groups) {
    for (const [name, value] of Object.entries(group ?? {})) {
      const version = pinned(value);
      if (version) current.addPackage({ ecosystem: 'npm', name, version, declared: false, source });
    }
  }
  for (const key of Object.keys(lock.packages ?? {})) {
    // v9: `name@1.2.3`, v6: `/name@1.2.3`, v5: `/name/1.2.3`; peer suffixes in parentheses or after `_`.
    const match = /^\/?((?:@[^/@]+\/)?[^/@]+)[@/](\d[^(_]*)/.exec(key);
    if (match)
      current.addPackage({ ecosystem: 'npm', name: match[1]!, version: match[2]!, declared: false, source });
  }
}

function readYarnLock(current: EnvironmentCollector, text: string, source: string): void {
  // Classic (v1) and Berry both parse to `"name@range, name@other-range": { version, ... }`; Berry's ranges
  // carry a protocol (`lodash@npm:^4.17.21`) and it adds a `__metadata` entry.
  const lock = validateExternal({ value: parseSyml(text), schema: schemas().yarnLock, source });
  for (const [descriptors, entry] of Object.entries(lock)) {
    if (descriptors === '__metadata' || typeof entry.version !== 'string') continue;
    const first = descriptors.split(',')[0]!.trim();
    const at = first.indexOf('@', first.startsWith('@') ? 1 : 0);
    if (at <= 0) continue;
    current.addPackage({
      ecosystem: 'npm',
      name: first.slice(0, at),
      version: entry.version.trim(),
      declared: false,
      source,
    });
  }
}

function readNodeModules(env: EnvironmentCollector): void {
  const base = join(env.root, 'node_modules');
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      try {
        for (const inner of readdirSync(join(base, entry))) names.push(`${entry}/${inner}`);
      } catch {}
    } else names.push(entry);
  }
  for (const name of names) {
    try {
      const manifest = parseExternalJson({
        text: readFileSync(join(base, name, 'package.json'), 'utf8'),
        schema: schemas().installedManifest,
        source: `node_modules/${name}/package.json`,
      });
      if (manifest.version) {
        env.addPackage({
          ecosystem: 'npm',
          name,
          version: manifest.version,
          declared: false,
          installed: true,
          source: `node_modules/${name}/package.json`,
        });
      }
    } catch {}
  }
}
