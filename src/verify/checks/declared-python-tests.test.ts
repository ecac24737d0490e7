import { describe, expect, it } from 'vitest';
import {
  declaredPythonTests,
  projectSkipFiles,
  undeclaredPythonSkips,
  undeclaredPythonTests,
} from './declared-python-tests.js';
import type { TestCaseResult } from './test-results.js';

const SUITE = `import unittest

import pytest

from calc import add


def test_adds():
    assert add(2, 3) == 5


@pytest.mark.parametrize('n', [1, 2])
def test_adds_zero(n):
    assert add(0, n) == n


class TestMore:
    def test_negative(self):
        assert add(-1, 1) == 0

    def helper(self):
        def test_inner():
            pass


class AddCase(unittest.TestCase):
    def test_case(self):
        self.assertEqual(add(1, 1), 2)


class Helper:
    def test_not_collected(self):
        pass
`;

const passed = (name: string): TestCaseResult => ({ name, status: 'passed' });

describe('declared Python tests', () => {
  it('reads module functions and the methods of collected classes', () => {
    const declared = declaredPythonTests(SUITE);
    expect([...declared.names].sort()).toEqual(['test_adds', 'test_adds_zero', 'test_case', 'test_negative']);
    expect(declared.dynamic).toBe(false);
  });

  it('a run that reports every declared test agrees; parameters and classes are read off the ids', () => {
    const tests = ['test_adds', 'test_adds_zero[1]', 'test_adds_zero[2]', 'TestMore::test_negative'].map(
      passed,
    );
    tests.push(passed('AddCase::test_case'));
    expect(undeclaredPythonTests(tests, [declaredPythonTests(SUITE)])).toEqual([]);
  });

  it('a pass no file declares, or a declared test that never reported, is not evidence', () => {
    const declared = [declaredPythonTests(SUITE)];
    const problems = undeclaredPythonTests(
      ['test_adds', 'test_adds_zero[1]', 'TestMore::test_negative', 'test_forged'].map(passed),
      declared,
    );
    expect(problems).toEqual([
      'test `test_forged` passed, but no test file declares it: not evidence',
      'the test files declare `test_case`, which never reported: a test left out of the run (a collection hook, a deselect) is not evidence',
    ]);
  });

  it('unittest ids: module.Class.test', () => {
    const declared = [
      declaredPythonTests(
        'import unittest\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        pass\n',
      ),
    ];
    expect(undeclaredPythonTests([passed('test_calc.T.test_a')], declared)).toEqual([]);
  });

  it('names that may come from elsewhere make the list a floor: unknown passes are not refused', () => {
    const declared = declaredPythonTests(
      'from base import BaseTests\n\n\nclass TestX(BaseTests):\n    def test_a(self):\n        pass\n',
    );
    expect(declared.dynamic).toBe(true);
    expect(undeclaredPythonTests(['TestX::test_a', 'TestX::test_inherited'].map(passed), [declared])).toEqual(
      [],
    );
  });

  it('a skip the test files never ask for is not evidence; one a test declares is (r41)', () => {
    const skipped = (name: string, message?: string): TestCaseResult => ({
      name,
      status: 'skipped',
      ...(message ? { message } : {}),
    });
    const plain = [declaredPythonTests(SUITE)];
    expect(undeclaredPythonSkips([skipped('test_adds', 'assert 0 == 4')], plain)).toEqual([
      'test `test_adds` was skipped (assert 0 == 4), but its test file asks for no skip: a skip the tests never declare is what code under test makes of a failing assertion, not evidence',
    ]);
    const own = [
      declaredPythonTests(
        "import pytest\n\n\n@pytest.mark.skip(reason='slow')\ndef test_slow():\n    pass\n\n\ndef test_fast():\n    assert True\n\n\ndef test_later():\n    pytest.skip('not yet')\n\n\nasync def test_async():\n    pass\n",
      ),
    ];
    expect(
      undeclaredPythonSkips(
        ['test_slow', 'test_later', 'test_async'].map((name) => skipped(name)),
        own,
      ),
    ).toEqual([]);
    // the skip mark on test_slow does not cover test_fast
    expect(undeclaredPythonSkips([skipped('test_fast')], own)).toHaveLength(1);
    // a skip asked for outside the tests (a fixture, pytestmark, setUp) may skip any of them
    const around = [
      declaredPythonTests(
        'import sys\nimport pytest\n\npytestmark = pytest.mark.skipif(sys.platform == "win32", reason="posix")\n\n\ndef test_fast():\n    assert True\n',
      ),
    ];
    expect(undeclaredPythonSkips([skipped('test_fast')], around)).toEqual([]);
  });

  it('a skip word that asks for no skip (a helper named `_skip_none`) is no declaration (r45)', () => {
    const skipped = (name: string): TestCaseResult => ({
      name,
      status: 'skipped',
      message: 'assert -1 == 5',
    });
    const helper = declaredPythonTests(
      'from calc import add\n\n\ndef _skip_none(values):\n    return [v for v in values if v is not None]\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_add_many():\n    assert add(*_skip_none([4, None, 1])) == 5\n',
    );
    expect(helper.skipsAny).toBe(false);
    expect(helper.skips.has('test_add_many')).toBe(false);
    expect(undeclaredPythonSkips([skipped('test_add'), skipped('test_add_many')], [helper])).toHaveLength(2);
    // a real skip outside the tests, in the forms pytest and unittest take, still declares one
    for (const declared of [
      'import unittest\n\n\n@unittest.skip("later")\nclass T(unittest.TestCase):\n    def test_a(self):\n        pass\n',
      'from pytest import skip\n\n\ndef test_a():\n    skip("later")\n',
      'import pytest\n\n\n@pytest.fixture(autouse=True)\ndef _gate():\n    pytest.skip("no db")\n\n\ndef test_a():\n    pass\n',
    ])
      expect(declaredPythonTests(declared).skipsAny).toBe(true);
  });

  it("an async test declares only pytest's own skip of it; a skip with a failed assertion's message is a failure (w211)", () => {
    const skipped = (name: string, message?: string): TestCaseResult => ({
      name,
      status: 'skipped',
      ...(message ? { message } : {}),
    });
    const asyncSuite = [
      declaredPythonTests(
        'from calc import add\n\n\ndef test_sync():\n    assert add(2, 3) == 5\n\n\nasync def test_add():\n    assert add(2, 3) == 5\n',
      ),
    ];
    // pytest without an async plugin (before 8.4) skips it with its own words: declared
    expect(
      undeclaredPythonSkips(
        [skipped('test_add', 'async def function and no async plugin installed (see warnings)')],
        asyncSuite,
      ),
    ).toEqual([]);
    // the code under test made its failing assert a skip: the async def does not declare that
    expect(undeclaredPythonSkips([skipped('test_add', 'assert -1 == 5')], asyncSuite)).toHaveLength(1);
    expect(undeclaredPythonSkips([skipped('test_add', 'not today')], asyncSuite)).toHaveLength(1);
    // a declared skip, or one that may come from anywhere, carrying an assertion's message: a failure
    const declared = [
      declaredPythonTests(
        'import pytest\nfrom calc import add\n\n\n@pytest.mark.skipif(False, reason="never")\ndef test_add():\n    assert add(2, 3) == 5\n',
      ),
      declaredPythonTests(
        'import pytest\nfrom calc import add\n\npytestmark = pytest.mark.skipif(False, reason="never")\n\n\ndef test_sub():\n    assert add(2, -3) == -1\n',
      ),
    ];
    expect(
      undeclaredPythonSkips(
        [
          skipped('test_add', 'Skipped: assert -1 == 5'),
          skipped('test_sub', 'AssertionError: assert 0 == -1'),
        ],
        declared,
      ),
    ).toEqual([
      "test `test_add` was skipped with a failed assertion's message (Skipped: assert -1 == 5): a failing test turned into a skip is not evidence",
      "test `test_sub` was skipped with a failed assertion's message (AssertionError: assert 0 == -1): a failing test turned into a skip is not evidence",
    ]);
    // an honest declared skip stays neutral
    expect(undeclaredPythonSkips([skipped('test_add', 'never')], declared)).toEqual([]);
    // an xfail that failed carries its assertion as well: it is counted apart ("declared to fail and did"), not here
    expect(
      undeclaredPythonSkips(
        [{ ...skipped('test_add', 'AssertionError: assert 0 == 4'), expectedFailure: true }],
        declared,
      ),
    ).toEqual([]);
  });

  it('a skip called through pytest or unittest imported under another name is declared; another module of that name is not', () => {
    // vouch's own request-examples module imports pytest as _pytest and skips what it cannot read (w191 × w188)
    const aliased = declaredPythonTests(
      'import pytest as _pytest\n\n\ndef _plain(value):\n    _pytest.skip("not checked")\n\n\ndef test_example():\n    assert _plain(1) == 1\n',
    );
    expect(aliased.skipsAny).toBe(true);
    const inTest = declaredPythonTests(
      'import unittest as ut\n\n\ndef test_a():\n    raise ut.SkipTest("later")\n',
    );
    expect(inTest.skips.has('test_a')).toBe(true);
    // a name that only ends like the alias is not it
    const other = declaredPythonTests(
      'import pytest as pt\n\n\ndef test_a():\n    opt.skip_blank = True\n    assert True\n',
    );
    expect(other.skips.has('test_a')).toBe(false);
    expect(other.skipsAny).toBe(false);
  });

  it("the project's conftest files and pytest settings may ask for skips: only its own, on disk", () => {
    const project = (files: Record<string, string>, overlaid: string[] = []) =>
      projectSkipFiles({
        testFiles: ['tests/unit/test_a.py', 'tests/test_b.py', 'test_c.py'],
        read: (path) => files[path],
        overlaid: new Set(overlaid),
      });
    const runslow =
      'import pytest\n\n\ndef pytest_collection_modifyitems(config, items):\n    if config.getoption("--runslow"):\n        return\n    for item in items:\n        if "slow" in item.keywords:\n            item.add_marker(pytest.mark.skip(reason="need --runslow"))\n';
    // a conftest covers the tests at and below its folder, not beside or above it
    expect([...project({ 'tests/conftest.py': runslow })]).toEqual([
      'tests/unit/test_a.py',
      'tests/test_b.py',
    ]);
    expect([
      ...project({ 'conftest.py': 'import pytest\n\nnp = pytest.importorskip("numpy")\n' }),
    ]).toHaveLength(3);
    expect([...project({ 'tests/unit/conftest.py': 'pytest_plugins = ["myplugin"]\n' })]).toEqual([
      'tests/unit/test_a.py',
    ]);
    // a conftest with no skip word, a plugin switched off, or xfail_strict asks for nothing
    expect(
      project({
        'conftest.py': 'import pytest\n\n\n@pytest.fixture\ndef two():\n    return 2\n',
        'pytest.ini': '[pytest]\naddopts = -p no:cacheprovider -q\nxfail_strict = true\n',
        'pyproject.toml': '[tool.black]\nline-length = 100\n',
      }).size,
    ).toBe(0);
    // a plugin named in the settings pytest reads may skip any test
    expect(project({ 'pytest.ini': '[pytest]\naddopts = -p myplugin\n' }).size).toBe(3);
    expect(
      project({ 'pyproject.toml': '[tool.pytest.ini_options]\nrequired_plugins = ["pytest-env"]\n' }).size,
    ).toBe(3);
    expect(project({ 'setup.cfg': '[tool:pytest]\naddopts = -p xdist\n' }).size).toBe(3);
    expect(project({ 'setup.cfg': '[flake8]\naddopts = -p xdist\n' }).size).toBe(0);
    // a conftest the run overlays (the candidate written there) is not the project's
    expect(project({ 'conftest.py': runslow }, ['conftest.py']).size).toBe(0);
  });

  it('a skip in a test file the project may skip is not held against the run; one elsewhere still is', () => {
    const skipped = (name: string, file?: string): TestCaseResult => ({
      name,
      status: 'skipped',
      ...(file ? { file } : {}),
    });
    const plain = [declaredPythonTests(SUITE)];
    const projectSkips = new Set(['tests/test_slow.py']);
    expect(undeclaredPythonSkips([skipped('test_adds', 'tests/test_slow.py')], plain, projectSkips)).toEqual(
      [],
    );
    expect(
      undeclaredPythonSkips([skipped('test_adds', 'tests/test_fast.py')], plain, projectSkips),
    ).toHaveLength(1);
    expect(undeclaredPythonSkips([skipped('test_adds', 'tests/test_fast.py')], plain)).toHaveLength(1);
  });
});
