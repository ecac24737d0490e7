/**
 * Issue 59: what tree-sitter's parse and the engine's copy of a tree cost per Python file, for one engine,
 * in its own process (parse-cost-run.ts alternates engines). Prints one JSON line: per set (BenchmarkPython,
 * Django) the files, bytes, nodes, CPU ms of the parse and of the copy, and a digest of every node of every
 * tree (type, named, start, end, field) so that engines can be compared tree for tree.
 *
 *   npx tsx bench/syntax/parse-cost.ts --engine 0.22|web-0.25|web-0.27|native-0.25 [--grammar wasms|0.25|0.21]
 *     [--rounds 3] [--engines DIR] [--dump FILE]
 *
 * `0.22` is vouch's own (src/syntax: web-tree-sitter 0.22, tree-sitter-wasms, the direct cursor walk). The
 * others load from `--engines` (default bench/.work/parse-cost, where parse-cost-run.ts installs `tree-sitter@0.25.1`,
 * `tree-sitter-python@0.25.0`, `wts025@npm:web-tree-sitter@0.25`, `wts027@npm:web-tree-sitter@0.27.1`,
 * `tsp021@npm:tree-sitter-python@0.21.0`), none a dependency of vouch.
 *
 * The copy does what the engine's `liteTree` (src/security/engine/lite-tree.ts) does at the boundary: per
 * node the type id; for a node it keeps (named, or an operator under an operator's parent) the start, the
 * end and the field id, and a JS object in its parent's children.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type CursorWalker,
  captureRuntime,
  directWalkAvailable,
  parse,
  walkTree,
} from '../../src/syntax/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the engines compared are not dependencies of vouch
type Any = any;

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const ENGINE = option('--engine', '0.22');
const GRAMMAR = option('--grammar', ENGINE === '0.22' ? 'wasms' : '0.25');
const ROUNDS = Number(option('--rounds', '3'));
const ENGINES_DIR = option('--engines', join(import.meta.dirname, '..', '.work', 'parse-cost'));
const DUMP = args.includes('--dump') ? option('--dump', '') : undefined;
const require = createRequire(join(ENGINES_DIR, 'package.json'));

export const SETS: Record<string, string> = {
  bench: '/work/data/benchmarkpython/testcode',
  django: '/usr/lib/python3/dist-packages/django',
};

function pythonFiles(dir: string, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, found);
    else if (entry.name.endsWith('.py')) found.push(path);
  }
  return found;
}

/** What the copy reads (src/syntax's walker); each engine's cursor is adapted to it. */
type Walker = CursorWalker;

interface Tables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
}

interface Engine {
  parse(text: string): Promise<Any>;
  walk<T>(tree: Any, visit: (walker: Walker) => T): T;
  tables: Tables;
}

function tablesOf(language: Any): Tables {
  const types: string[] = [];
  const named: boolean[] = [];
  for (let id = 0; id < language.nodeTypeCount; id++) {
    types.push(language.nodeTypeForId(id) ?? '');
    named.push(language.nodeTypeIsNamed(id));
  }
  const fields: (string | null)[] = [null];
  for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id) ?? null);
  return { types, named, fields };
}

function publicWalker(cursor: Any): Walker {
  return {
    typeId: () => cursor.nodeTypeId,
    isNamed: () => cursor.nodeIsNamed,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    fieldId: () => cursor.currentFieldId ?? 0,
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
  };
}

function grammarWasm(): string {
  if (GRAMMAR === 'wasms')
    return join(
      import.meta.dirname,
      '..',
      '..',
      'node_modules',
      'tree-sitter-wasms',
      'out',
      'tree-sitter-python.wasm',
    );
  return join(ENGINES_DIR, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm');
}

async function engine(): Promise<Engine> {
  if (ENGINE === '0.22') {
    const tree = await parse('python', 'x = 1\n');
    const tables = tablesOf(tree.getLanguage());
    tree.delete();
    return { parse: (text) => parse('python', text), walk: walkTree, tables };
  }
  if (ENGINE.startsWith('web-')) {
    const name = ENGINE === 'web-0.25' ? 'wts025' : 'wts027';
    const module: Any = require(name);
    const direct = args.includes('--direct-walk');
    await module.Parser.init(direct ? { postRun: [(runtime: unknown) => captureRuntime(runtime)] } : {});
    if (direct && !directWalkAvailable())
      throw new Error(`${name} does not expose what the direct walk needs`);
    const language = await module.Language.load(readFileSync(grammarWasm()));
    const parser = new module.Parser();
    parser.setLanguage(language);
    return {
      parse: async (text) => parser.parse(text),
      walk: <T>(tree: Any, visit: (walker: Walker) => T): T => {
        if (direct) return walkTree(tree, visit);
        const cursor = tree.walk();
        try {
          return visit(publicWalker(cursor));
        } finally {
          cursor.delete();
        }
      },
      tables: tablesOf(language),
    };
  }
  if (ENGINE === 'native-0.25') {
    const Parser: Any = require('tree-sitter');
    const language: Any = require(GRAMMAR === '0.21' ? 'tsp021' : 'tree-sitter-python');
    const parser = new Parser();
    parser.setLanguage(language);
    // the native binding exposes no id → name table: it is filled from the cursor as ids are met
    const tables: Tables = { types: [], named: [], fields: [null] };
    const walker = (cursor: Any): Walker => ({
      typeId: () => {
        const id = cursor.nodeTypeId;
        if (tables.types[id] === undefined) {
          tables.types[id] = cursor.nodeType;
          tables.named[id] = cursor.nodeIsNamed;
        }
        return id;
      },
      isNamed: () => cursor.nodeIsNamed,
      startIndex: () => cursor.startIndex,
      endIndex: () => cursor.endIndex,
      fieldId: () => {
        const id = cursor.currentFieldId ?? 0;
        if (id && tables.fields[id] === undefined) tables.fields[id] = cursor.currentFieldName;
        return id;
      },
      gotoFirstChild: () => cursor.gotoFirstChild(),
      gotoNextSibling: () => cursor.gotoNextSibling(),
      gotoParent: () => cursor.gotoParent(),
    });
    return {
      parse: async (text) => parser.parse(text),
      walk: <T>(tree: Any, visit: (walker: Walker) => T): T => visit(walker(tree.walk())),
      tables,
    };
  }
  throw new Error(`unknown engine ${ENGINE}`);
}

const KEEPS_TOKENS = new Set([
  'binary_operator',
  'boolean_operator',
  'comparison_operator',
  'unary_operator',
  'not_operator',
  'augmented_assignment',
  'for_in_statement',
]);

interface Copy {
  type: string;
  start: number;
  end: number;
  field: string | null;
  children: Copy[];
}

/** liteTree's boundary crossings, with a plain object per kept node. Returns the number of nodes kept. */
function copy(walker: Walker, { types, named, fields }: Tables): number {
  const make = (): Copy => {
    const id = walker.typeId();
    return {
      type: types[id] ?? 'ERROR',
      start: walker.startIndex(),
      end: walker.endIndex(),
      field: null,
      children: [],
    };
  };
  const stack: Copy[] = [make()];
  let kept = 1;
  if (!walker.gotoFirstChild()) return kept;
  for (;;) {
    const parent = stack[stack.length - 1]!;
    const id = walker.typeId();
    const skip = named[id] === false && !KEEPS_TOKENS.has(parent.type);
    if (!skip) {
      const node = make();
      const fieldId = walker.fieldId();
      node.field = fieldId ? (fields[fieldId] ?? null) : null;
      parent.children.push(node);
      kept++;
      if (walker.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
    }
    while (!walker.gotoNextSibling()) {
      if (!walker.gotoParent()) return kept;
      stack.pop();
      if (stack.length === 0) return kept;
    }
  }
}

/** Every node (anonymous ones too), one line each: depth, type, named, start, end, field. */
function describe(walker: Walker, { types, named, fields }: Tables): string[] {
  const lines: string[] = [];
  let depth = 0;
  for (;;) {
    const id = walker.typeId();
    const field = walker.fieldId();
    lines.push(
      `${depth} ${types[id] ?? `#${id}`} ${(named[id] ?? walker.isNamed()) ? 'n' : 'a'} ${walker.startIndex()}-${walker.endIndex()} ${field ? fields[field] : '-'}`,
    );
    if (walker.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!walker.gotoNextSibling()) {
      if (!walker.gotoParent()) return lines;
      depth--;
    }
  }
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const chosen = await engine();
const files = Object.entries(SETS).flatMap(([set, dir]) =>
  pythonFiles(dir).map((path) => ({ set, path, text: readFileSync(path, 'utf8') })),
);
const result: Record<
  string,
  {
    files: number;
    bytes: number;
    nodes: number;
    kept: number;
    withErrors: number;
    parseMs: number;
    copyMs: number;
    digest: string;
  }
> = {};
const digests = new Map<string, ReturnType<typeof createHash>>();
const dump: string[] = [];
// one untimed pass: loads the grammar, warms the JIT, and describes every tree for the comparison
for (const file of files) {
  result[file.set] ??= {
    files: 0,
    bytes: 0,
    nodes: 0,
    kept: 0,
    withErrors: 0,
    parseMs: 0,
    copyMs: 0,
    digest: '',
  };
  const entry = result[file.set]!;
  const tree = await chosen.parse(file.text);
  const lines = chosen.walk(tree, (walker) => describe(walker, chosen.tables));
  entry.files++;
  entry.bytes += file.text.length;
  entry.nodes += lines.length;
  entry.kept += chosen.walk(tree, (walker) => copy(walker, chosen.tables));
  if (tree.rootNode.hasError) entry.withErrors++;
  let digest = digests.get(file.set);
  if (!digest) {
    digest = createHash('sha256');
    digests.set(file.set, digest);
  }
  digest.update(`${file.path}\n${lines.join('\n')}\n`);
  if (DUMP) dump.push(`== ${file.path}`, ...lines);
  tree.delete?.();
}
for (const [set, digest] of digests) result[set]!.digest = digest.digest('hex').slice(0, 16);
if (DUMP) writeFileSync(DUMP, `${dump.join('\n')}\n`);
for (let round = 0; round < ROUNDS; round++) {
  for (const file of files) {
    const entry = result[file.set]!;
    const started = cpuMs();
    const tree = await chosen.parse(file.text);
    const parsed = cpuMs();
    chosen.walk(tree, (walker) => copy(walker, chosen.tables));
    entry.copyMs += cpuMs() - parsed;
    entry.parseMs += parsed - started;
    tree.delete?.();
  }
}
for (const entry of Object.values(result)) {
  entry.parseMs = Math.round((entry.parseMs / ROUNDS) * 10) / 10;
  entry.copyMs = Math.round((entry.copyMs / ROUNDS) * 10) / 10;
}
process.stdout.write(
  `${JSON.stringify({ engine: ENGINE, grammar: GRAMMAR, direct: directWalkAvailable(), rounds: ROUNDS, result })}\n`,
);
