import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  jest29Project,
  npmFixtureUnavailable,
  vitest2Project,
} from '../../src/verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Code under test that forges its own tests' verdict (issue 41), through the CLI's `main` in-process
 * (test/support/run-main.ts): what sandboxed code prints or registers is data, never a verdict. Each candidate here is wrong (`a - b`) and its test says so.
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>, from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-forge-'));
  made.push(dir);
  if (from) {
    cpSync(from, dir, { recursive: true, verbatimSymlinks: true });
    rmSync(join(dir, '.complete'), { force: true });
  }
  writeFiles(dir, { 'vouch.toml': '', ...files });
  return dir;
}

interface Verdict {
  status: string;
  checks: {
    name: string;
    status: string;
    reason?: string;
    findings?: { ruleId: string; message: string }[];
  }[];
}

async function check(dir: string, args: string[]) {
  const result = await runMain(['check', ...args, '--json'], { cwd: dir });
  const output = result.json<Verdict & { verification?: Verdict }>();
  const verdict = output.verification ?? output;
  const tests = verdict.checks.find((entry) => entry.name === 'tests');
  return { code: result.code, verdict, tests, text: `${result.stdout}\n${result.stderr}` };
}

// node:test: a passing test of the same name registered from the candidate, and the process ended (exit 0)
// before the real one runs
const NODE_TEST_FORGER = `const { test: register } = process.getBuiltinModule('node:test');

register('adds', () => {});
register('\\u200b', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.exit(0);
});

export function add(a, b) {
  return a - b;
}
`;
const NODE_TEST_SUITE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './add.js';

test('adds', () => assert.equal(add(2, 3), 5));
`;

// vitest / jest: a fake JSON report on fd 1, then more than the run's 4 MiB of output, so the runner's
// real report is cut off
const forgedReport = (prelude: string, exported: string) => `${prelude}
const report = JSON.stringify({
  testResults: [{ assertionResults: [{ fullName: 'adds', title: 'adds', status: 'passed' }] }],
});
let chunk = report;
for (let sent = 0; sent < 5 << 20; ) {
  try {
    sent += fs.writeSync(1, chunk);
    chunk = ' '.repeat(65536);
  } catch (error) {
    if (error.code !== 'EAGAIN') throw error;
  }
}

function sum(a, b) {
  return a - b;
}
${exported}
`;

describe.skipIf(!sandbox.available)('a verdict the code under test cannot forge', () => {
  it('node:test: a test registered by the candidate, then exit 0, is no pass', async () => {
    const pkg = JSON.stringify({ name: 'calc', type: 'module' });
    const dir = project({
      'package.json': pkg,
      'src/add.js': NODE_TEST_FORGER,
      'src/add.test.js': NODE_TEST_SUITE,
    });
    const forged = await check(dir, ['src/add.js', '--test', 'src/add.test.js']);
    expect(forged.tests?.status, forged.text).not.toBe('pass');
    expect(forged.code, forged.text).toBe(1);
    expect(JSON.stringify(forged.tests?.findings), forged.text).toMatch(
      /test `adds` was registered from src\/add\.m?js, not from a test file: not evidence/,
    );

    // the same suite against honest code still passes, and against wrong code fails
    const right = project({
      'package.json': pkg,
      'src/add.js': 'export function add(a, b) {\n  return a + b;\n}\n',
      'src/add.test.js': NODE_TEST_SUITE,
    });
    const passed = await check(right, ['src/add.js', '--test', 'src/add.test.js']);
    expect(passed.tests?.status, passed.text).toBe('pass');
    expect(passed.code, passed.text).toBe(0);
  });

  it('vitest 2: a fake JSON report and more than 4 MiB of output is no pass', async (context) => {
    const fixture = npmFixtureUnavailable(vitest2Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const candidate = forgedReport(
      "const fs = (globalThis as any).process.getBuiltinModule('node:fs');",
      'export { sum };',
    ).replace('catch (error)', 'catch (error: any)');
    const suite =
      "import { expect, it } from 'vitest';\nimport { sum } from './sum';\n\nit('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n";
    const dir = project({ 'src/sum.ts': candidate, 'src/sum.test.ts': suite }, fixture.dir);
    const forged = await check(dir, ['src/sum.ts', '--test', 'src/sum.test.ts']);
    expect(forged.tests?.status, forged.text).not.toBe('pass');
    expect(forged.code, forged.text).toBe(1);
    expect(JSON.stringify(forged.tests?.findings), forged.text).toMatch(/cut at 4 MiB: not verified/);
  });

  it('jest 29: a fake JSON report and more than 4 MiB of output is no pass', async (context) => {
    const fixture = npmFixtureUnavailable(jest29Project);
    if (!fixture.dir) return context.skip(fixture.reason);
    const candidate = forgedReport("const fs = require('node:fs');", 'module.exports = { sum };');
    const suite =
      "const { sum } = require('./sum');\n\ntest('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n";
    const pkg = JSON.stringify({ name: 'calc', devDependencies: { jest: '29.7.0' } });
    const dir = project(
      { 'package.json': pkg, 'src/sum.js': candidate, 'src/sum.test.js': suite },
      fixture.dir,
    );
    const forged = await check(dir, ['src/sum.js', '--test', 'src/sum.test.js']);
    expect(forged.tests?.status, forged.text).not.toBe('pass');
    expect(forged.code, forged.text).toBe(1);
    expect(JSON.stringify(forged.tests?.findings), forged.text).toMatch(/cut at 4 MiB: not verified/);
  });
});
