/**
 * Which TypeScript grammar reads today's TypeScript: the bundled one (web-tree-sitter 0.22, tree-sitter-wasms)
 * against the official tree-sitter-typescript on web-tree-sitter 0.25 (installed by corpus.ts under
 * bench/.work/, not a dependency of vouch) and any other `.wasm` named with `--wasm` (loaded on 0.25: e.g.
 * one unpacked with `npm pack @vscode/tree-sitter-wasm`). Each parses the forms below, one a file, and every
 * `.ts` file under src/; a grammar worth moving to reads all of them.
 *
 *   node --import tsx bench/syntax/typescript-grammars.ts [--wasm FILE]…
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstSyntaxError, parse } from '../../src/syntax/index.js';
import { corpus, ENGINE_025_DIR, GRAMMARS_025, installEngine025 } from './corpus.js';

/** TypeScript 4.7–5.2 forms (and one old one) that a grammar from before them may not read. */
const FORMS: [string, string][] = [
  ['satisfies', 'const a = { b: 1 } satisfies R;\n'],
  ['const type parameter', 'function f<const T>(x: T) { return x; }\n'],
  ['using, await using', '{ using r = g(); }\nasync function f() { await using r = g(); }\n'],
  ['accessor', 'class A { accessor x = 1; static accessor y = 2; }\n'],
  ['in/out variance', 'interface A<in T, out U> {}\n'],
  ['export type *', "export type * from './a';\nexport type * as A from './a';\n"],
  ['import() type in an alias', "type A = import('./a').A;\n"],
  ['import() type array', "let a: import('./a').A[];\n"],
  ['using as a plain name', "const using = new Map();\nusing.set('a', 1);\n"],
  ['import attributes (with)', 'import j from "./a.json" with { type: "json" };\n'],
];

// biome-ignore lint/suspicious/noExplicitAny: web-tree-sitter 0.25 is not a dependency of vouch
type Any = any;
type Reads = (text: string) => Promise<boolean>;

const bundled: Reads = async (text) => {
  const tree = await parse('typescript', text);
  try {
    return firstSyntaxError(tree) === undefined;
  } finally {
    tree.delete();
  }
};

async function on025(wasm: string): Promise<Reads> {
  const module: Any = await import(
    pathToFileURL(join(ENGINE_025_DIR, 'node_modules', 'web-tree-sitter', 'tree-sitter.js')).href
  );
  await module.Parser.init();
  const parser = new module.Parser();
  parser.setLanguage(await module.Language.load(readFileSync(wasm)));
  return async (text) => {
    const tree = parser.parse(text);
    try {
      return !tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  };
}

installEngine025((line) => process.stderr.write(`${line}\n`));
const official = join(ENGINE_025_DIR, 'node_modules', GRAMMARS_025.typescript!);
const versionOf = (file: string) =>
  (JSON.parse(readFileSync(join(file, '..', 'package.json'), 'utf8')) as { version: string }).version;
const grammars: [string, Reads][] = [
  ['tree-sitter-wasms 0.1.13 on web-tree-sitter 0.22 (vouch)', bundled],
  [`tree-sitter-typescript ${versionOf(official)} on 0.25`, await on025(official)],
];
const args = process.argv.slice(2);
for (let index = args.indexOf('--wasm'); index >= 0; index = args.indexOf('--wasm', index + 1))
  grammars.push([`${args[index + 1]} on 0.25`, await on025(args[index + 1]!)]);

const sources = corpus().filter((file) => file.language === 'typescript');
console.log(`| grammar | ${FORMS.map(([name]) => name).join(' | ')} | src/ files with an error |`);
console.log(`| --- | ${FORMS.map(() => '---').join(' | ')} | --- |`);
for (const [name, reads] of grammars) {
  const forms: string[] = [];
  for (const [, text] of FORMS) forms.push((await reads(text)) ? 'yes' : '**no**');
  const failing: string[] = [];
  for (const file of sources) if (!(await reads(file.text))) failing.push(relative(process.cwd(), file.path));
  console.log(`| ${name} | ${forms.join(' | ')} | ${failing.length} of ${sources.length} |`);
  process.stderr.write(`${name}: ${failing.join(', ')}\n`);
}
