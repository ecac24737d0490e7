import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type EnvironmentCollector, tryRead } from './collector.js';

type Dependencies = Record<string, string>;
interface PackageJson {
  dependencies?: Dependencies;
  devDependencies?: Dependencies;
  peerDependencies?: Dependencies;
  optionalDependencies?: Dependencies;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  packageManager?: string;
}

/** package.json, then whichever lockfile is present, then node_modules. */
export function readNpm(env: EnvironmentCollector): PackageJson | undefined {
  let manifest: PackageJson | undefined;
  const text = env.read('package.json');
  if (text !== undefined) {
    try {
      manifest = JSON.parse(text) as PackageJson;
    } catch (error) {
      env.warn('package.json', error);
    }
  }
  if (manifest) {
    const groups: [Dependencies | undefined, boolean][] = [
      [manifest.dependencies, false],
      [manifest.peerDependencies, false],
      [manifest.optionalDependencies, false],
      [manifest.devDependencies, true],
    ];
    for (const [group, dev] of groups) {
      for (const [name, range] of Object.entries(group ?? {})) {
        env.addPackage({ ecosystem: 'npm', name, range, declared: true, dev, source: 'package.json' });
      }
    }
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

function readPackageLock(current: EnvironmentCollector, text: string, source: string): void {
  const lock = JSON.parse(text) as {
    packages?: Record<string, { version?: string; dev?: boolean; name?: string }>;
    dependencies?: Record<string, { version?: string; dev?: boolean }>;
  };
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
  const lock = parseYaml(text) as {
    importers?: Record<string, Record<string, Record<string, { version?: string } | string>>>;
    dependencies?: Record<string, { version?: string } | string>;
    devDependencies?: Record<string, { version?: string } | string>;
    packages?: Record<string, unknown>;
  };
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
  // Classic (v1) and Berry share the shape: a header of `name@range` specs, then an indented `version`.
  const block = /^"?((?:@[^@\s"/]+\/)?[^@\s"]+)@[^\n]*:\n(?:[ \t]+[^\n]*\n)*?[ \t]+version:? "?([^"\n]+)"?/gm;
  for (const match of text.matchAll(block)) {
    current.addPackage({
      ecosystem: 'npm',
      name: match[1]!,
      version: match[2]!.trim(),
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
      const manifest = JSON.parse(readFileSync(join(base, name, 'package.json'), 'utf8')) as {
        version?: string;
      };
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
