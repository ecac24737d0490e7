import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { readTarget } from '../test/target.js';
import { findExistingTests, runExistingTests } from './existing-tests.js';

/**
 * The refactor's "the project's tests pass before and after" for JavaScript: the new version runs inside
 * the test process and prints or registers whatever it likes, so the tests' outcome must come from
 * vouch's driver on the report channel, never from the runner's stdout.
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const SUITE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './add.js';

test('adds', () => assert.equal(add(2, 3), 5));
`;
const RIGHT = 'export function add(a, b) {\n  return a + b;\n}\n';
const WRONG = 'export function add(a, b) {\n  return a - b;\n}\n';
// a wrong version that registers a passing test of the suite's name and ends the process (exit 0) before
// the real test runs: `node --test`'s TAP on stdout listed `ok 1 - adds`
const FORGER = `const { test: register } = process.getBuiltinModule('node:test');

register('adds', () => {});
register('\\u200b', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.exit(0);
});

export function add(a, b) {
  return a - b;
}
`;

describe.skipIf(!sandbox.available)('the existing tests of a JavaScript refactor', () => {
  it('counts what the tests did, not what the new version printed or registered', async () => {
    const root = tempProject(
      'vouch-existing-',
      {
        'package.json': JSON.stringify({ name: 'calc', type: 'module' }),
        'src/add.js': RIGHT,
        'src/add.test.js': SUITE,
      },
      made,
    );
    const target = await readTarget({ root, path: 'src/add.js', symbolName: 'add', command: 'refactor' });
    const existing = await findExistingTests(root, target);
    expect(existing.files).toEqual(['src/add.test.js']);
    const context = { workspaceRoot: root, config: {} };

    const before = await runExistingTests(
      { target, source: RIGHT, existing, framework: 'node:test' },
      context,
    );
    expect(before, before.problem).toMatchObject({ passed: 1, failed: 0 });
    expect(before.tests).toMatchObject([{ name: 'adds', status: 'passed', file: 'src/add.test.js' }]);

    const wrong = await runExistingTests(
      { target, source: WRONG, existing, framework: 'node:test' },
      context,
    );
    expect(wrong).toMatchObject({ passed: 0, failed: 1 });

    const forged = await runExistingTests(
      { target, source: FORGER, existing, framework: 'node:test' },
      context,
    );
    expect(forged.passed, JSON.stringify(forged)).toBe(0);
    expect(forged.tests).toEqual([]);
    expect(forged.problem).toMatch(
      /node:test's run is not evidence: .*test `adds` was registered from src\/add\.js, not from a test file/,
    );
  }, 120_000);
});

describe("the existing tests found through the module's re-exports", () => {
  it('a barrel src/index.ts, and a package __init__.py', async () => {
    const root = tempProject(
      'vouch-existing-barrel-',
      {
        'package.json': JSON.stringify({ name: 'semver-lite', type: 'module' }),
        'src/utils.ts': 'export const isDigits = (text: string) => /^[0-9]+$/.test(text);\n',
        'src/version.ts':
          "import { isDigits } from './utils.js';\n\nexport function validate(version: string): boolean {\n  return version.split('.').every(isDigits);\n}\n",
        'src/index.ts': "export { validate } from './version.js';\n",
        'test/version.test.ts':
          "import { expect, it } from 'vitest';\nimport { validate } from '../src/index.js';\n\nit('accepts', () => expect(validate('1.0.0')).toBe(true));\n",
        'test/other.test.ts': "import { it } from 'vitest';\n\nit('nothing', () => {});\n",
        'shop/prices.py': 'def gross(price):\n    return price * 1.2\n',
        'shop/__init__.py': 'from .prices import gross\n',
        'tests/test_shop.py': 'from shop import gross\n\n\ndef test_gross():\n    assert gross(10) == 12.0\n',
      },
      made,
    );
    const ts = await findExistingTests(
      root,
      await readTarget({ root, path: 'src/version.ts', symbolName: 'validate', command: 'refactor' }),
    );
    expect(ts.files).toEqual(['test/version.test.ts']);
    const py = await findExistingTests(
      root,
      await readTarget({ root, path: 'shop/prices.py', symbolName: 'gross', command: 'refactor' }),
    );
    expect(py.files).toEqual(['tests/test_shop.py']);
  });
});
