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
