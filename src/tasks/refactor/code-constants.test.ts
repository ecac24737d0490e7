import { describe, expect, it } from 'vitest';
import { codeConstants } from './code-constants.js';

/**
 * r45 #9: `x + x` → `x * 2 + (x == 3 ** 17)` was proven, since only 129140163 tells the two apart and the
 * literals 3 and 17 (and their neighbours) never reach it. An expression of literals alone is a constant of
 * the code too.
 */
describe('codeConstants: expressions of literals', () => {
  it('works out a power of literals in Python, and keeps the literals', async () => {
    const { numbers } = await codeConstants([
      { language: 'python', source: 'def scale(x: int) -> int:\n    return x * 2 + (x == 3 ** 17)\n' },
    ]);
    expect(numbers).toContain(3 ** 17);
    expect(numbers).toContain(3);
    expect(numbers).toContain(17);
  });

  it("follows each language's rules for // and %", async () => {
    const python = await codeConstants([
      { language: 'python', source: 'A = -7 // 2\nB = -7 % 3\nC = -(2 ** 31)\n' },
    ]);
    expect(python.numbers).toEqual(expect.arrayContaining([-4, 2, -(2 ** 31)]));
    const typescript = await codeConstants([
      {
        language: 'typescript',
        source: 'export const f = (x: number) => x === 24 * 60 * 60 || x === -7 % 3;\n',
      },
    ]);
    expect(typescript.numbers).toEqual(expect.arrayContaining([86400, -1]));
  });

  it('leaves out what depends on a name, and a power too large to be exact', async () => {
    const { numbers } = await codeConstants([
      { language: 'python', source: 'def f(x):\n    return x ** 2 + 10 ** 30\n' },
    ]);
    expect(numbers).not.toContain(1e30);
    expect(numbers).toEqual(expect.arrayContaining([2, 10, 30]));
  });
});
