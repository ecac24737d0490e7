import { describe, expect, it } from 'vitest';
import { compileTypeScript } from './typescript-compile.js';

const MULTIPLE_TESTS =
  "declare var require: any;\nconst assert = require('node:assert');\nfunction test() {\n  let candidate = f;\n  assert.deepEqual(candidate(2), 4);\n}\ntest();";
const MXEVAL_TESTS =
  "\nimport * as assert from 'assert'\nlet actual_1 = f(2);\nassert.deepEqual(actual_1, 4, 'case 0');\n";

describe('compileTypeScript', () => {
  it('MultiPL-E: any diagnostic fails, as `tsc --target esnext` exits non-zero', () => {
    const [good, typeError, syntaxError] = compileTypeScript(
      [
        `function f(x: number): number {\n  return x * 2;\n}\n${MULTIPLE_TESTS}`,
        `function f(x: number): number {\n  return "x";\n}\n${MULTIPLE_TESTS}`,
        `function f(x: number): number {\n  return (;\n}\n${MULTIPLE_TESTS}`,
      ],
      'multipl-e',
    );
    expect(good).toMatchObject({ exitStatus: 0, compiled: true });
    expect(good!.js).toContain('function f(x)');
    expect(typeError).toMatchObject({ exitStatus: 2, compiled: false });
    expect(typeError!.diagnostics[0]).toMatchObject({ code: 2322, line: 2, syntactic: false });
    expect(syntaxError!.compiled).toBe(false);
    expect(syntaxError!.diagnostics.some((diagnostic) => diagnostic.syntactic)).toBe(true);
  });

  it('keeps scripts apart: two programs declaring the same globals do not collide', () => {
    const program = `function f(x: number): number {\n  return x * 2;\n}\n${MULTIPLE_TESTS}`;
    const results = compileTypeScript([program, program], 'multipl-e');
    expect(results.map((result) => result.exitStatus)).toEqual([0, 0]);
  });

  it('sees the DOM globals tsc --target esnext includes, as a script does', () => {
    // lib.dom declares `name`; a top-level const of that name is an error in a script.
    const [result] = compileTypeScript(
      [`const name = 1;\nfunction f(x: number): number { return x; }`],
      'multipl-e',
    );
    expect(result!.compiled).toBe(false);
  });

  it('mxeval: compiled only when tsc exits with 2, so type errors pass through to the run', () => {
    const [typeError, good] = compileTypeScript(
      [
        `const f = function (x: number) : number  {\n  return "x" as any as number + x;\n}${MXEVAL_TESTS}`,
        `const f = function (x: number) : number  {\n  return x * 2;\n}${MXEVAL_TESTS}`,
      ],
      'mxeval',
    );
    // 'assert' has no types in mxeval's environment, so there is always a diagnostic (TS2307).
    expect(good!.diagnostics.map((diagnostic) => diagnostic.code)).toContain(2307);
    expect(good).toMatchObject({ exitStatus: 2, compiled: true });
    expect(good!.js).toContain('require("assert")');
    expect(typeError!.compiled).toBe(true);
  });
});
