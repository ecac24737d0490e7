import { describe, expect, it } from 'vitest';
import { declaredTests } from './declared-tests.js';

describe('declaredTests', () => {
  it('lists each literal test name, nested and through aliases, and how often', () => {
    const declared = declaredTests(
      [
        "import { describe, it, test } from 'node:test';",
        "test('adds', () => {});",
        "test.skip('later', () => {});",
        "describe('suite', () => {",
        "  it('adds', () => {});",
        "  test('with subtests', async (t) => { await t.test('inner', () => {}); });",
        '});',
      ].join('\n'),
      'a.test.js',
    );
    expect(Object.fromEntries(declared.names)).toEqual({ adds: 2, later: 1, 'with subtests': 1, inner: 1 });
    expect(declared.dynamic).toBe(false);
  });

  it('says when names or counts are not all written out', () => {
    expect(declaredTests("for (const n of [1, 2]) test('n', () => {});", 'a.test.js').dynamic).toBe(true);
    expect(declaredTests('test(name, () => {});', 'a.test.js').dynamic).toBe(true);
    expect(declaredTests("test.each([1, 2])('n %s', () => {});", 'a.test.ts').dynamic).toBe(true);
    expect(declaredTests("[1, 2].forEach(() => test('n', () => {}));", 'a.test.ts').dynamic).toBe(true);
    expect(declaredTests("function cases() { test('n', () => {}); }\ncases();", 'a.test.ts').dynamic).toBe(
      true,
    );
  });
});
