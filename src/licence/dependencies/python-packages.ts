import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pythonSiteDirs } from '../../workspace/environment/python-site.js';
import { normaliseLicenceText, parseStrictLicence } from '../normalise-licence.js';
import { parseSpdx, writeSpdx } from '../spdx.js';
import { licenceFromClassifier } from './classifiers.js';
import { identifyLicenceText } from './identify-licence-text.js';
import { licenceFromFiles } from './licence-files.js';
import type { PackageLicence } from './package-licence.js';

/** The core-metadata headers (RFC 822 style) of METADATA / PKG-INFO, up to the body. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: { key: string; index: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const values = headers.get(last.key)!;
      values[last.index] = `${values[last.index]}\n${line.replace(/^ {0,8}\|?/, '')}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = headers.get(key) ?? [];
    values.push(value);
    headers.set(key, values);
    last = { key, index: values.length - 1 };
  }
  return headers;
}

/**
 * The site folders of the project's virtualenvs, with the base interpreter's when a virtualenv sees the
 * system's packages: the same view `vouch env` and the checks have (workspace/environment/python-site.ts).
 */
export function sitePackagesDirs(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return pythonSiteDirs(root, env).map((site) => site.dir);
}

function importNames(infoDir: string): string[] {
  try {
    return readFileSync(join(infoDir, 'top_level.txt'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.includes('/'));
  } catch {}
  // No top_level.txt (wheels built by newer tools): the first path component of each module in RECORD.
  try {
    const names = new Set<string>();
    for (const line of readFileSync(join(infoDir, 'RECORD'), 'utf8').split(/\r?\n/)) {
      const path = line.split(',')[0] ?? '';
      const first = path.split('/')[0] ?? '';
      if (
        !first ||
        first.endsWith('.dist-info') ||
        first.endsWith('.data') ||
        first === '..' ||
        first === '__pycache__'
      )
        continue;
      if (path.includes('/')) names.add(first);
      else if (first.endsWith('.py')) names.add(first.slice(0, -3));
      else if (/\.(so|pyd)$/.test(first)) names.add(first.split('.')[0]!);
    }
    return [...names];
  } catch {
    return [];
  }
}

const PLACEHOLDERS =
  /^(unknown|none|other|other\/proprietary license|license|see license( file)?|dual license)$/i;

/** A path inside the project relative to it; one outside (the system's site-packages) in full. */
function shownPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') ? path : inside;
}

/** Reads one `*.dist-info` or `*.egg-info` folder. */
export function readDistribution(infoDir: string, root: string): PackageLicence {
  const metadataFile = existsSync(join(infoDir, 'METADATA')) ? 'METADATA' : 'PKG-INFO';
  const where = shownPath(root, join(infoDir, metadataFile));
  const folderName = infoDir
    .split(/[\\/]/)
    .pop()!
    .replace(/\.(dist|egg)-info$/, '');
  let headers: Map<string, string[]>;
  try {
    headers = parseCoreMetadata(readFileSync(join(infoDir, metadataFile), 'utf8'));
  } catch {
    return {
      ecosystem: 'pypi',
      name: folderName.split('-')[0]!,
      source: where,
      problem: `${where} cannot be read`,
    };
  }
  const name = headers.get('name')?.[0] ?? folderName.split('-')[0]!;
  const version = headers.get('version')?.[0];
  const base = {
    ecosystem: 'pypi' as const,
    name,
    ...(version ? { version } : {}),
    importNames: importNames(infoDir),
    requires: runtimeRequirements(headers.get('requires-dist') ?? []),
  };
  const problems: string[] = [];

  // PEP 639: License-Expression is authoritative when present.
  const expressionHeader = headers.get('license-expression')?.[0];
  if (expressionHeader) {
    const normalised = parseStrictLicence(expressionHeader);
    if (normalised.expression)
      return { ...base, expression: normalised.expression, source: `${where} (License-Expression)` };
    problems.push(`License-Expression: ${normalised.problem}`);
  }
  const licenceHeader = headers.get('license')?.[0]?.trim();
  if (licenceHeader && !PLACEHOLDERS.test(licenceHeader)) {
    // Some projects paste the whole licence text into the field.
    const isText = licenceHeader.includes('\n') || licenceHeader.length > 120;
    const found = isText
      ? identifyLicenceText(licenceHeader)?.expression
      : normaliseLicenceText(licenceHeader).expression;
    if (found) {
      return {
        ...base,
        expression: found,
        source: `${where} (License)`,
        ...(isText ? { approximate: true } : found !== licenceHeader ? { declared: licenceHeader } : {}),
      };
    }
    problems.push(`License: "${licenceHeader.split('\n')[0]!.slice(0, 60)}" is not an SPDX expression`);
  }
  const fromClassifiers = (headers.get('classifier') ?? [])
    .map(licenceFromClassifier)
    .filter((entry) => entry !== undefined);
  if (fromClassifiers.length > 0) {
    // Several licence classifiers list the licences on offer: any one may be chosen.
    const expression = writeSpdx(
      parseSpdx([...new Set(fromClassifiers.map((entry) => entry.id))].join(' OR ')),
    );
    return {
      ...base,
      expression,
      source: `${where} (classifiers)`,
      approximate: fromClassifiers.some((entry) => entry.approximate),
    };
  }
  const declaredFiles = (headers.get('license-file') ?? []).flatMap((file) => [join('licenses', file), file]);
  const fromFile =
    licenceFromFiles(
      infoDir,
      declaredFiles.filter((file) => existsSync(join(infoDir, file))),
    ) ??
    licenceFromFiles(join(infoDir, 'licenses')) ??
    licenceFromFiles(infoDir);
  if (fromFile) {
    return {
      ...base,
      expression: fromFile.expression,
      source: `${shownPath(root, join(infoDir, fromFile.file))} (licence text)`,
      approximate: true,
    };
  }
  return {
    ...base,
    source: where,
    problem: [...problems, 'no licence in the metadata, classifiers or licence files'].join('; '),
  };
}

/**
 * `Requires-Dist` entries a plain install needs (`urllib3 (<3,>=1.21.1)`, `idna>=2.5; python_version>"3"`),
 * as PEP 503 names; entries only an extra pulls in (`; extra == "socks"`) are left out.
 */
function runtimeRequirements(entries: string[]): string[] {
  const names = new Set<string>();
  for (const entry of entries) {
    const [requirement, marker] = entry.split(';', 2);
    if (marker && /\bextra\s*==/.test(marker)) continue;
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement ?? '')?.[1];
    if (name) names.add(name.toLowerCase().replace(/[-_.]+/g, '-'));
  }
  return [...names];
}

/** Every distribution installed in the project's virtualenv(s), and the system's when a virtualenv sees them. */
export function readPythonPackages(root: string, env: NodeJS.ProcessEnv = process.env): PackageLicence[] {
  const found = new Map<string, PackageLicence>();
  for (const { dir: site, system } of pythonSiteDirs(root, env)) {
    let entries: string[] = [];
    try {
      entries = readdirSync(site);
    } catch {}
    for (const entry of entries) {
      if (!/\.(dist|egg)-info$/.test(entry)) continue;
      const licence = {
        ...readDistribution(join(site, entry), root),
        ...(system ? { systemSite: true } : {}),
      };
      const key = `${licence.name.toLowerCase()}@${licence.version ?? ''}`;
      if (!found.has(key)) found.set(key, licence);
    }
  }
  return [...found.values()];
}
