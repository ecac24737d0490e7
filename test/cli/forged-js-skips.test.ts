import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vitestProject } from '../../src/verify/__fixtures__/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * A skip that hides a failure (w198): on main 5ece52be `vouch check --test` passed a wrong `add` (`a - b`)
 * when one test passed beside a test that skipped with an assertion's message, or a node:test `todo` whose
 * assertion failed (node:test exits 0 on it). Through the CLI's `main` in-process (test/support/run-main.ts).
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>, from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-skips-'));
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
  checks: { name: string; status: string; findings?: { ruleId: string; message: string }[] }[];
}

async function check(dir: string, args: string[]) {
  const result = await runMain(['check', ...args, '--json'], { cwd: dir });
  const output = result.json<Verdict & { verification?: Verdict }>();
  const verdict = output.verification ?? output;
  const tests = verdict.checks.find((entry) => entry.name === 'tests');
  return { code: result.code, tests, text: `${result.stdout}\n${result.stderr}` };
}

const WRONG = 'export function add(a, b) {\n  return a - b;\n}\n';
const RIGHT = 'export function add(a, b) {\n  return a + b;\n}\n';

describe.skipIf(!sandbox.available)('a skip that hides a failure is no pass', () => {
  it('node:test: a failing todo and a skip with an assertion message fail; a declared skip does not', async () => {
    const pkg = JSON.stringify({ name: 'calc', type: 'module' });
    const suite = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './add.js';

test('adds zero', () => assert.equal(add(2, 0), 2));

test.todo('adds', () => {
  assert.equal(add(2, 3), 5);
});

test('adds again', (t) => {
  if (add(2, 3) !== 5) t.skip('expected 5');
});

test('talks to the network', { skip: 'no network in the sandbox' }, () => {});
`;
    const dir = project({ 'package.json': pkg, 'src/add.js': WRONG, 'src/add.test.js': suite });
    const forged = await check(dir, ['src/add.js', '--test', 'src/add.test.js']);
    expect(forged.tests?.status, forged.text).toBe('fail');
    expect(forged.code, forged.text).toBe(1);
    const messages = JSON.stringify(forged.tests?.findings);
    expect(messages, forged.text).toMatch(
      /test `adds` failed: reported as skipped or todo, but its assertion failed/,
    );
    expect(messages, forged.text).toMatch(/test `adds again` failed: .*assertion's message: expected 5/);
    expect(messages, forged.text).not.toMatch(/talks to the network/);

    const right = project({ 'package.json': pkg, 'src/add.js': RIGHT, 'src/add.test.js': suite });
    const passed = await check(right, ['src/add.js', '--test', 'src/add.test.js']);
    expect(passed.tests?.status, passed.text).toBe('pass');
    expect(passed.code, passed.text).toBe(0);
  });

  it('vitest with a config: ctx.skip with an assertion message fails', async () => {
    // this checkout's vitest (4), linked into the project; vitest 2 cannot run a project with a config in
    // the sandbox (vite 5 writes the bundled config beside it, in the read-only project)
    const fixture = vitestProject();
    const suite = `import { expect, it } from 'vitest';
import { add } from './add';

it('adds zero', () => {
  expect(add(2, 0)).toBe(2);
});

it('adds', (ctx) => {
  if (add(2, 3) !== 5) ctx.skip('expected 5');
  expect(add(2, 3)).toBe(5);
});
`;
    const files = {
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['src/**/*.test.ts'] } });\n",
      'src/add.test.ts': suite,
    };
    const dir = project({ ...files, 'src/add.ts': WRONG }, fixture);
    const forged = await check(dir, ['src/add.ts', '--test', 'src/add.test.ts']);
    expect(forged.tests?.status, forged.text).toBe('fail');
    expect(forged.code, forged.text).toBe(1);
    expect(JSON.stringify(forged.tests?.findings), forged.text).toMatch(
      /test `adds` failed: skipped with an assertion's message \(`expected 5`\)/,
    );

    const right = project({ ...files, 'src/add.ts': RIGHT }, fixture);
    const passed = await check(right, ['src/add.ts', '--test', 'src/add.test.ts']);
    expect(passed.tests?.status, passed.text).toBe('pass');
  });
});
