import { describe, expect, it } from 'vitest';
import { declaredPythonTests, undeclaredPythonTests } from './declared-python-tests.js';
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
});
