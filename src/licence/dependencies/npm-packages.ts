import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { normaliseLicenceField } from '../normalise-licence.js';
import { licenceFromFiles } from './licence-files.js';
import type { PackageLicence } from './package-licence.js';

/** An installed package's manifest: the fields read here, each checked where it is used. */
const manifestSchema = z.looseObject({
  name: z.unknown().optional(),
  version: z.unknown().optional(),
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
});
type Manifest = z.infer<typeof manifestSchema>;

/** Reads one installed npm package's licence: the manifest field, else its LICENSE file. */
export function readNpmPackage(dir: string, root: string): PackageLicence | undefined {
  const manifestPath = join(dir, 'package.json');
  const where = relative(root, manifestPath) || manifestPath;
  let manifest: Manifest;
  try {
    manifest = parseExternalJson({
      text: readFileSync(manifestPath, 'utf8'),
      schema: manifestSchema,
      source: where,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const name = relative(join(root, 'node_modules'), dir);
    return {
      ecosystem: 'npm',
      name,
      source: where,
      problem: `${where} is not valid JSON; reinstall the package`,
    };
  }
  const name = typeof manifest.name === 'string' ? manifest.name : relative(join(root, 'node_modules'), dir);
  const version = typeof manifest.version === 'string' ? manifest.version : undefined;
  const base = { ecosystem: 'npm' as const, name, version };
  const field = manifest.license !== undefined ? 'license' : 'licenses';
  const raw = manifest.license ?? manifest.licenses;
  const normalised = normaliseLicenceField(raw);
  const declared = typeof raw === 'string' ? raw : raw === undefined ? undefined : JSON.stringify(raw);
  if (normalised.expression) {
    return {
      ...base,
      expression: normalised.expression,
      ...(declared && declared !== normalised.expression ? { declared } : {}),
      source: `${where} (${field})`,
    };
  }
  const fromFile = licenceFromFiles(dir, normalised.seeFile ? [normalised.seeFile] : undefined);
  if (fromFile) {
    return {
      ...base,
      expression: fromFile.expression,
      ...(declared ? { declared } : {}),
      source: `${relative(root, join(dir, fromFile.file))} (licence text)`,
      approximate: true,
      ...(normalised.problem && raw !== undefined ? { problem: normalised.problem } : {}),
    };
  }
  return {
    ...base,
    ...(declared ? { declared } : {}),
    source: where,
    problem: normalised.seeFile
      ? `${where} says SEE LICENSE IN ${normalised.seeFile}, and that file names no licence vouch recognises`
      : `${normalised.problem ?? 'no licence'}, and no LICENSE file names a licence vouch recognises`,
  };
}

function packageDirs(nodeModules: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(nodeModules);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of safeList(join(nodeModules, entry))) dirs.push(join(nodeModules, entry, scoped));
    } else dirs.push(join(nodeModules, entry));
  }
  return dirs;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

/**
 * Every package installed under `root/node_modules`, nested copies included (a nested copy is a different
 * version with its own licence). One entry per name@version.
 */
export function readNpmPackages(root: string): PackageLicence[] {
  const found = new Map<string, PackageLicence>();
  const queue = [join(root, 'node_modules')];
  while (queue.length > 0) {
    const nodeModules = queue.shift()!;
    for (const dir of packageDirs(nodeModules)) {
      const licence = readNpmPackage(dir, root);
      if (licence) {
        const key = `${licence.name}@${licence.version ?? ''}`;
        if (!found.has(key)) found.set(key, licence);
      }
      const nested = join(dir, 'node_modules');
      if (existsSync(nested)) queue.push(nested);
    }
  }
  return [...found.values()];
}

/** The package an import specifier names: `@scope/name/sub` → `@scope/name`, `lodash/fp` → `lodash`. */
export function npmPackageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  if (/^[a-z]+:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}
