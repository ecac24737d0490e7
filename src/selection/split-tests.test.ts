import { describe, expect, it } from 'vitest';
import { splitTests, stripFences } from './split-tests.js';

describe('splitTests (Python)', () => {
  it('pulls apart a messy model answer: fences, test functions, one-liners, duplicates, cut-off ends', async () => {
    const raw = [
      'Here are some tests:',
      '```python',
      'import math',
      'def check(candidate):',
      '    assert candidate([1, 2]) == 3',
      '    assert candidate([]) == 0, "empty"',
      '    assert candidate(',
      '        [4, 5]) == 9',
      'assert add(1, 2) == 3; assert add(2, 2) == 4',
      'assert add(1, 2) == 3',
      'assert add(5, 5',
    ].join('\n');
    const split = await splitTests('python', raw);
    expect(split.prelude).toEqual(['import math']);
    expect(split.assertions).toEqual([
      'assert candidate([1, 2]) == 3',
      'assert candidate([]) == 0, "empty"',
      'assert candidate(\n        [4, 5]) == 9',
      'assert add(1, 2) == 3',
      'assert add(2, 2) == 4',
    ]);
    expect(split.dropped).toBe(1);
  });

  it('keeps good assertions around a malformed one', async () => {
    const split = await splitTests('python', 'assert f(1) == 1\nassert f(2) == = 2\nassert f(3) == 3\n');
    expect(split.assertions).toContain('assert f(1) == 1');
    expect(split.assertions).toContain('assert f(3) == 3');
    expect(split.assertions.some((assertion) => assertion.includes('f(2)'))).toBe(false);
  });

  it('finds nothing in prose', async () => {
    const split = await splitTests('python', 'I cannot write tests for this.');
    expect(split.assertions).toEqual([]);
  });
});

describe('splitTests (TypeScript)', () => {
  it('takes assert/expect calls out of test functions and drops cut-off ones', async () => {
    const raw = [
      "const assert = require('node:assert');",
      'function test() {',
      '  let candidate = f;',
      '  assert.deepEqual(candidate([1, 2]), 3);',
      '  assert(candidate([2]) === 2);',
      '  console.log("noise");',
      '  assert.deepEqual(candidate([9',
    ].join('\n');
    const split = await splitTests('typescript', raw);
    expect(split.assertions).toEqual([
      'assert.deepEqual(candidate([1, 2]), 3);',
      'assert(candidate([2]) === 2);',
    ]);
  });
});

describe('stripFences', () => {
  it('joins every fenced block, including an unterminated last one', () => {
    expect(stripFences('a\n```py\nx = 1\n```\nb\n```\ny = 2\n')).toBe('x = 1\n\ny = 2\n');
    expect(stripFences('no fences')).toBe('no fences');
  });
});
