/**
 * w90: which files tree-sitter cannot read whole (an ERROR node or a MISSING token), and whether the
 * language's own parser agrees that the file is broken. `vouch scan` reports such a file "not verified"
 * when its engine parses it (the file holds a rule's trigger words); where Python's `ast.parse` (or the
 * TypeScript compiler) reads the file without an error, the grammar is what lacks, not the code.
 *
 *   node --import tsx bench/security/parse-errors.ts <folder, file or `sallm`>… [--python python3]
 *   node --import tsx bench/security/parse-errors.ts --constructs
 *
 * Prints, per folder: files of a language vouch scans, files with an ERROR/MISSING node (past the type-only
 * TypeScript gaps the engine passes over: src/syntax/grammar-gaps.ts), those among them
 * the engine parses, and each such file with the first line tree-sitter could not read and the language
 * parser's verdict (Python: `ast.parse` of the interpreter given; JavaScript/TypeScript: the compiler's
 * syntactic diagnostics).
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { type LanguageId, languageForPath } from '../../src/core/index.js';
import { defaultRuleSet } from '../../src/security/index.js';
import { firstSyntaxError, isTypeOnlyGap, parse, type SyntaxNode } from '../../src/syntax/index.js';
import { readPrograms } from './real/data.js';

interface Unreadable {
  file: string;
  language: LanguageId;
  line: number;
  /** the text tree-sitter could not read there (first 60 characters of its line) */
  text: string;
  /** the engine parses this file (a rule's trigger words are in it): `vouch scan` reports it not verified */
  engineParses: boolean;
  /** the language's own parser: undefined when it reads the file, else its first error */
  ownParser?: string;
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name === 'node_modules' || name === '__pycache__' || name.startsWith('.')) continue;
    out.push(...filesUnder(join(path, name)));
  }
  return out;
}

const PYTHON_CHECK = `
import ast, json, sys
out = {}
for name, source in json.load(sys.stdin).items():
    try:
        ast.parse(source, name)
    except SyntaxError as e:
        out[name] = f"line {e.lineno}: {e.msg}"
print(json.dumps(out))
`;

/** Python's verdict on each file: its first SyntaxError, or absent when `ast.parse` reads it. */
function pythonVerdicts(sources: ReadonlyMap<string, string>, python: string): Map<string, string> {
  if (sources.size === 0) return new Map();
  const out = execFileSync(python, ['-c', PYTHON_CHECK], {
    input: JSON.stringify(Object.fromEntries(sources)),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return new Map(Object.entries(JSON.parse(out) as Record<string, string>));
}

/** The TypeScript compiler's first syntactic diagnostic, or undefined when it reads the file. */
function typescriptVerdict(path: string, source: string, language: LanguageId): string | undefined {
  const extension = language === 'tsx' ? '.tsx' : language === 'javascript' ? '.js' : '.ts';
  const output = ts.transpileModule(source, {
    fileName: `check${extension}`,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true, target: ts.ScriptTarget.ESNext },
  });
  const first = output.diagnostics?.[0];
  if (!first) return undefined;
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ESNext);
  const { line } = file.getLineAndCharacterOfPosition(first.start ?? 0);
  return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

interface Program {
  file: string;
  source: string;
  language: LanguageId;
}

function programsUnder(root: string): Program[] {
  if (root === SALLM)
    return readPrograms().map((program) => ({
      file: program.file,
      source: program.code,
      language: 'python',
    }));
  return filesUnder(root).flatMap((file) => {
    const language = languageForPath(file);
    if (!language || !['python', 'javascript', 'typescript', 'tsx'].includes(language)) return [];
    return [{ file, source: readFileSync(file, 'utf8'), language }];
  });
}

/** SALLM's development half (bench/security/real/data.ts reads it from the shared datasets) */
const SALLM = 'sallm';

/** The engine's first unread part: the parser's first error past the type-only TypeScript gaps it passes over. */
function firstUnread(
  tree: Parameters<typeof firstSyntaxError>[0],
  language: LanguageId,
): SyntaxNode | undefined {
  return firstSyntaxError(tree, (node, parent) => isTypeOnlyGap({ node, parent, language }));
}

async function survey(
  root: string,
  python: string,
): Promise<{ files: number; unreadable: Unreadable[]; pythonRejects: string[] }> {
  const rules = defaultRuleSet();
  const unreadable: Unreadable[] = [];
  const sources = new Map<string, string>();
  let files = 0;
  for (const { file: path, source, language } of programsUnder(root)) {
    files++;
    sources.set(path, source);
    const tree = await parse(language, source);
    try {
      const node = firstUnread(tree, language);
      if (!node) continue;
      const row = node.startPosition.row;
      unreadable.push({
        file: path,
        language,
        line: row + 1,
        text: (source.split('\n')[row] ?? '').trim().slice(0, 60),
        engineParses: rules[language === 'python' ? 'python' : 'javascript'].mayMatch(source),
      });
    } finally {
      tree.delete();
    }
  }
  // every Python file, not only those tree-sitter could not read: what Python rejects and tree-sitter reads
  const verdicts = pythonVerdicts(
    new Map([...sources].filter(([file]) => languageForPath(file) === 'python' || root === SALLM)),
    python,
  );
  for (const entry of unreadable) {
    const verdict =
      entry.language === 'python'
        ? verdicts.get(entry.file)
        : typescriptVerdict(entry.file, sources.get(entry.file)!, entry.language);
    if (verdict) entry.ownParser = verdict;
  }
  return { files, unreadable, pythonRejects: [...verdicts.keys()] };
}

/**
 * Valid syntax, one construct a line, that a grammar might not know (newer than the grammar, or another
 * dialect): `--constructs` parses each alone and prints those tree-sitter cannot read.
 */
const CONSTRUCTS: Partial<Record<LanguageId, [name: string, source: string][]>> = {
  python: [
    ['PEP 701: quotes of the f-string inside it', 'x = f"{d["k"]}"\n'],
    ['PEP 701: a backslash inside the expression', 'x = f"{"\\n".join(a)}"\n'],
    ['PEP 701: an f-string nested in the same quotes', 'x = f"{f"{a}"}"\n'],
    ['f-string: nested format spec, =, !r', 'x = f"{a=}{b!r:>{w}.{p}}"\n'],
    ['PEP 695: type alias', 'type Point = tuple[float, float]\n'],
    [
      'PEP 695: generic def and class, bounds, *Ts, **P',
      'def f[T: (int, str), *Ts, **P](x: T) -> T: ...\nclass A[T]: pass\n',
    ],
    ['PEP 696: type parameter default (3.13)', 'def f[T = int](x: T) -> T: ...\n'],
    [
      'match: class, mapping with **rest, or/as/guard',
      'match p:\n    case Point(x=0) | {"a": 1, **rest} if rest:\n        pass\n    case [1, *others] | (2 as others):\n        pass\n',
    ],
    [
      'match: dotted, negative and complex values',
      'match p:\n    case Color.RED | -1 | 1+2j:\n        pass\n',
    ],
    ['match, case and type as plain names', 'match = 1\ncase = match.x\ntype = 2\ntype(x)\n'],
    ['except*', 'try:\n    pass\nexcept* ValueError as e:\n    pass\n'],
    ['parenthesised context managers', 'with (open(a) as f, open(b) as g):\n    pass\n'],
    ['PEP 646: star in an index', 'x: tuple[*Ts]\n'],
    ['walrus in a comprehension', 'y = [z for x in a if (z := x)]\n'],
    ['positional-only and keyword-only parameters', 'def f(a, /, b, *, c): pass\n'],
    ['PEP 614: any expression as decorator', '@buttons[0].clicked.connect\ndef f(): pass\n'],
  ],
  typescript: [
    ['satisfies', 'const a = { b: 1 } satisfies R;\n'],
    ['const type parameter', 'function f<const T>(x: T) { return x; }\n'],
    ['decorators', 'class A { @dec() m() {} @dec x = 1; }\nexport @dec class B {}\n'],
    ['accessor (TS 4.9)', 'class A { accessor x = 1; }\n'],
    ['in/out variance annotations (TS 4.7)', 'interface A<in T, out U> {}\n'],
    ['using and await using (TS 5.2)', '{ using r = g(); }\nasync function f() { await using r = g(); }\n'],
    ['import attributes (with)', 'import j from "./a.json" with { type: "json" };\n'],
    ['import assertions (assert, deprecated)', 'import j from "./a.json" assert { type: "json" };\n'],
    ['instantiation expression', 'const ErrorMap = Map<string, Error>;\n'],
    ['infer with extends', 'type A<T> = T extends [infer H extends string, ...infer R] ? H : never;\n'],
    ['export type * (TS 5.0)', "export type * from './a';\nexport type * as A from './a';\n"],
    ['import() type in an alias', "type A = import('./a').A;\n"],
    ['import() type array', "let a: import('./a').A[];\n"],
    [
      'import() type array after readonly, in a cast',
      "const d = (s as { p?: readonly import('m').D[] }).p;\n",
    ],
    ['using as a plain name', "const using = new Map();\nusing.set('a', 1);\n"],
    ['import x = require, export =', 'import fs = require("fs");\nexport = fs;\n'],
  ],
  tsx: [['generic arrow with JSX', 'const f = <T,>(x: T) => <div>{x}</div>;\n']],
  javascript: [
    [
      'private fields, #x in, static block',
      'class A { #x = 1; static { init(); } static is(o) { return #x in o; } }\n',
    ],
    ['logical assignment, regex v flag', 'a ??= b; c ||= d;\nconst r = /[\\p{L}--[a-z]]/v;\n'],
    ['decorators', 'class A { @dec m() {} }\n'],
    ['accessor', 'class A { accessor x = 1; }\n'],
    ['using', '{ using r = g(); }\n'],
    [
      'hashbang, top-level await, import attributes',
      '#!/usr/bin/env node\nawait f();\nimport j from "./a.json" with { type: "json" };\n',
    ],
    ['JSX in a .js file', 'const a = <><div className="x">{b}</div></>;\n'],
    [
      'Flow annotations (not JavaScript; React code bases)',
      '// @flow\nfunction f(x: number): string { return ""; }\n',
    ],
  ],
};

async function constructs(): Promise<void> {
  const lacking: string[] = [];
  const all = Object.entries(CONSTRUCTS).flatMap(([language, rows]) =>
    rows.map(([name, source]) => [language as LanguageId, name, source] as const),
  );
  for (const [language, name, source] of all) {
    const tree = await parse(language, source);
    const node = firstSyntaxError(tree);
    const unread = firstUnread(tree, language);
    const verdict = unread ? 'not verified' : 'verified (a type-only gap, src/syntax/grammar-gaps.ts)';
    if (node) lacking.push(`| ${language} | ${name} | ${node.startPosition.row + 1} | ${verdict} |`);
    tree.delete();
  }
  console.log(`${all.length} constructs; tree-sitter cannot read ${lacking.length}:\n`);
  console.log('| grammar | construct | line | the scan |\n| --- | --- | --- | --- |');
  for (const line of lacking) console.log(line);
}

const args = process.argv.slice(2);
if (args.includes('--constructs')) {
  await constructs();
  process.exit(0);
}
const pythonAt = args.indexOf('--python');
const python = pythonAt >= 0 ? args[pythonAt + 1]! : 'python3';
const roots = pythonAt >= 0 ? args.filter((_, index) => index !== pythonAt && index !== pythonAt + 1) : args;
if (roots.length === 0) {
  console.error(
    'usage: node --import tsx bench/security/parse-errors.ts <folder or file>… [--python python3]',
  );
  process.exit(2);
}
for (const root of roots) {
  const { files, unreadable, pythonRejects } = await survey(root, python);
  const parsed = unreadable.filter((entry) => entry.engineParses);
  const valid = unreadable.filter((entry) => entry.ownParser === undefined);
  console.log(`\n## ${root}\n`);
  console.log(
    `${files} files; ${unreadable.length} with an ERROR/MISSING node past the type-only gaps (${valid.length} of them valid to the language's own parser); ${parsed.length} of those the engine parses (not verified), ${parsed.filter((entry) => entry.ownParser === undefined).length} of them valid\n`,
  );
  const missed = pythonRejects.filter((file) => !unreadable.some((entry) => entry.file === file));
  console.log(
    `Python's ast.parse rejects ${pythonRejects.length} Python file(s); tree-sitter read ${missed.length} of them without an error${missed.length ? `: ${missed.slice(0, 5).join(', ')}${missed.length > 5 ? ', …' : ''}` : ''}\n`,
  );
  if (unreadable.length === 0) continue;
  console.log('| file | line | text | engine parses | own parser |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const entry of unreadable)
    console.log(
      `| ${relative(root, entry.file) || entry.file} | ${entry.line} | \`${entry.text.replaceAll('|', '\\|').replaceAll('`', "'")}\` | ${entry.engineParses ? 'yes' : 'no'} | ${entry.ownParser ?? 'reads it'} |`,
    );
}
