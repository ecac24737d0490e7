import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyModelDiff, DiffApplyError, parseModelDiff } from '../answer-edits/apply-diff.js';
import { parseFailure } from './frames.js';
import { locatePath } from './locate.js';

// Output as the tools print it (pytest 7.2, CPython 3.11, Node 20, tsc 5, mypy 1.0), copied from real runs.
const PYTEST = `=================================== FAILURES ===================================
__________________________________ test_ratio __________________________________

    def test_ratio():
>       assert ratio(2, 0) == 0

tests/test_calc.py:9: 
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 

a = 2, b = 0

    def ratio(a, b):
>       return mean([a, b]) / b
E       ZeroDivisionError: float division by zero

calc.py:6: ZeroDivisionError
=========================== short test summary info ============================
FAILED tests/test_calc.py::test_ratio - ZeroDivisionError: float division by ...
`;

const TRACEBACK = `Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "/srv/app/calc.py", line 6, in ratio
    return mean([a, b]) / b
           ~~~~~~~~~~~~~^~~
ZeroDivisionError: float division by zero
`;

const NODE = `/tmp/dbgplay/app.js:2
  return items.reduce((sum, item) => sum + item.price, 0);
                                                ^

TypeError: Cannot read properties of null (reading 'price')
    at /tmp/dbgplay/app.js:2:49
    at Array.reduce (<anonymous>)
    at total (/tmp/dbgplay/app.js:2:16)
    at Object.<anonymous> (/tmp/dbgplay/app.js:4:13)
    at Module._compile (node:internal/modules/cjs/loader:1521:14)
    at node:internal/main/run_main_module:28:49

Node.js v20.20.2
`;

describe('parseFailure', () => {
  it('reads pytest: every location, innermost last, and the E line as the error', () => {
    const parsed = parseFailure(PYTEST);
    expect(parsed.frames.map((frame) => `${frame.file}:${frame.line}`)).toEqual([
      'tests/test_calc.py:9',
      'calc.py:6',
    ]);
    expect(parsed.error).toBe('ZeroDivisionError: float division by zero');
  });

  it('reads a Python traceback', () => {
    const parsed = parseFailure(TRACEBACK);
    expect(parsed.frames.map((frame) => [frame.file, frame.line, frame.function])).toEqual([
      ['<string>', 1, '<module>'],
      ['/srv/app/calc.py', 6, 'ratio'],
    ]);
    expect(parsed.error).toBe('ZeroDivisionError: float division by zero');
  });

  it("reads Node's stack: runtime frames left out, the throw site innermost", () => {
    const parsed = parseFailure(NODE);
    expect(parsed.frames.map((frame) => `${frame.file}:${frame.line}`)).toEqual([
      '/tmp/dbgplay/app.js:4',
      '/tmp/dbgplay/app.js:2',
    ]);
    expect(parsed.error).toBe("TypeError: Cannot read properties of null (reading 'price')");
  });

  it('reads tsc (plain and pretty, coloured) and mypy diagnostics', () => {
    const tsc = parseFailure("bad.ts(4,7): error TS2322: Type 'number' is not assignable to type 'string'.");
    expect(tsc.frames[0]).toMatchObject({ file: 'bad.ts', line: 4, column: 7, source: 'compiler' });
    expect(tsc.error).toBe("error TS2322: Type 'number' is not assignable to type 'string'.");
    const pretty = parseFailure(
      "\x1b[96mbad.ts\x1b[0m:\x1b[93m4\x1b[0m:\x1b[93m7\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS2322: \x1b[0mType 'number' is not assignable to type 'string'.",
    );
    expect(pretty.frames[0]).toMatchObject({ file: 'bad.ts', line: 4, column: 7 });
    const mypy = parseFailure(
      'typed.py:4: error: Argument 1 to "twice" has incompatible type "str"; expected "int"  [arg-type]\nFound 1 error in 1 file (checked 1 source file)',
    );
    expect(mypy.frames).toHaveLength(1);
    expect(mypy.frames[0]).toMatchObject({ file: 'typed.py', line: 4, source: 'compiler' });
    expect(mypy.error).toContain('incompatible type "str"');
  });

  it("reads vitest's report (vitest 4)", () => {
    const parsed = parseFailure(` FAIL  src/sum.test.ts > big
RangeError: too big
 ❯ sum src/sum.ts:2:22
      1| export function sum(a: number, b: number): number {
      2|   if (a > 100) throw new RangeError('too big');
       |                      ^
 ❯ src/sum.test.ts:8:10
`);
    expect(parsed.frames.map((frame) => [frame.file, frame.line, frame.function])).toEqual([
      ['src/sum.test.ts', 8, undefined],
      ['src/sum.ts', 2, 'sum'],
    ]);
    expect(parsed.error).toBe('RangeError: too big');
  });

  it('finds nothing in output that names no place', () => {
    expect(parseFailure('Segmentation fault\n').frames).toEqual([]);
  });
});

describe('locatePath', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const root of made) rmSync(root, { recursive: true, force: true });
  });
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'vouch-locate-'));
    made.push(root);
    mkdirSync(join(root, 'pkg'));
    writeFileSync(join(root, 'pkg', 'calc.py'), 'x = 1\n');
    writeFileSync(join(root, '.env'), 'KEY=1\n');
    return root;
  };

  it('maps relative, absolute and foreign-mount paths into the workspace', () => {
    const root = project();
    expect(locatePath(root, 'pkg/calc.py')).toBe('pkg/calc.py');
    expect(locatePath(root, 'calc.py', join(root, 'pkg'))).toBe('pkg/calc.py');
    expect(locatePath(root, join(root, 'pkg', 'calc.py'))).toBe('pkg/calc.py');
    expect(locatePath(root, '/app/pkg/calc.py')).toBe('pkg/calc.py');
    expect(locatePath(root, `file://${join(root, 'pkg', 'calc.py')}`)).toBe('pkg/calc.py');
  });

  it('leaves out the standard library, installed packages, secrets files and missing files', () => {
    const root = project();
    expect(locatePath(root, '/usr/lib/python3.11/json/decoder.py')).toBeUndefined();
    expect(locatePath(root, `${root}/.venv/lib/python3.11/site-packages/pkg/calc.py`)).toBeUndefined();
    expect(locatePath(root, '.env')).toBeUndefined();
    expect(locatePath(root, 'pkg/gone.py')).toBeUndefined();
  });
});

describe('applyModelDiff', () => {
  const BEFORE =
    'def mean(values):\n    return sum(values) / len(values) + 1\n\n\ndef ratio(a, b):\n    return mean([a, b]) / b\n';

  it('places hunks by their content when the header numbers are wrong', () => {
    const [file] = parseModelDiff(
      '--- a/calc.py\n+++ b/calc.py\n@@ -40,3 +40,3 @@\n def mean(values):\n-    return sum(values) / len(values) + 1\n+    return sum(values) / len(values)\n \n',
    );
    expect(file?.path).toBe('calc.py');
    expect(applyModelDiff(BEFORE, file!)).toBe(BEFORE.replace(' + 1\n', '\n'));
  });

  it('says which line is not in the file when a hunk does not apply', () => {
    const [file] = parseModelDiff(
      '--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def mean(values):\n-    return statistics.mean(values)\n+    return 0\n',
    );
    expect(() => applyModelDiff(BEFORE, file!)).toThrow(DiffApplyError);
    expect(() => applyModelDiff(BEFORE, file!)).toThrow(
      'the line `return statistics.mean(values)` is not in the file',
    );
  });

  it('refuses to delete a file and reads prose after the diff as the end', () => {
    const [deleting] = parseModelDiff('--- a/calc.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n');
    expect(() => applyModelDiff('x\n', deleting!)).toThrow('may not delete');
    const [file] = parseModelDiff('--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\nThat fixes it.\n');
    expect(file?.hunks[0]?.lines).toEqual(['-a = 1', '+a = 2']);
  });
});
