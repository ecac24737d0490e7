import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Small real projects for the check tests: a Python virtualenv with a local package installed by pip at
 * a known version (no network: `--no-index` from a directory), and a node_modules with real .d.ts files.
 * Built once per machine into a cache dir (renamed into place, so parallel test files never see half a
 * project). The folders stay private (mode 0700, as `mktemp -d` makes them): the sandbox must read a
 * project nobody else may, as root and as an ordinary user alike.
 */

function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const target = join(root, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

function cached(name: string, build: (dir: string) => void): string {
  const target = join(tmpdir(), `vouch-fixture-${name}`);
  if (existsSync(join(target, '.complete'))) return target;
  const staging = mkdtempSync(join(tmpdir(), `vouch-fixture-${name}-`));
  try {
    build(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(staging, '.complete'), '');
  try {
    renameSync(staging, target);
  } catch {
    // another test file won the race; its copy is identical
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

export const TINYCALC_VERSION = '1.4.2';

export function pythonProject(): string {
  return cached('python-v2', (dir) => {
    writeTree(dir, {
      'requirements.txt': `tinycalc==${TINYCALC_VERSION}\n`,
      'app/__init__.py': '',
      'app/util.py': 'def double(x):\n    return 2 * x\n',
      'pkgsrc/setup.py': `from setuptools import setup\nsetup(name="tinycalc", version="${TINYCALC_VERSION}", packages=["tinycalc"])\n`,
      'pkgsrc/tinycalc/__init__.py':
        'def add(a, b):\n    return a + b\n\n\ndef subtract(a, b):\n    return a - b\n\n\nclass Calculator:\n    def total(self, values):\n        return sum(values)\n\n    def average(self, values):\n        return sum(values) / len(values)\n',
    });
    // system site-packages: Debian's pytest (python3-pytest) is the project's test framework
    execFileSync('/usr/bin/python3', ['-m', 'venv', '--system-site-packages', join(dir, '.venv')]);
    execFileSync(join(dir, '.venv/bin/pip'), ['install', '-q', '--no-index', '--no-build-isolation', join(dir, 'pkgsrc')], {
      stdio: 'ignore',
    });
    rmSync(join(dir, 'pkgsrc'), { recursive: true, force: true });
  });
}

export const TYPEDLIB_VERSION = '2.1.0';

export function nodeProject(): string {
  return cached('node-v2', (dir) => {
    writeTree(dir, {
      'package.json': JSON.stringify(
        { name: 'fixture-app', version: '1.0.0', type: 'module', dependencies: { typedlib: `^${TYPEDLIB_VERSION}` } },
        null,
        2,
      ),
      'tsconfig.json': JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          include: ['src'],
        },
        null,
        2,
      ),
      'src/util.ts': 'export function double(x: number): number {\n  return 2 * x;\n}\n',
      'node_modules/typedlib/package.json': JSON.stringify({
        name: 'typedlib',
        version: TYPEDLIB_VERSION,
        main: 'index.js',
        types: 'index.d.ts',
      }),
      'node_modules/typedlib/index.js':
        'exports.formatDate = (d) => d.toISOString().slice(0, 10);\nexports.parseDate = (s) => new Date(s);\nexports.VERSION = "2.1.0";\n',
      'node_modules/typedlib/index.d.ts':
        'export declare function formatDate(date: Date): string;\nexport declare function parseDate(text: string): Date;\nexport declare const VERSION: string;\n',
      'node_modules/untypedlib/package.json': JSON.stringify({ name: 'untypedlib', version: '0.3.0', main: 'index.js' }),
      'node_modules/untypedlib/index.js': 'exports.slugify = (s) => s.toLowerCase().replace(/\\W+/g, "-");\n',
    });
  });
}

/**
 * A TypeScript project whose test framework is vitest: vouch's own installed vitest, linked into its
 * node_modules the way `npm link` or a monorepo would (the tests check mounts the link's target).
 */
export function vitestProject(): string {
  // Linked to this checkout's vitest, so cached per checkout: a project cached by a clone that was removed
  // since (a CI run's) would link to nothing, and the check would fall back to node:test.
  const vitest = join(import.meta.dirname, '../../../node_modules/vitest');
  const checkout = createHash('sha256').update(vitest).digest('hex').slice(0, 12);
  return cached(`vitest-v2-${checkout}`, (dir) => {
    writeTree(dir, {
      'package.json': JSON.stringify({ name: 'fixture-vitest', type: 'module', devDependencies: { vitest: '^4.1.0' } }),
      'src/.keep': '',
    });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(vitest, join(dir, 'node_modules/vitest'));
  });
}

/**
 * A Python project whose virtualenv has no pytest (no system site-packages, no pip): pytest-style tests
 * cannot run there, and unittest would collect nothing from them.
 */
export function noPytestProject(): string {
  return cached('no-pytest-v1', (dir) => {
    writeTree(dir, { 'requirements.txt': '', 'stats.py': '' });
    execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', join(dir, '.venv')]);
  });
}

/** A Python project without a virtualenv whose tests folder makes unittest its framework. */
export function unittestProject(): string {
  return cached('unittest-v2', (dir) => {
    writeTree(dir, { 'requirements.txt': '', 'tests/__init__.py': '', 'calc/__init__.py': '' });
  });
}

/**
 * A project with real packages installed from the npm registry (`npm install`, scripts off): the tools
 * at the versions users have, not this checkout's. Built once per machine (cached by name). Throws when
 * the registry cannot be reached; `npmFixtureUnavailable` turns that into a skip reason off CI. In CI the
 * tests reach no network: `.ci/run` installs every such project before them (`npm run test:fixtures`,
 * which sets VOUCH_INSTALL_FIXTURES), and a test that finds one missing fails instead of installing it.
 */
export function npmProject(
  name: string,
  devDependencies: Record<string, string>,
  files: Record<string, string>,
): string {
  return cached(`npm-${name}`, (dir) => {
    if (process.env.CI === 'true' && process.env.VOUCH_INSTALL_FIXTURES !== '1')
      throw new Error(
        `the npm fixture ${name} is not installed: run \`npm run test:fixtures\` before the tests (.ci/run does)`,
      );
    writeTree(dir, {
      'package.json': JSON.stringify({ name: `fixture-${name}`, type: 'module', devDependencies }, null, 2),
      ...files,
    });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
  });
}

/** vitest 2 (the major whose results cache broke every run in a read-only project), with one module. */
export function vitest2Project(): string {
  return npmProject(
    'vitest2-v1',
    { vitest: '2.1.9' },
    {
      'src/slug.ts':
        "export function slugify(text: string): string {\n  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');\n}\n",
      'src/slug.test.ts':
        "import { expect, it } from 'vitest';\nimport { slugify } from './slug';\n\nit('joins words with dashes', () => {\n  expect(slugify('Hello World')).toBe('hello-world');\n});\n\nit('trims dashes at the ends', () => {\n  expect(slugify(' Hello World! ')).toBe('hello-world');\n});\n",
    },
  );
}

/**
 * vitest 3 (the major users run: its module runner ignores VITEST_MODULE_DIRECTORIES and transformed a file
 * vitest 4 left to Node), nothing else: the caller writes its modules and tests into a copy.
 */
export function vitest3Project(): string {
  return npmProject('vitest3-v1', { vitest: '3.2.7' }, {});
}

/** The reason a registry-built fixture is missing, for a skip off CI; under CI=true it is an error. */
export function npmFixtureUnavailable(build: () => string): { dir?: string; reason?: string } {
  try {
    return { dir: build() };
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    return { reason: `npm could not install the fixture (no registry?): ${(error as Error).message.split('\n')[0]}` };
  }
}

/** jest 29 from npm, for a CommonJS project (jest runs CommonJS without a transform): the caller writes its package.json. */
export function jest29Project(): string {
  return npmProject('jest29-v1', { jest: '29.7.0' }, {});
}

/** jest and tsc at their current majors (tsc 7 is the native compiler), from the npm registry. */
export function jest30Tsc7Project(): string {
  return npmProject(
    'jest30-tsc7-v1',
    { jest: '30.5.2', typescript: '7.0.2' },
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          incremental: true,
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          noEmit: true,
        },
        include: ['src'],
      }),
      'src/count.ts': 'export const count: number = 1;\n',
      'src/count.test.js': "test('counts', () => {\n  expect(1 + 1).toBe(2);\n});\n",
    },
  );
}

/** Every project built from the npm registry, for `npm run test:fixtures` to install before the tests. */
export const NPM_FIXTURES = { vitest2Project, vitest3Project, jest29Project, jest30Tsc7Project };
