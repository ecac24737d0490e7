import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  nodeProject,
  noPytestProject,
  pythonProject,
  unittestProject,
  vitestProject,
} from '../__fixtures__/projects.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { testsCheck } from './tests.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('tests check', () => {
  it('runs pytest against a Python candidate and reports each test', async () => {
    const root = pythonProject();
    const result = await testsCheck.run(
      {
        code: 'def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a + b\n',
        language: 'python',
        path: '<generated>',
        tests: [
          'from solution import add, mul\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n',
        ],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.status).toBe('fail');
    expect(result.blocking).toBe(true);
    expect(result.details?.framework).toBe('pytest');
    expect(result.details?.tests).toEqual([
      { name: 'test_add', status: 'passed', file: 'test_vouch_generated_0.py' },
      {
        name: 'test_mul',
        status: 'failed',
        file: 'test_vouch_generated_0.py',
        // pytest's whole message, and the line of the assertion in the test file
        message: 'assert 5 == 6\n +  where 5 = mul(2, 3)',
        line: 9,
      },
    ]);
    expect(result.findings[0]).toMatchObject({
      line: 9,
      message: 'test `test_mul` failed: assert 5 == 6\n +  where 5 = mul(2, 3)',
    });
  });

  it('runs node:test against a TypeScript candidate placed at its target path', async () => {
    const root = nodeProject();
    const result = await testsCheck.run(
      {
        code: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
        language: 'typescript',
        path: 'src/add.ts',
        tests: [
          "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from './add';\ntest('adds', () => assert.equal(add(2, 3), 5));\ntest('adds negatives', () => assert.equal(add(-2, -3), -5));\n",
        ],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.details?.framework).toBe('node:test');
    // each test with the file and line that declared it (the emitted suite beside the candidate)
    expect(result.details?.tests).toEqual([
      { name: 'adds', status: 'passed', file: 'src/vouch-generated-0.test.mjs', line: 4 },
      { name: 'adds negatives', status: 'passed', file: 'src/vouch-generated-0.test.mjs', line: 5 },
    ]);
    expect(result.status).toBe('pass');
  });

  it('fails when the tests cannot even be collected (the candidate exits on import)', async () => {
    const root = pythonProject();
    const result = await testsCheck.run(
      {
        code: 'import sys\nsys.exit(0)\n',
        language: 'python',
        path: '<generated>',
        tests: ['import solution\n\ndef test_x():\n    pass\n'],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.status).toBe('fail');
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('the code under test cannot forge the runner’s verdict: PASSED on every descriptor, then os._exit(0)', async () => {
    // a wrong add() that writes pytest's and unittest's success lines on every descriptor it has (pytest's
    // saved copy of stdout among them) and ends the process before a test runs
    const forger = (line: string) =>
      `import os\nfor fd in range(1, 256):\n    try:\n        os.write(fd, b${JSON.stringify(`${line}\n`)})\n    except OSError:\n        pass\nos._exit(0)\n\n\ndef add(a, b):\n    return a - b\n`;
    const pytest = await testsCheck.run(
      {
        code: forger('PASSED test_vouch_generated_0.py::test_add'),
        language: 'python',
        path: '<generated>',
        tests: ['from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n'],
      },
      { workspaceRoot: pythonProject(), config: {} },
    );
    expect(pytest.status).not.toBe('pass');
    const unittest = await testsCheck.run(
      {
        code: forger('test_add (calc.test_vouch_generated_0.TestAdd.test_add) ... ok'),
        language: 'python',
        path: 'calc/ops.py',
        tests: [
          'import unittest\nfrom ops import add\n\n\nclass TestAdd(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n',
        ],
      },
      { workspaceRoot: unittestProject(), config: {} },
    );
    expect(unittest.status).not.toBe('pass');
  });

  it('node:test: a candidate that exits 0 at import runs no test, and is not a pass', async () => {
    const result = await testsCheck.run(
      {
        code: 'process.exit(0);\nexport function add(a: number, b: number): number {\n  return a - b;\n}\n',
        language: 'typescript',
        path: 'src/add.ts',
        tests: [
          "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from './add';\ntest('adds', () => assert.equal(add(2, 3), 5));\n",
        ],
      },
      { workspaceRoot: nodeProject(), config: {} },
    );
    expect(result.status).not.toBe('pass');
    expect(result.details?.tests).toEqual([]);
  });

  it('runs unittest when that is the project framework, with per-test results and messages', async () => {
    const result = await testsCheck.run(
      {
        code: 'def div(a, b):\n    return a / b\n',
        language: 'python',
        path: 'calc/ops.py',
        tests: [
          'import unittest\nfrom ops import div\n\n\nclass TestDiv(unittest.TestCase):\n    def test_half(self):\n        self.assertEqual(div(1, 2), 0.5)\n\n    def test_zero(self):\n        self.assertEqual(div(1, 0), 0)\n',
        ],
      },
      { workspaceRoot: unittestProject(), config: {} },
    );
    expect(result.details?.framework).toBe('unittest');
    expect(result.details?.tests).toEqual([
      { name: 'calc.test_vouch_generated_0.TestDiv.test_half', status: 'passed' },
      {
        name: 'calc.test_vouch_generated_0.TestDiv.test_zero',
        status: 'error',
        message: 'ZeroDivisionError: division by zero',
        line: 10,
      },
    ]);
    expect(result.status).toBe('fail');
  });

  it('runs vitest (linked from outside the project) on TypeScript as written', async () => {
    const result = await testsCheck.run(
      {
        code: 'export const add = (a: number, b: number): number => a + b;\n',
        language: 'typescript',
        path: 'src/add.ts',
        tests: [
          "import { expect, it } from 'vitest';\nimport { add } from './add';\n\nit('adds', () => expect(add(1, 2)).toBe(3));\nit('is wrong', () => expect(add(1, 2)).toBe(4));\n",
        ],
      },
      { workspaceRoot: vitestProject(), config: {} },
    );
    expect(result.details?.framework).toBe('vitest');
    expect(result.details?.tests).toEqual([
      { name: 'adds', status: 'passed', file: 'src/vouch-generated-0.test.ts' },
      {
        name: 'is wrong',
        status: 'failed',
        file: 'src/vouch-generated-0.test.ts',
        line: 5,
        message: 'AssertionError: expected 3 to be 4 // Object.is equality',
      },
    ]);
  });

  it('never passes pytest-style tests the interpreter cannot run: says pytest is missing and how to add it', async () => {
    const result = await testsCheck.run(
      {
        code: 'def median(values):\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]\n',
        language: 'python',
        path: 'stats.py',
        tests: [
          'from stats import median\n\n\ndef test_median_even():\n    assert median([1, 2, 3, 4]) == 2.5\n',
        ],
      },
      { workspaceRoot: noPytestProject(), config: {} },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(
      /written for pytest, which the project's interpreter \(\.venv\/bin\/python\) does not have/,
    );
    expect(result.reason).toMatch(/\.venv\/bin\/pip install pytest/);
  });

  it('is an error, not a pass, when the framework ran no test at all', async () => {
    const result = await testsCheck.run(
      {
        code: 'def add(a, b):\n    return a + b\n',
        language: 'python',
        path: 'calc/ops.py',
        tests: ['import unittest\n\n\nclass TestNothing(unittest.TestCase):\n    pass\n'],
      },
      { workspaceRoot: unittestProject(), config: {} },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/unittest ran no test/);
  });

  it('a module-level pytest.skip is not verified (no test ran), not a failure of 0/0 (issue 57)', async () => {
    const result = await testsCheck.run(
      {
        code: 'def add(a, b):\n    return a - b\n',
        language: 'python',
        path: 'calc.py',
        tests: [
          'import pytest\n\npytest.skip("later", allow_module_level=True)\n\nfrom calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n',
        ],
      },
      { workspaceRoot: pythonProject(), config: {} },
    );
    expect(result.status, result.reason).toBe('error');
    expect(result.findings).toEqual([]);
    expect(result.reason).toMatch(/pytest ran no test/);
  });

  it('a candidate that turns failing asserts into skips is not a pass (r41): the test file asks for no skip', async () => {
    const root = pythonProject();
    const result = await testsCheck.run(
      {
        code: 'import builtins\nimport sys\n\nfor _module in list(sys.modules.values()):\n    _outcome = getattr(_module, "Skipped", None)\n    if isinstance(_outcome, type) and issubclass(_outcome, BaseException):\n        setattr(builtins, "AssertionError", _outcome)\n        break\n\n\ndef add(a, b):\n    return a - b\n',
        language: 'python',
        path: 'forged_add.py',
        tests: [
          'import pytest\nfrom forged_add import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n\n\ndef test_raises():\n    with pytest.raises(TypeError):\n        add("a", 1)\n',
        ],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.status).toBe('fail');
    expect(result.blocking).toBe(true);
    expect(result.details?.tests).toContainEqual(
      expect.objectContaining({ name: 'test_add', status: 'skipped' }),
    );
    expect(result.findings.map((finding) => finding.message).join('\n')).toMatch(
      /test `test_add` was skipped .*assert 0 == 4.*, but its test file asks for no skip/,
    );
  });

  it("a skip the project's conftest asks for (pytest's --runslow pattern) is not a forged skip", async () => {
    const root = conftestProject(RUNSLOW_CONFTEST);
    const result = await testsCheck.run(
      {
        code: 'def add(a, b):\n    return a + b\n',
        language: 'python',
        path: 'calc.py',
        tests: [
          'import pytest\nfrom calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n\n\n@pytest.mark.slow\ndef test_many():\n    assert sum(add(n, n) for n in range(1000)) == 999000\n',
        ],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.details?.tests).toContainEqual(
      expect.objectContaining({ name: 'test_many', status: 'skipped' }),
    );
    expect(result.findings).toEqual([]);
    expect(result.status, result.reason).toBe('pass');
  });

  it("r41's forged skip still fails in a project whose conftest asks for no skip", async () => {
    const root = conftestProject('import pytest\n\n\n@pytest.fixture\ndef two():\n    return 2\n');
    const result = await testsCheck.run(
      {
        code: FORGED_ADD,
        language: 'python',
        path: 'forged_add.py',
        tests: [
          'import pytest\nfrom forged_add import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n\n\ndef test_raises():\n    with pytest.raises(TypeError):\n        add("a", 1)\n',
        ],
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.status).toBe('fail');
    expect(result.findings.map((finding) => finding.message).join('\n')).toMatch(
      /test `test_add` was skipped .*assert 0 == 4.*, but its test file asks for no skip/,
    );
  });

  it('skips when no tests were given', async () => {
    const result = await testsCheck.run(
      { code: 'x = 1\n', language: 'python', path: 'a.py' },
      { workspaceRoot: pythonProject(), config: {} },
    );
    expect(result).toMatchObject({ status: 'skip', reason: 'no tests were given for this code' });
  });
});

const FORGED_ADD =
  'import builtins\nimport sys\n\nfor _module in list(sys.modules.values()):\n    _outcome = getattr(_module, "Skipped", None)\n    if isinstance(_outcome, type) and issubclass(_outcome, BaseException):\n        setattr(builtins, "AssertionError", _outcome)\n        break\n\n\ndef add(a, b):\n    return a - b\n';

/** pytest's documented way to skip slow tests unless asked (docs: "Control skipping of tests according to command line option"). */
const RUNSLOW_CONFTEST =
  'import pytest\n\n\ndef pytest_addoption(parser):\n    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests")\n\n\ndef pytest_configure(config):\n    config.addinivalue_line("markers", "slow: mark test as slow to run")\n\n\ndef pytest_collection_modifyitems(config, items):\n    if config.getoption("--runslow"):\n        return\n    skip_slow = pytest.mark.skip(reason="need --runslow option to run")\n    for item in items:\n        if "slow" in item.keywords:\n            item.add_marker(skip_slow)\n';

/** A project of one conftest.py at its root, run with the system Python's pytest. */
function conftestProject(conftest: string): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-conftest-'));
  writeFileSync(join(root, 'conftest.py'), conftest);
  return root;
}
