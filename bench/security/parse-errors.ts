/**
 * w90: which files tree-sitter cannot read whole (an ERROR node or a MISSING token), and whether the
 * language's own parser agrees that the file is broken. `vouch scan` reports such a file "not verified"
 * when its engine parses it (the file holds a rule's trigger words); where Python's `ast.parse` (or the
 * TypeScript compiler) reads the file without an error, the grammar is what lacks, not the code.
 *
 *   node --import tsx bench/security/parse-errors.ts <folder, file or `sallm`>… [--python python3]
 *
 * Prints, per folder: files of a language vouch scans, files with an ERROR/MISSING node, those among them
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
import { firstSyntaxError, parse } from '../../src/syntax/index.js';
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
      const node = firstSyntaxError(tree);
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

const args = process.argv.slice(2);
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
    `${files} files; ${unreadable.length} with an ERROR/MISSING node (${valid.length} of them valid to the language's own parser); ${parsed.length} of those the engine parses (not verified), ${parsed.filter((entry) => entry.ownParser === undefined).length} of them valid\n`,
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
