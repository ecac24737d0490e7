import { describe, expect, it } from 'vitest';
import { pythonExampleTests, pythonFunctionNames, requestExamples } from './request-examples.js';

describe("the request's own examples", () => {
  it('reads doctest examples: the call alone on its line, its output on the next lines', () => {
    const prompt = [
      'def has_close_elements(numbers, threshold):',
      '    """ Any two numbers closer than threshold?',
      '    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)',
      '    False',
      '    >>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)',
      '    True',
      '    >>> has_close_elements(numbers=[], threshold=1)',
      '    [',
      "      'a', 'b']",
      '    """',
    ].join('\n');
    expect(requestExamples(prompt, pythonFunctionNames(prompt))).toEqual([
      { name: 'has_close_elements', args: '[1.0, 2.0, 3.0], 0.5', expected: 'False' },
      { name: 'has_close_elements', args: '[1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3', expected: 'True' },
      { name: 'has_close_elements', args: 'numbers=[], threshold=1', expected: "[ 'a', 'b']" },
    ]);
  });

  it('reads examples written in prose: ==, ➞, ->, => and "should return"', () => {
    const text = [
      'Write digits(n). For example:',
      'digits(1)  == 1',
      'digits(235) ➞ 15.',
      "digits(4) -> 0, and digits('x') => None",
      'calling digits(22) should return (2, 2)',
      'x_digits(5) == 3 is another function',
    ].join('\n');
    expect(requestExamples(text, ['digits'])).toEqual([
      { name: 'digits', args: '1', expected: '1' },
      { name: 'digits', args: '235', expected: '15' },
      { name: 'digits', args: '4', expected: '0' },
      { name: 'digits', args: "'x'", expected: 'None' },
      { name: 'digits', args: '22', expected: '(2, 2)' },
    ]);
  });

  it('leaves alone what it cannot be sure of: names, expressions, printed output, exceptions, other functions', () => {
    const text = [
      '>>> f(x)',
      '3',
      '>>> print(f(2))',
      '4',
      '>>> f(2)',
      'Traceback (most recent call last):',
      'f(n) == n * 2',
      'f(2) == 4 + 1',
      'f(len(a)) == 2',
      'g(2) == 5',
      ">>> f('unclosed)",
      '1',
    ].join('\n');
    expect(requestExamples(text, ['f'])).toEqual([]);
    expect(requestExamples('f(1) == 2', [])).toEqual([]);
  });

  it('writes one pytest test per example that hands the result out, holding no expected value (r48)', () => {
    const tests = pythonExampleTests(
      [
        { name: 'mean', args: '[1, 2]', expected: '1.5' },
        { name: 'name_of', args: "{'a': 1}", expected: "'zebra'" },
      ],
      'stats',
    );
    expect(tests).toContain('import stats as _subject');
    expect(tests).toContain(
      "def test_example_1(request, _hand_out=_hand_out):\n    actual = _subject.mean([1, 2])\n    request.node.user_properties.append(('vouch_example', _hand_out(actual, 67, 7168)))",
    );
    // w191: what reads the result is bound into each test before the candidate's module is imported, last
    expect(tests.indexOf('import stats as _subject')).toBeGreaterThan(tests.indexOf('def test_example_2('));
    expect(tests).toContain(
      "def test_example_2(request, _hand_out=_hand_out):\n    actual = _subject.name_of({'a': 1})",
    );
    // r48: nothing in the run compares: no expected value, no isclose, no ==, for the candidate to patch
    expect(tests).not.toContain('zebra');
    expect(tests).not.toMatch(/isclose|_same|\bassert\b/);
  });

  it('takes no example whose result Python would not read as that value', () => {
    expect(requestExamples('f(1) == 012, f(2) == {[1]: 2}, f(3) == 0o7, f(4) == 1_000', ['f'])).toEqual([
      { name: 'f', args: '4', expected: '1_000' },
    ]);
  });

  it('finds the top-level functions a Python module defines', () => {
    expect(
      pythonFunctionNames(
        'def a(x):\n    def inner():\n        pass\nasync def b():\n    pass\nclass C:\n    def m(self): pass\n',
      ),
    ).toEqual(['a', 'b']);
  });
});
