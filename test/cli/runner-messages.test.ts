import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  npmFixtureUnavailable,
  vitest2Project,
  vitestProject,
} from '../../src/verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * r40's misleading messages from `vouch check --test`: a test file the project's vitest `include` leaves
 * out ran nothing, and the check said the runner's report was "written or changed by something other than
 * the runner" and asked about an import error; a jest project without jest installed ran its tests under
 * node:test and blamed the code for `test is not defined`. Each now says what happened and what to change.
 */
const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!sandbox.available)('vitest include', () => {
  it('says the config leaves the test file out, and what to change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-include-'));
    made.push(dir);
    cpSync(vitestProject(), dir, { recursive: true, verbatimSymlinks: true });
    writeFiles(dir, {
      'vouch.toml': '',
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n",
      'src/add.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'src/add.test.ts':
        "import { expect, it } from 'vitest';\nimport { add } from './add';\n\nit('adds', () => {\n  expect(add(2, 3)).toBe(5);\n});\n",
    });
    const result = await runMain(['check', 'src/add.ts', '--test', 'src/add.test.ts', '--json'], {
      cwd: dir,
    });
    const output = result.json<{
      checks: { name: string; status: string; findings: { message: string; hint: string }[] }[];
    }>();
    const tests = output.checks.find((check) => check.name === 'tests');
    expect(tests?.status, result.stdout).not.toBe('pass');
    expect(tests?.findings, result.stdout).toHaveLength(1);
    expect(tests?.findings[0]?.message).toMatch(
      /vitest found none of the test files \(src\/add\.test\.ts\): .*`test\.include` in vitest\.config\.ts/,
    );
    expect(tests?.findings[0]?.hint).toMatch(/add a pattern that matches them to `test\.include`/);
    expect(JSON.stringify(output)).not.toMatch(/something other than the runner|import error/);
  });

  it('says jest is not installed, and which command installs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-nojest-'));
    made.push(dir);
    writeFiles(dir, {
      'vouch.toml': '',
      'package.json': JSON.stringify({ name: 'calc', devDependencies: { jest: '29.7.0' } }),
      'add.js': 'module.exports = { add: (a, b) => a + b };\n',
      'add.test.js':
        "const { add } = require('./add');\n\ntest('adds', () => {\n  expect(add(2, 3)).toBe(5);\n});\n",
    });
    const result = await runMain(['check', 'add.js', '--test', 'add.test.js', '--json'], { cwd: dir });
    const output = result.json<{
      checks: { name: string; status: string; reason?: string; findings: unknown[] }[];
    }>();
    const tests = output.checks.find((check) => check.name === 'tests');
    expect(tests?.status, result.stdout).toBe('error');
    expect(tests?.reason).toMatch(
      /runs its tests with jest .*not installed.*`npm install`.*`npm install --save-dev jest`/,
    );
    expect(JSON.stringify(output)).not.toMatch(/is not defined/);
  });

  it('vitest 2 with a config in a read-only project: says vite writes the bundled config, and how to run', async (context) => {
    const fixture = npmFixtureUnavailable(vitest2Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const dir = mkdtempSync(join(tmpdir(), 'vouch-vite5-'));
    made.push(dir);
    cpSync(fixture.dir, dir, { recursive: true, verbatimSymlinks: true });
    writeFiles(dir, {
      'vouch.toml': '',
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: {} });\n",
    });
    const result = await runMain(['check', 'src/slug.ts', '--test', 'src/slug.test.ts', '--json'], {
      cwd: dir,
    });
    const output = result.json<{
      checks: { name: string; findings: { message: string; hint: string }[] }[];
    }>();
    const finding = output.checks.find((check) => check.name === 'tests')?.findings[0];
    expect(finding?.message, result.stdout).toMatch(
      /bundles the project's config into a file it writes .*read-only in the sandbox/,
    );
    expect(finding?.hint).toMatch(/upgrade to vitest 3 or later/);
  });
});
