import { describe, expect, it } from 'vitest';
import { pythonProject } from '../__fixtures__/projects.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { syntaxCheck } from './syntax.js';

const available = (await sandboxAvailability()).available;
const context = { workspaceRoot: '/nonexistent-project', config: {} };

describe('syntax check', () => {
  it('passes valid TypeScript and reports broken TypeScript with the compiler message and position', async () => {
    const good = await syntaxCheck.run(
      { code: 'export const x: number = 1;\n', language: 'typescript', path: 'src/a.ts' },
      context,
    );
    expect(good.status).toBe('pass');
    const bad = await syntaxCheck.run(
      { code: 'const ok = 1;\nconst x = ;\n', language: 'typescript', path: 'src/a.ts' },
      context,
    );
    expect(bad.status).toBe('fail');
    expect(bad.findings[0]).toMatchObject({
      ruleId: 'TS1109',
      file: 'src/a.ts',
      line: 2,
      column: 11,
      severity: 'high',
      tool: 'tsc',
    });
    expect(bad.findings[0]?.message).toBe('Expression expected.');
  });

  it("calls no syntax error what the compiler reads and tree-sitter's grammar lacks, and keeps a real one beside it", async () => {
    // TypeScript 4.7's variance annotations and 4.9's `accessor`: tree-sitter-typescript leaves ERROR nodes (w90)
    const valid = 'interface Box<in T> {}\nclass A {\n  accessor x = 1;\n}\n';
    const good = await syntaxCheck.run({ code: valid, language: 'typescript', path: 'src/a.ts' }, context);
    expect(good.findings).toEqual([]);
    expect(good.status).toBe('pass');
    // with a real error beside them, the compiler's finding is reported
    const bad = await syntaxCheck.run(
      { code: `${valid}const x = ;\n`, language: 'typescript', path: 'src/a.ts' },
      context,
    );
    expect(bad.status).toBe('fail');
    expect(bad.findings.map((finding) => `${finding.line}:${finding.ruleId}`)).toContain('5:TS1109');
  });

  it('calls no syntax error the type-only TypeScript the grammar lacks (export type *, import() types), keeps a real one', async () => {
    const valid =
      "export type * from './types.js';\nexport type * as T from './t.js';\nlet listing: import('node:fs').Dirent[];\ntype P = import('./p.js').P;\n";
    for (const [language, path] of [
      ['typescript', 'src/a.ts'],
      ['tsx', 'src/a.tsx'],
    ] as const) {
      const good = await syntaxCheck.run({ code: valid, language, path }, context);
      expect(good.findings, language).toEqual([]);
      expect(good.status).toBe('pass');
    }
    // an initialiser after an import() type array is code the recovery loses: tree-sitter's error stays
    const valued = await syntaxCheck.run(
      { code: "let listing: import('node:fs').Dirent[] = [];\n", language: 'typescript', path: 'src/a.ts' },
      context,
    );
    expect(valued.status).toBe('fail');
    expect(valued.findings.map((finding) => finding.tool)).toEqual(['tree-sitter']);
  });

  it("reports the early errors TypeScript's transpileModule leaves to its checker (r18)", async () => {
    // each passes transpileModule without a diagnostic; node --check rejects each
    const broken: [string, number][] = [
      ['class Counter {\n  #n = 0;\n}\nconst n = #n;\n', 4],
      ['const items = [];\nfor (let i = 0 of items) {}\n', 2],
      ['1 = 2;\n', 1],
      ['x = new.foo;\n', 1],
    ];
    for (const [code, line] of broken) {
      for (const [language, path] of [
        ['javascript', 'src/a.js'],
        ['typescript', 'src/a.ts'],
      ] as const) {
        const result = await syntaxCheck.run({ code, language, path }, context);
        expect(result.status, `${language}: ${code}`).toBe('fail');
        expect(result.findings.map((finding) => finding.line)).toContain(line);
      }
    }
  });

  it("drops tree-sitter's errors on the JavaScript grammar's gaps only", async () => {
    const valid = [
      'class A {\n  accessor x = 1;\n  static accessor y;\n}\n',
      'function f() {\n  using res = open();\n  return res;\n}\n',
      'import data from "./d.json" assert { type: "json" };\n',
    ];
    for (const code of valid) {
      const result = await syntaxCheck.run({ code, language: 'javascript', path: 'src/a.js' }, context);
      expect(result.findings, code).toEqual([]);
    }
  });

  it('reads a grammar gap on the line the finding is on when a lone \\r or U+2028 ends a line (r23)', async () => {
    const run = (code: string, language: 'javascript' | 'typescript') =>
      syntaxCheck.run({ code, language, path: language === 'javascript' ? 'src/a.js' : 'src/a.ts' }, context);
    // `1 = 2;` is an error node --check reports on the line given; the `using `/`accessor ` of the line the
    // text split at \n alone calls by that number is no gap of that line
    const hidden: [string, 'javascript' | 'typescript', number][] = [
      ['let z = 1;\r      1 = 2;\nusing = 5;\n', 'javascript', 2],
      ["let z = '\u2028';\n      1 = 2;\nusing = 5;\n", 'javascript', 3],
      [
        'let z = 1;\r                    1 = 2;\nclass K { accessor x = 1; }\n// ..... accessor \n',
        'typescript',
        2,
      ],
    ];
    for (const [code, language, line] of hidden) {
      const result = await run(code, language);
      expect(result.status, JSON.stringify(code)).toBe('fail');
      expect(
        result.findings.map((finding) => finding.line),
        JSON.stringify(code),
      ).toContain(line);
    }
    // a genuine `accessor` after a lone \r is still the grammar's gap, and the real fault beside it stays
    const genuine = 'let z = 1;\r                    1 = 2;\nclass K {accessor x = 1; }\n';
    const result = await run(genuine, 'typescript');
    expect(result.findings.map((finding) => finding.line)).toEqual([2]);
    expect((await run(genuine.replace('1 = 2;', 'const q = 2;'), 'typescript')).findings).toEqual([]);
  });

  it("reports a fault once, on the line the language's own parser gives it, in LF, CRLF and lone-CR files (r18, w104)", async () => {
    const lines = async (code: string, language: 'javascript' | 'typescript' | 'python') => {
      const path = language === 'python' ? 'app/a.py' : language === 'javascript' ? 'src/a.js' : 'src/a.ts';
      const result = await syntaxCheck.run({ code, language, path }, context);
      expect(result.status, code).toBe('fail');
      // the lines findings are on (tsc may say more than one thing of one line)
      return [...new Set(result.findings.map((finding) => finding.line))];
    };
    // tsc puts each of these on the line given, as node --check does but for the second; tree-sitter's
    // recovery began lines above
    const script: [string, number][] = [
      ['function f(x) {\n  const y = [1, 2,\n  return y;\n}\n\nconst z = 3;\n', 3],
      [
        "const cp = require('child_process');\napp.get('/', (req, res) => {\n  const x = 1;\n  cp.exec(req.query.c\n});\n",
        5, // tsc's `,` expected at the `}` (node --check: the `c` on line 4, missing `)`)
      ],
      ['const a = {\n  b: 1,\n  c: 2\n\nfunction g() {}\n', 5],
      ['const x = 1;\nconst y = 2;\nconst z = (', 3],
      // a lone \r ends a line; U+2028 too, in a string as well (V8 and tsc number lines so)
      ['const x = 1;\rconst y = f(x));\nconst z = 2;\n', 2],
      ['const s = "a\u2028b";\nconst y = f(x));\n', 3],
    ];
    for (const [code, line] of script)
      for (const language of ['javascript', 'typescript'] as const) {
        expect(await lines(code, language), `${language}: ${code}`).toEqual([line]);
        expect(await lines(code.replace(/\n/g, '\r\n'), language), `${language} CRLF: ${code}`).toEqual([
          line,
        ]);
      }
    // ast.parse puts each on the line given (the bracket never closed, the stray one)
    const python: [string, number][] = [
      ['def f(x):\n    y = [1, 2,\n    return y\n\nz = 3\n', 2],
      ['def f(x):\n    return {"a": 1,\n            "b": 2\n\ndef g():\n    pass\n', 2],
      ['x = 1\ny = f(x))\nz = 2\n', 2],
      ['x = 1\ry = f(x))\nz = 2\n', 2],
      ['x = 1\ny = 2\nz = (', 3],
    ];
    for (const [code, line] of python) {
      expect(await lines(code, 'python'), code).toEqual([line]);
      expect(await lines(code.replace(/\n/g, '\r\n'), 'python'), `CRLF: ${code}`).toEqual([line]);
    }
  });

  it('uses tree-sitter alone for languages without a cheap parser of their own', async () => {
    const bad = await syntaxCheck.run(
      { code: 'package main\nfunc main( {\n}\n', language: 'go', path: 'main.go' },
      context,
    );
    expect(bad.status).toBe('fail');
    expect(bad.findings.every((finding) => finding.tool === 'tree-sitter')).toBe(true);
    expect(bad.details?.tools).toEqual(['tree-sitter']);
  });

  it.skipIf(!available)("adds Python's own compiler, with the project's interpreter", async () => {
    const root = pythonProject();
    const python = { workspaceRoot: root, config: {} };
    const good = await syntaxCheck.run(
      { code: 'def f(x):\n    return x\n', language: 'python', path: 'app/a.py' },
      python,
    );
    expect(good.status).toBe('pass');
    expect(good.details?.tools).toEqual(['tree-sitter', 'py_compile']);
    // tree-sitter accepts `return` at module level; only Python's compiler rejects it
    const outside = await syntaxCheck.run(
      { code: 'x = 1\nreturn x\n', language: 'python', path: 'app/a.py' },
      python,
    );
    expect(outside.status).toBe('fail');
    expect(outside.findings[0]).toMatchObject({ tool: 'py_compile', line: 2 });
    expect(outside.findings[0]?.message).toMatch(/'return' outside function/);
  });
});
