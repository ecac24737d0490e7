import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseExternalJson, validateExternal } from '../../core/external-data.js';
import { type EnvironmentCollector, normalizePypiName, tryRead } from './collector.js';
import { lazySchema } from './lazy-schema.js';
import { pythonSiteDirs } from './python-site.js';

// smol-toml loads only when there is a TOML file to read (most commands and workspaces have none).
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text);

const DEV_GROUPS = /^(?:dev|develop|development|test|tests|testing|lint|docs|typing|ci)$/i;

/** A PEP 508 requirement: name, extras, version specifier, marker. */
export function parseRequirement(
  line: string,
): { name: string; range?: string; version?: string } | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^;@#]*?)\)?\s*(?:[;@#].*)?$/.exec(
    line,
  );
  if (!match) return undefined;
  const range = match[2]!.trim().replace(/\s+/g, '');
  const pinned = /^===?([^,]+)$/.exec(range);
  return {
    name: normalizePypiName(match[1]!),
    ...(range ? { range } : {}),
    ...(pinned ? { version: pinned[1]! } : {}),
  };
}

/** pyproject.toml (PEP 621, PEP 735 groups, Poetry), requirements*.txt, the lockfiles, a virtualenv. */
export function readPython(env: EnvironmentCollector): void {
  tryRead(env, 'pyproject.toml', readPyproject);
  tryRead(env, 'Pipfile', readPipfile);
  let rootEntries: string[] = [];
  try {
    rootEntries = readdirSync(env.root);
  } catch {}
  const requirementFiles = rootEntries.filter((name) => /requirements.*\.(?:txt|in)$/i.test(name));
  for (const folder of ['requirements']) {
    try {
      for (const name of readdirSync(join(env.root, folder))) {
        if (/\.(?:txt|in)$/.test(name)) requirementFiles.push(`${folder}/${name}`);
      }
    } catch {}
  }
  for (const file of requirementFiles) tryRead(env, file, readRequirements);
  tryRead(env, 'poetry.lock', readTomlLock);
  tryRead(env, 'uv.lock', readTomlLock);
  tryRead(env, 'pdm.lock', readTomlLock);
  tryRead(env, 'Pipfile.lock', readPipfileLock);
  const pythonVersion = env.read('.python-version')?.trim().split('\n')[0];
  if (pythonVersion) env.addLanguage({ name: 'python', version: pythonVersion, source: '.python-version' });
  readInstalled(env);
  if (requirementFiles.length > 0 || env.exists('setup.py') || env.exists('setup.cfg')) {
    env.addLanguage({
      name: 'python',
      source: requirementFiles[0] ?? (env.exists('setup.py') ? 'setup.py' : 'setup.cfg'),
    });
  }
}

type Table = Record<string, unknown>;

export function readPyproject(env: EnvironmentCollector, text: string, source: string): void {
  const data = parseToml(text) as Table;
  const project = (data.project ?? {}) as Table;
  if (Object.keys(project).length > 0 || data.tool) env.addLanguage({ name: 'python', source });
  if (typeof project['requires-python'] === 'string') {
    env.addLanguage({
      name: 'python',
      version: project['requires-python'],
      source: `${source} requires-python`,
    });
  }
  const addAll = (list: unknown, dev: boolean): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string') continue;
      const requirement = parseRequirement(item);
      if (requirement) env.addPackage({ ecosystem: 'pypi', ...requirement, declared: true, dev, source });
    }
  };
  addAll(project.dependencies, false);
  for (const [group, list] of Object.entries((project['optional-dependencies'] ?? {}) as Table)) {
    addAll(list, DEV_GROUPS.test(group));
  }
  for (const [group, list] of Object.entries((data['dependency-groups'] ?? {}) as Table)) {
    addAll(list, DEV_GROUPS.test(group) || true);
  }
  const tool = (data.tool ?? {}) as Table;
  const poetry = (tool.poetry ?? {}) as Table;
  const addPoetry = (table: unknown, dev: boolean): void => {
    for (const [name, spec] of Object.entries((table ?? {}) as Table)) {
      const range =
        typeof spec === 'string'
          ? spec
          : typeof (spec as Table)?.version === 'string'
            ? ((spec as Table).version as string)
            : undefined;
      if (name.toLowerCase() === 'python') {
        env.addLanguage({
          name: 'python',
          ...(range ? { version: range } : {}),
          source: `${source} tool.poetry.dependencies.python`,
        });
        continue;
      }
      env.addPackage({
        ecosystem: 'pypi',
        name: normalizePypiName(name),
        ...(range ? { range } : {}),
        declared: true,
        dev,
        source,
      });
    }
  };
  addPoetry(poetry.dependencies, false);
  addPoetry(poetry['dev-dependencies'], true);
  for (const [group, spec] of Object.entries((poetry.group ?? {}) as Table)) {
    addPoetry((spec as Table)?.dependencies, DEV_GROUPS.test(group) || group !== 'main');
  }
  if (tool.pytest || tool['pytest.ini_options']) env.addTestFramework('pytest', `${source} [tool.pytest]`);
}

function readPipfile(env: EnvironmentCollector, text: string, source: string): void {
  const data = parseToml(text) as Table;
  for (const [section, dev] of [
    ['packages', false],
    ['dev-packages', true],
  ] as const) {
    for (const [name, spec] of Object.entries((data[section] ?? {}) as Table)) {
      const range = typeof spec === 'string' && spec !== '*' ? spec : undefined;
      env.addPackage({
        ecosystem: 'pypi',
        name: normalizePypiName(name),
        ...(range ? { range } : {}),
        declared: true,
        dev,
        source,
      });
    }
  }
  const requires = (data.requires ?? {}) as Table;
  if (typeof requires.python_version === 'string') {
    env.addLanguage({ name: 'python', version: requires.python_version, source });
  }
}

export function readRequirements(env: EnvironmentCollector, text: string, source: string): void {
  const dev = /dev|test|lint|docs/i.test(source);
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-') || line.includes('://')) continue;
    const requirement = parseRequirement(line);
    if (requirement) env.addPackage({ ecosystem: 'pypi', ...requirement, declared: true, dev, source });
  }
}

/** poetry.lock, uv.lock, pdm.lock: `[[package]]` tables with a name and version. */
const tomlLockSchema = lazySchema((z) =>
  z.looseObject({
    package: z
      .array(z.looseObject({ name: z.string().optional(), version: z.string().optional() }))
      .optional(),
  }),
);

function readTomlLock(env: EnvironmentCollector, text: string, source: string): void {
  const data = validateExternal({ value: parseToml(text), schema: tomlLockSchema(), source });
  for (const entry of data.package ?? []) {
    if (!entry.name || !entry.version) continue;
    env.addPackage({
      ecosystem: 'pypi',
      name: normalizePypiName(entry.name),
      version: entry.version,
      declared: false,
      source,
    });
  }
}

const pipfileLockSchema = lazySchema((z) =>
  z.looseObject({
    default: z.record(z.string(), z.looseObject({ version: z.string().optional() })).optional(),
    develop: z.record(z.string(), z.looseObject({ version: z.string().optional() })).optional(),
  }),
);

function readPipfileLock(env: EnvironmentCollector, text: string, source: string): void {
  const data = parseExternalJson({ text, schema: pipfileLockSchema(), source });
  for (const section of ['default', 'develop'] as const) {
    for (const [name, entry] of Object.entries(data[section] ?? {})) {
      const version = entry.version?.replace(/^==/, '');
      if (version)
        env.addPackage({
          ecosystem: 'pypi',
          name: normalizePypiName(name),
          version,
          declared: false,
          source,
        });
    }
  }
}

/**
 * Installed distributions (`<name>-<version>.dist-info`) in the project's virtualenvs and, for one made
 * with `--system-site-packages`, in its base interpreter's site folders (python-site.ts): the packages the
 * interpreter really imports.
 */
function readInstalled(env: EnvironmentCollector): void {
  for (const venv of ['.venv', 'venv', 'env', '.env-venv']) {
    const config = env.read(`${venv}/pyvenv.cfg`);
    const version = config && /^(?:version|version_info)\s*=\s*([\d.]+)/m.exec(config)?.[1];
    if (version) env.addLanguage({ name: 'python', version, source: `${venv}/pyvenv.cfg` });
  }
  for (const site of pythonSiteDirs(env.root)) {
    let entries: string[] = [];
    try {
      entries = readdirSync(site.dir);
    } catch {
      continue;
    }
    const where = site.system ? site.dir : relative(env.root, site.dir);
    for (const entry of entries) {
      const match = /^(.+?)-([^-]+)\.(?:dist-info|egg-info)$/.exec(entry);
      if (!match) continue;
      let name = match[1]!;
      try {
        // METADATA has the name as published; the folder name has it escaped.
        const metadata = readFileSync(join(site.dir, entry, 'METADATA'), 'utf8');
        name = /^Name:\s*(.+)$/m.exec(metadata)?.[1]?.trim() ?? name;
      } catch {}
      env.addPackage({
        ecosystem: 'pypi',
        name: normalizePypiName(name),
        version: match[2]!,
        declared: false,
        installed: true,
        source: `${where}/${entry}`,
      });
    }
  }
}
