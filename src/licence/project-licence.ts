import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { parseExternalJson, validateExternal } from '../core/external-data.js';
import { identifyLicenceText } from './dependencies/identify-licence-text.js';
import { normaliseLicenceField, normaliseLicenceText } from './normalise-licence.js';

export interface ProjectLicence {
  expression: string;
  source: string;
}

function fromPackageJson(root: string): ProjectLicence | undefined {
  const path = join(root, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    const manifest = parseExternalJson({
      text: readFileSync(path, 'utf8'),
      schema: z.looseObject({ license: z.unknown().optional(), licenses: z.unknown().optional() }),
      source: 'package.json',
    });
    const normalised = normaliseLicenceField(manifest.license ?? manifest.licenses);
    return normalised.expression ? { expression: normalised.expression, source: 'package.json' } : undefined;
  } catch {
    return undefined;
  }
}

function fromPyproject(root: string): ProjectLicence | undefined {
  const path = join(root, 'pyproject.toml');
  if (!existsSync(path)) return undefined;
  try {
    const data = validateExternal({
      value: parseToml(readFileSync(path, 'utf8')),
      schema: z.looseObject({ project: z.looseObject({ license: z.unknown().optional() }).optional() }),
      source: 'pyproject.toml',
    });
    const licence = data.project?.license;
    const text = typeof licence === 'string' ? licence : (licence as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') return undefined;
    const normalised = normaliseLicenceText(text);
    return normalised.expression
      ? { expression: normalised.expression, source: 'pyproject.toml' }
      : undefined;
  } catch {
    return undefined;
  }
}

function fromCargo(root: string): ProjectLicence | undefined {
  const path = join(root, 'Cargo.toml');
  if (!existsSync(path)) return undefined;
  try {
    const data = parseToml(readFileSync(path, 'utf8')) as { package?: { license?: unknown } };
    const licence = data.package?.license;
    if (typeof licence !== 'string') return undefined;
    const normalised = normaliseLicenceText(licence);
    return normalised.expression ? { expression: normalised.expression, source: 'Cargo.toml' } : undefined;
  } catch {
    return undefined;
  }
}

export function licenceFileNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^(licen[cs]e|copying|unlicense)([.-].*)?$/i.test(name))
      .sort();
  } catch {
    return [];
  }
}

function fromLicenceFile(root: string): ProjectLicence | undefined {
  for (const name of licenceFileNames(root)) {
    try {
      const found = identifyLicenceText(readFileSync(join(root, name), 'utf8'));
      if (found) return { expression: found.expression, source: name };
    } catch {
      // unreadable: try the next
    }
  }
  return undefined;
}

/** The project's own licence, from its manifests first and its LICENSE file last. */
export function readProjectLicence(root: string): ProjectLicence | undefined {
  return fromPackageJson(root) ?? fromPyproject(root) ?? fromCargo(root) ?? fromLicenceFile(root);
}
