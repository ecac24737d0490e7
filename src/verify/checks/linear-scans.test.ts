import { describe, expect, it } from 'vitest';
import { declaredPythonTests } from './declared-python-tests.js';
import { isPytestStyle } from './tests.js';

/**
 * Test files come in `/v1/check` bodies and are read on the server's main thread. These inputs made the
 * old patterns quadratic (`^\s*` reading every blank line from each line start; `[^)]*` from every
 * unclosed `class X(`): 40 000 blank lines took about 20 s, 10 000 unclosed heads 7 s. The two-second
 * budget is liveness, not speed; each case also shows the real answer nearby is kept.
 */
const timed = <T>(run: () => T) => {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
};

describe('test-file scans stay linear', () => {
  it('reads 40 000 blank lines once, and still sees the star import after them', () => {
    const blank = '\n'.repeat(40_000);
    const quiet = timed(() => declaredPythonTests(`${blank}def test_a():\n    pass\n`));
    expect(quiet.ms).toBeLessThan(2000);
    expect(quiet.value.dynamic).toBe(false);
    const star = timed(() => declaredPythonTests(`${blank}  from helpers import *\n`));
    expect(star.value.dynamic).toBe(true);
  });

  it('reads 10 000 unclosed class heads once, and still sees the TestCase class after them', () => {
    const heads = 'class A(\n'.repeat(10_000);
    const pytest = timed(() => isPytestStyle(`${heads}\ndef test_a():\n    pass\n`));
    expect(pytest.ms).toBeLessThan(2000);
    expect(pytest.value).toBe(true);
    expect(
      isPytestStyle(`${heads}x)\nclass T(unittest.TestCase):\n    pass\ndef test_a():\n    pass\n`),
    ).toBe(false);
    expect(isPytestStyle('class T(\n    unittest.TestCase,\n)  :\n    pass\n')).toBe(false);
    const blank = timed(() => isPytestStyle(`${'\n'.repeat(40_000)}  import pytest\n`));
    expect(blank.ms).toBeLessThan(2000);
    expect(blank.value).toBe(true);
  });
});
