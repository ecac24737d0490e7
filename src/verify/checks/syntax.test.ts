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
