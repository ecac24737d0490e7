import { describe, expect, it } from 'vitest';
import { languageForPath, normalizeLanguage } from '../core/languages.js';
import { firstSyntaxError, parse, syntaxErrors } from './parser.js';
import { loadQuery } from './queries.js';

const samples = {
  python: 'def add(a, b):\n    return a + b\n',
  javascript: 'function add(a, b) { return a + b; }\n',
  typescript: 'export function add(a: number, b: number): number { return a + b; }\n',
  tsx: 'export const A = () => <div className="x">{1}</div>;\n',
  go: 'package main\nfunc add(a int, b int) int { return a + b }\n',
  java: 'class A { int add(int a, int b) { return a + b; } }\n',
  rust: 'fn add(a: i32, b: i32) -> i32 { a + b }\n',
} as const;

describe('syntax', () => {
  for (const [language, source] of Object.entries(samples)) {
    it(`parses ${language} without errors`, async () => {
      const tree = await parse(language as keyof typeof samples, source);
      expect(syntaxErrors(tree)).toEqual([]);
      tree.delete();
    });
  }

  it('reports the position of a syntax error', async () => {
    const tree = await parse('python', 'def broken(:\n    return 1\n');
    const errors = syntaxErrors(tree);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.startPosition.row).toBe(0);
    tree.delete();
  });

  it("names the innermost error's line, not where tree-sitter's recovery began (r18)", async () => {
    // the `)` missing on line 5: tree-sitter wraps lines 1 to 6 in one ERROR node, with the fault inside it at
    // line 6's `}`, where a `)` was due
    const source =
      "const cp = require('child_process');\nconst a = 1;\nconst b = 2;\napp.get('/', (req, res) => {\n  cp.exec(req.query.c\n});\n";
    const tree = await parse('javascript', source);
    expect(firstSyntaxError(tree)?.startPosition.row).toBe(5);
    tree.delete();
    const clean = await parse('javascript', 'const a = 1;\n');
    expect(firstSyntaxError(clean)).toBeUndefined();
    clean.delete();
  });

  it('maps paths and --lang values to languages', () => {
    expect(languageForPath('src/a.tsx')).toBe('tsx');
    expect(languageForPath('x/y.PY')).toBe('python');
    expect(languageForPath('README')).toBeUndefined();
    expect(normalizeLanguage('TS')).toBe('typescript');
    expect(normalizeLanguage('cobol')).toBeUndefined();
  });

  it('has no query for a name it does not ship', async () => {
    expect(await loadQuery('python', 'no-such-query')).toBeUndefined();
  });
});

describe('grammar loading', () => {
  it('loads many grammars at once without the overlapping-load failure', async () => {
    const { loadLanguage } = await import('./parser.js');
    const ids = ['c', 'cpp', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'bash', 'csharp'] as const;
    const loaded = await Promise.all(ids.map((id) => loadLanguage(id)));
    expect(loaded.every((language) => language.version > 0)).toBe(true);
  });
});
