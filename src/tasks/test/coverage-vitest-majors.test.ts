import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { npmFixtureUnavailable, vitest2Project, vitest3Project } from '../../verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { measureCoverage } from './coverage.js';
import { foldersDown, unreadableCopies } from './node-coverage.js';
import { readTarget } from './target.js';

/**
 * vitest coverage on the majors users run (w240): vitest 3 (and 2) never read VITEST_MODULE_DIRECTORIES,
 * so they ran their own transform of vouch's copy of the target, and its counts, read against vouch's
 * text, called an uncalled function run. Each case here has a function no test calls: its lines must be
 * named missing, or the measure must say it could not be made.
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const context = (root: string) => ({ workspaceRoot: root, config: {} });

/**
 * A project of `files` with the fixture's node_modules as a folder of its own (hard links: cheap, and
 * vitest 2 writes its results cache inside it, which the sandbox allows only in a real folder).
 */
function projectWith(fixture: string, files: Record<string, string>): string {
  const root = tempProject('vouch-cov-major-', files, made);
  execFileSync('cp', ['-al', join(fixture, 'node_modules'), join(root, 'node_modules')]);
  return root;
}

/** This repository's vitest 4, linked as a monorepo would. */
function vitest4With(files: Record<string, string>): string {
  const root = tempProject('vouch-cov-major-', files, made);
  symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** w231's project: vitest 3.2.7, tests in tests/, a function no test calls with a `require` inside. */
const CART_TS = `export interface Item {
  price: number;
}

export function snake_total(items: Item[]): number {
  let sum = 0;
  for (const item of items) sum += item.price;
  return sum;
}

export function run_it(command: string): void {
  require('child_process').execSync(command);
}
`;
const CART_SUITE = `import { expect, it } from 'vitest';
import { snake_total } from '../src/cart_utils';

it('sums', () => {
  expect(snake_total([{ price: 1 }])).toBe(1);
});
`;
const W231_CONFIG = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    poolOptions: { threads: { singleThread: true } },
  },
});
`;

const SIGN_ESM = `export function sign(value) {\n  if (value < 0) return -1;\n  return value > 0 ? 1 : 0;\n}\n\nexport function unused() {\n  return 42;\n}\n`;
const SIGN_CJS = `'use strict';\n\nfunction sign(value) {\n  if (value < 0) return -1;\n  return value > 0 ? 1 : 0;\n}\n\nfunction unused() {\n  return 42;\n}\n\nmodule.exports = { sign, unused };\n`;
const signSuite = (from: string) =>
  `import { expect, it } from 'vitest';\nimport { sign } from '${from}';\n\nit('signs', () => {\n  expect(sign(-3)).toBe(-1);\n  expect(sign(3)).toBe(1);\n});\n`;

function fixture(build: () => string): string | undefined {
  return npmFixtureUnavailable(build).dir;
}

describe.skipIf(!sandbox.available)('vitest 2, 3 and 4: a function no test calls is missing', () => {
  it('vitest 3.2.7, w231’s project (TypeScript, tests/ with a config): run_it’s body is missing', async (test) => {
    const dir = fixture(vitest3Project);
    if (!dir) return test.skip('the vitest 3 fixture could not be installed');
    const root = projectWith(dir, {
      'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^3.2.7' } }),
      'vitest.config.ts': W231_CONFIG,
      'src/cart_utils.ts': CART_TS,
      'tests/cart_utils.test.ts': CART_SUITE,
    });
    const target = await readTarget({
      root,
      path: 'src/cart_utils.ts',
      symbolName: undefined,
      command: 'test',
    });
    const coverage = await measureCoverage({
      target,
      suite: CART_SUITE,
      framework: 'vitest',
      context: context(root),
      testPaths: ['tests/cart_utils.test.ts'],
    });
    // the base measured `lines 6/6, 100%`: vitest 3's transform of the copy, read as vouch's text
    expect(coverage).toMatchObject({ measured: true, missingLines: [12] });
    expect(coverage.lines).toEqual({ covered: 5, total: 6, percent: 83.3 });
  });

  it.for([
    ['ESM', 'src/sign.js', SIGN_ESM, '../src/sign.js'],
    ['CommonJS', 'src/sign.cjs', SIGN_CJS, '../src/sign.cjs'],
  ] as const)(
    'vitest 3.2.7, JavaScript %s: the uncalled function’s lines are missing',
    async ([, path, source, from], test) => {
      const dir = fixture(vitest3Project);
      if (!dir) return test.skip('the vitest 3 fixture could not be installed');
      const root = projectWith(dir, {
        'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^3.2.7' } }),
        [path]: source,
      });
      const target = await readTarget({ root, path, symbolName: undefined, command: 'test' });
      const suite = signSuite(from);
      const coverage = await measureCoverage({
        target,
        suite,
        framework: 'vitest',
        context: context(root),
        testPaths: ['tests/sign.test.js'],
      });
      const unused = source.split('\n').findIndex((line) => line.includes('function unused')) + 1;
      // the body; an ESM declaration line maps to the export its CommonJS copy runs at load
      const missing = path.endsWith('.cjs') ? [unused, unused + 1] : [unused + 1];
      expect(coverage).toMatchObject({ measured: true, missingLines: missing });
      expect(coverage.missingBranches).toEqual([`line ${unused - 3}: false side of ?:`]);
    },
  );

  it('vitest 2.1.9, TypeScript: the uncalled function’s body is missing', async (test) => {
    const dir = fixture(vitest2Project);
    if (!dir) return test.skip('the vitest 2 fixture could not be installed');
    const root = projectWith(dir, {
      'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '2.1.9' } }),
      'src/cart_utils.ts': CART_TS,
    });
    const target = await readTarget({
      root,
      path: 'src/cart_utils.ts',
      symbolName: undefined,
      command: 'test',
    });
    const coverage = await measureCoverage({
      target,
      suite: CART_SUITE,
      framework: 'vitest',
      context: context(root),
      testPaths: ['tests/cart_utils.test.ts'],
    });
    expect(coverage).toMatchObject({ measured: true, missingLines: [12] });
  });

  it('vitest 4, requires moved down for the copy: a branch not taken after five relative requires is missing', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^4.1.0' } }),
      'src/pick.cjs': `'use strict';
${names.map((name) => `const { ${name} } = require('./${name}.cjs');`).join('\n')}

function pick(flag) {
  if (flag) {
    return a + b + c + d + e;
  }
  return 0;
}

module.exports = { pick };
`,
    };
    for (const name of names) files[`src/${name}.cjs`] = `module.exports = { ${name}: 1 };\n`;
    const root = vitest4With(files);
    const suite = `import { expect, it } from 'vitest';\nimport { pick } from './pick.cjs';\n\nit('picks nothing', () => {\n  expect(pick(false)).toBe(0);\n});\n`;
    const target = await readTarget({ root, path: 'src/pick.cjs', symbolName: 'pick', command: 'test' });
    const coverage = await measureCoverage({ target, suite, framework: 'vitest', context: context(root) });
    // the base read V8's offsets of the copy (each require 3 characters longer) as the source's: 15
    // characters before the \`return\` is the \`if\` line, which ran
    expect(coverage).toMatchObject({ measured: true, missingLines: [10] });
    expect(coverage.missingBranches).toEqual(['line 9: then of if']);
  });

  it('a project whose vitest inlines every dependency: V8 ran vitest’s text, so "could not measure"', async (test) => {
    const dir = fixture(vitest3Project);
    if (!dir) return test.skip('the vitest 3 fixture could not be installed');
    const root = projectWith(dir, {
      'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^3.2.7' } }),
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { server: { deps: { inline: true } } } });\n`,
      'src/cart_utils.ts': CART_TS,
    });
    const target = await readTarget({
      root,
      path: 'src/cart_utils.ts',
      symbolName: undefined,
      command: 'test',
    });
    const coverage = await measureCoverage({
      target,
      suite: CART_SUITE,
      framework: 'vitest',
      context: context(root),
      testPaths: ['tests/cart_utils.test.ts'],
    });
    expect(coverage).toEqual({
      measured: false,
      reason: expect.stringMatching(
        /^V8 ran another text than vouch wrote at the target's path \(\d+ characters, not \d+\)/,
      ),
    });
  });
});

describe('foldersDown', () => {
  it('moves relative imports down and maps offsets of the moved text back', () => {
    const code = `const a = require("./a");\nconst b = require('../b');\nconst c = require("c");\nx();\n`;
    const moved = foldersDown(code, 2);
    expect(moved.code).toBe(
      `const a = require("../.././a");\nconst b = require('../../../b');\nconst c = require("c");\nx();\n`,
    );
    const original = (text: string) => code.indexOf(text);
    const inMoved = (text: string) => moved.code.indexOf(text);
    for (const text of ['const a', './a', '../b', 'const c', 'x();'])
      expect(moved.toOriginal(inMoved(text))).toBe(original(text));
    // inside an inserted `../../`: the place it was inserted at
    expect(moved.toOriginal(inMoved('../.././a') + 2)).toBe(original('./a'));
    expect(moved.toOriginal(moved.code.length)).toBe(code.length);
  });
});

describe('unreadableCopies', () => {
  const fn = (functionName: string, isBlockCoverage: boolean, ranges: [number, number, number][]) => ({
    functionName,
    isBlockCoverage,
    ranges: ranges.map(([startOffset, endOffset, count]) => ({ startOffset, endOffset, count })),
  });
  const ours = { functions: [fn('', true, [[0, 365, 1]]), fn('run_it', false, [[200, 280, 0]])] };

  it('reads copies of vouch’s text whose uncalled functions have no blocks', () => {
    expect(unreadableCopies([ours, ours], 365, 'vitest')).toBeUndefined();
  });

  it('refuses a copy of another text (w231 under vitest 3: 2,258 characters, not 365)', () => {
    const transformed = { functions: [fn('', true, [[0, 2258, 1]]), fn('run_it', false, [[468, 544, 0]])] };
    expect(unreadableCopies([ours, transformed], 365, 'vitest')).toMatch(
      /^V8 ran another text .*\(2258 characters, not 365\)/,
    );
  });

  it('refuses a function that ran without block counts', () => {
    const called = { functions: [fn('', true, [[0, 365, 1]]), fn('run_it', false, [[200, 280, 2]])] };
    expect(unreadableCopies([called], 365, 'node:test')).toMatch(/calls of `run_it` without its blocks/);
  });
});
