import { describe, expect, it } from 'vitest';
import { attributeFindings, checksOfTheFix, enclosingBlock, fixRegion } from './region.js';

const lines = (text: string) => text.split('\n');

describe('the lines a fix rewrites', () => {
  it('leaves a check that could not read the file not verified when none of its findings are the fix’s (r18)', () => {
    const finding = {
      ruleId: 'x',
      file: 'a.py',
      line: 9,
      column: 1,
      severity: 'high' as const,
      message: 'old',
    };
    const checked = { name: 'security', status: 'fail' as const, findings: [finding], durationMs: 1 };
    expect(checksOfTheFix([checked], [])[0]!.status).toBe('pass');
    const [unread] = checksOfTheFix(
      [{ ...checked, unverified: 'could not parse them whole (a.py line 3)' }],
      [],
    );
    expect(unread).toMatchObject({ status: 'error', reason: 'could not parse them whole (a.py line 3)' });
  });

  it('is the top-level block around a finding, without the blank lines after it', () => {
    const file = lines('import os\n\n\ndef a():\n    x = 1\n    return x\n\n\ndef b():\n    pass\n');
    expect(enclosingBlock(file, 5)).toEqual({ startLine: 4, endLine: 6 });
    expect(fixRegion(file, [5, 10])).toEqual({ startLine: 4, endLine: 10 });
  });

  it('holds the decorators of the definition, from a finding in its body or on a decorator (issue 57)', () => {
    const app = lines(
      "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/run')\n@login_required\ndef run():\n    os.system(request.args['cmd'])\n    return 'ok'\n\n\ndef other():\n    pass\n",
    );
    expect(enclosingBlock(app, 11)).toEqual({ startLine: 8, endLine: 12 });
    expect(enclosingBlock(app, 8)).toEqual({ startLine: 8, endLine: 12 });
    expect(enclosingBlock(app, 15)).toEqual({ startLine: 15, endLine: 16 });
  });

  it('narrows long blocks to the findings and 20 lines around, never past the last line of text', () => {
    const body = Array.from({ length: 400 }, (_, index) => `    v${index} = ${index}`).join('\n');
    const file = lines(`class Big:\n${body}\n\n`);
    // the file ends with a blank line and a final newline: lines 402 and 403 ("") hold no text
    expect(file.length).toBe(403);
    expect(fixRegion(file, [10, 395])).toEqual({ startLine: 1, endLine: 401 });
  });
});

describe('a finding hidden behind a suppression comment the fix added (r40 lie 8)', () => {
  const finding = (check: string, ruleId: string, line: number) => ({
    check,
    finding: { ruleId, file: 'a.ts', line, column: 1, severity: 'high' as const, message: ruleId },
  });
  const attribute = (before: string, after: string, found: ReturnType<typeof finding>[]) => {
    const oldLines = lines(before);
    const newLines = lines(after);
    return attributeFindings({
      before: found,
      after: [],
      region: { startLine: 1, endLine: oldLines.length },
      newRegion: { startLine: 1, endLine: newLines.length },
      text: { before: oldLines, after: newLines },
    });
  };
  const TS = 'export function f(x: string): number {\n  const y: number = x;\n  return y + missing;\n}\n';
  it('counts // @ts-ignore and eslint-disable-next-line above the line as hiding, not fixing', () => {
    const found = [finding('types', 'TS2322', 2), finding('lint', 'no-undef', 3)];
    const hidden = attribute(
      TS,
      'export function f(x: string): number {\n  // @ts-ignore\n  const y: number = x;\n  // eslint-disable-next-line no-undef\n  return y + missing;\n}\n',
      found,
    );
    expect(hidden.suppressed.map((item) => item.finding.ruleId)).toEqual(['TS2322', 'no-undef']);
    expect(hidden.remaining).toHaveLength(2);
    expect(hidden.suppressed[0]!.finding.message).toContain('hidden by the fix');
  });
  it('counts a file-wide // @ts-nocheck as hiding every target gone', () => {
    const hidden = attribute(TS, `// @ts-nocheck\n${TS}`, [
      finding('types', 'TS2322', 2),
      finding('types', 'TS2304', 3),
    ]);
    expect(hidden.suppressed).toHaveLength(2);
  });
  it('counts the file-wide and next-line spellings of every checker vouch runs as hiding (r45)', () => {
    const PY = 'import os\n\n\ndef f(x: int) -> int:\n    return x + "1"\n';
    const found = [finding('types', 'operator', 5), finding('lint', 'F401', 1)];
    for (const header of [
      '# mypy: disable-error-code="operator"',
      '# mypy: ignore-errors',
      '# flake8: noqa',
      '# ruff: noqa',
      '# pylint: skip-file',
      '# pyright: basic',
      '# pyright: reportOperatorIssue=false',
    ]) {
      const hidden = attribute(PY, `${header}\n${PY}`, found);
      expect(
        hidden.suppressed.map((item) => item.finding.ruleId),
        header,
      ).toEqual(['operator', 'F401']);
    }
    const TS_FOUND = [finding('types', 'TS2322', 2), finding('lint', 'no-undef', 3)];
    for (const header of [
      '/* eslint no-undef: "off" */',
      '/* global missing */',
      '/** @ts-nocheck */',
      '// biome-ignore-all lint: off',
    ]) {
      const hidden = attribute(TS, `${header}\n${TS}`, TS_FOUND);
      expect(hidden.suppressed, header).toHaveLength(2);
    }
    // pylint's disable-next silences the next line only: the other target gone is not its doing
    const next = attribute(
      PY,
      'import os\n\n\ndef f(x: int) -> int:\n    # pylint: disable-next=unsupported-binary-operation\n    return x + "1"\n',
      [finding('types', 'operator', 5)],
    );
    expect(next.suppressed.map((item) => item.finding.line)).toEqual([5]);
    // a comment that only mentions a word is no suppression: the honest fix is a fix
    const honest = attribute(
      PY,
      'import os\n\n\ndef f(x: int) -> int:\n    # global state is read here\n    return x + 1\n',
      [finding('types', 'operator', 5)],
    );
    expect(honest.suppressed).toEqual([]);
    expect(honest.remaining).toEqual([]);
    // w191: prose that starts like a directive is no suppression; the directive itself still is
    for (const [header, hides] of [
      ['# pyright: reportOperatorIssue=warning is set in the config', false],
      ['# pyright: reportOperatorIssue=warning, reportUnusedImport=false', true],
    ] as const)
      expect(attribute(PY, `${header}\n${PY}`, found).suppressed.length > 0, header).toBe(hides);
    for (const [header, hides] of [
      ['/* global cache of parsed configs */', false],
      ['/* global missing, other:writable */', true],
    ] as const)
      expect(attribute(TS, `${header}\n${TS}`, TS_FOUND).suppressed.length > 0, header).toBe(hides);
  });
  it('counts a real fix as a fix, beside a suppression the file had before', () => {
    const before = 'import os  # noqa: F401\n\n\ndef f(x):\n    return x + "1"\n';
    const fixed = attribute(before, 'import os  # noqa: F401\n\n\ndef f(x):\n    return x + 1\n', [
      finding('types', 'operator', 5),
    ]);
    expect(fixed.suppressed).toEqual([]);
    expect(fixed.remaining).toEqual([]);
    // and the same line silenced with # type: ignore is hidden
    const hidden = attribute(
      before,
      'import os  # noqa: F401\n\n\ndef f(x):\n    return x + "1"  # type: ignore\n',
      [finding('types', 'operator', 5)],
    );
    expect(hidden.suppressed.map((item) => item.finding.line)).toEqual([5]);
  });
  describe('upper-case noqa, no_type_check, casts to Any and a lookup built to dodge the gate (r48 H5)', () => {
    const CALC =
      'from typing import List\n\n\ndef total(items: List[int]) -> str:\n    result = 0\n    for item in items:\n        result += item\n    return result\n\n\ndef is_empty(value) -> bool:\n    return value == None\n';
    const calc = (edit: (text: string) => string) => edit(CALC);
    it('counts # NOQA, # NoQa and # noqa:E711 as hiding the lint finding', () => {
      for (const comment of ['# NOQA', '# NoQa: E711', '# noqa:E711', '#NOQA'])
        expect(
          attribute(
            CALC,
            calc((text) => text.replace('value == None', `value == None  ${comment}`)),
            [finding('lint', 'E711', 12)],
          ).suppressed.map((item) => item.finding.line),
          comment,
        ).toEqual([12]);
    });
    it('counts @typing.no_type_check and @no_type_check as hiding every type error of the function', () => {
      const found = [finding('types', 'name-defined', 4), finding('types', 'return-value', 8)];
      for (const decorator of ['@typing.no_type_check', '@no_type_check'])
        expect(
          attribute(
            CALC,
            calc((text) => text.replace('def total', `${decorator}\ndef total`)),
            found,
          ).suppressed.map((item) => item.finding.ruleId),
          decorator,
        ).toEqual(['name-defined', 'return-value']);
      // another decorator hides nothing
      expect(
        attribute(
          CALC,
          calc((text) =>
            text
              .replace('def total', '@functools.cache\ndef total')
              .replace('return result\n', 'return str(result)\n'),
          ),
          [finding('types', 'return-value', 8)],
        ).suppressed,
      ).toEqual([]);
    });
    it('counts a value annotated or cast to Any as hiding the type error', () => {
      for (const edit of [
        (text: string) => text.replace('    result = 0', '    result: "typing.Any" = 0'),
        (text: string) => text.replace('    result = 0', '    result: Any = 0'),
        (text: string) => text.replace('return result\n', 'return typing.cast(Any, result)\n'),
        (text: string) => text.replace('return result\n', 'return cast("Any", result)\n'),
      ])
        expect(attribute(CALC, calc(edit), [finding('types', 'return-value', 8)]).suppressed).toHaveLength(1);
    });
    it('counts a module attribute looked up by a built name as hiding the security finding, not a real fix', () => {
      const SEC = 'import tempfile\n\n\ndef scratch() -> str:\n    return tempfile.mktemp()\n';
      const found = [finding('security', 'insecure-temp-file', 5)];
      for (const body of [
        '    make = vars(tempfile)["mk" + "temp"]\n    return make()',
        '    return getattr(tempfile, "mk" + "temp")()',
        "    return getattr(tempfile, 'mktemp')()",
        '    return tempfile.__dict__["".join(["mk", "temp"])]()',
        '    return globals()["tempfile"].mktemp()',
      ])
        expect(
          attribute(SEC, SEC.replace('    return tempfile.mktemp()', body), found).suppressed,
          body,
        ).toHaveLength(1);
      // the honest fix, and a plain getattr of a name held in a variable, are fixes
      for (const body of [
        '    handle, path = tempfile.mkstemp()\n    return path',
        '    name = "mkstemp"\n    return getattr(tempfile, name)()[1]',
      ])
        expect(
          attribute(SEC, SEC.replace('    return tempfile.mktemp()', body), found).suppressed,
          body,
        ).toEqual([]);
    });
  });
});
