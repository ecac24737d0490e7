/**
 * One engine's pass over the corpus, in its own process (bench/syntax/run.ts starts it, alternating
 * engines): parses every file and walks every node of every tree, `--rounds` times, and prints one JSON
 * line with the CPU time of each phase per language. `--engine 0.22` is vouch's own engine
 * (src/syntax: web-tree-sitter 0.22, tree-sitter-wasms grammars, the direct cursor walk); `--engine 0.25`
 * is web-tree-sitter 0.25 with the official grammar packages, installed by run.ts under bench/.work/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LANGUAGES, type LanguageId } from '../../src/core/index.js';
import {
  captureRuntime,
  directWalkAvailable,
  parse,
  usePublicCursor,
  walkTree,
} from '../../src/syntax/index.js';
import { corpus, ENGINE_025_DIR, GRAMMARS_025 } from './corpus.js';

interface Walker {
  typeId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** Counts nodes depth-first, reading each node's type as the index's copy does. */
function countNodes(walker: Walker): number {
  let nodes = 0;
  for (;;) {
    // the type is read, as the index reads it, so the walk is not just cursor moves
    if (walker.typeId() >= 0) nodes++;
    if (walker.gotoFirstChild()) continue;
    while (!walker.gotoNextSibling()) if (!walker.gotoParent()) return nodes;
  }
}

interface Engine {
  parse(language: LanguageId, text: string): Promise<{ tree: unknown; errors: boolean }>;
  walk(tree: unknown): number;
  delete(tree: unknown): void;
}

async function engine022(): Promise<Engine> {
  return {
    async parse(language, text) {
      const tree = await parse(language, text);
      return { tree, errors: tree.rootNode.hasError };
    },
    walk: (tree) => walkTree(tree as Parameters<typeof walkTree>[0], countNodes),
    delete: (tree) => (tree as { delete(): void }).delete(),
  };
}

const args = process.argv.slice(2);

// biome-ignore lint/suspicious/noExplicitAny: web-tree-sitter 0.25 is not a dependency of vouch
type Any = any;

async function engine025(): Promise<Engine> {
  const module: Any = await import(
    pathToFileURL(join(ENGINE_025_DIR, 'node_modules', 'web-tree-sitter', 'tree-sitter.js')).href
  );
  // the same capture src/syntax does for 0.22: the direct walk in cursor-walk.ts, if 0.25 still allows it
  const direct = args.includes('--direct-walk');
  await module.Parser.init(direct ? { postRun: [(runtime: unknown) => captureRuntime(runtime)] } : {});
  if (direct && !directWalkAvailable()) throw new Error('0.25 did not expose what the direct walk needs');
  const parsers = new Map<LanguageId, Any>();
  const parserFor = async (language: LanguageId): Promise<Any> => {
    let parser = parsers.get(language);
    if (!parser) {
      const grammar = GRAMMARS_025[language];
      if (!grammar) throw new Error(`no official grammar package for ${language}`);
      const loaded = await module.Language.load(readFileSync(join(ENGINE_025_DIR, 'node_modules', grammar)));
      parser = new module.Parser();
      parser.setLanguage(loaded);
      parsers.set(language, parser);
    }
    return parser;
  };
  return {
    async parse(language, text) {
      const tree = (await parserFor(language)).parse(text);
      return { tree, errors: tree.rootNode.hasError };
    },
    walk(tree) {
      if (direct) return walkTree(tree as Parameters<typeof walkTree>[0], countNodes);
      const cursor = (tree as Any).walk();
      try {
        return countNodes({
          typeId: () => cursor.nodeTypeId,
          gotoFirstChild: () => cursor.gotoFirstChild(),
          gotoNextSibling: () => cursor.gotoNextSibling(),
          gotoParent: () => cursor.gotoParent(),
        });
      } finally {
        cursor.delete();
      }
    },
    delete: (tree) => (tree as Any).delete(),
  };
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const engineName = args[args.indexOf('--engine') + 1];
const rounds = Number(args.includes('--rounds') ? args[args.indexOf('--rounds') + 1] : 3);
if (args.includes('--grammars')) {
  // which of vouch's languages 0.25 can load from the official packages (and each grammar's ABI)
  const module: Any = await import(
    pathToFileURL(join(ENGINE_025_DIR, 'node_modules', 'web-tree-sitter', 'tree-sitter.js')).href
  );
  await module.Parser.init();
  const found: Record<string, string> = {};
  for (const id of Object.keys(LANGUAGES) as LanguageId[]) {
    const grammar = GRAMMARS_025[id];
    const path = grammar && join(ENGINE_025_DIR, 'node_modules', grammar);
    if (!path || !existsSync(path)) {
      found[id] = 'no .wasm in the package';
      continue;
    }
    try {
      const language = await module.Language.load(readFileSync(path));
      found[id] = `ABI ${language.abiVersion}`;
    } catch (error) {
      found[id] = `fails to load: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  process.stdout.write(`${JSON.stringify({ grammars: found })}\n`);
  process.exit(0);
}
if (engineName === '0.22' && args.includes('--public-walk')) usePublicCursor(true);
const engine = engineName === '0.25' ? await engine025() : await engine022();
const files = corpus();
const result: Record<
  string,
  { files: number; bytes: number; parseMs: number; walkMs: number; nodes: number; withErrors: number }
> = {};
// one untimed pass loads the grammars and warms the JIT
for (const file of files) {
  const { tree } = await engine.parse(file.language, file.text);
  engine.walk(tree);
  engine.delete(tree);
}
for (let round = 0; round < rounds; round++) {
  for (const file of files) {
    result[file.language] ??= {
      files: 0,
      bytes: 0,
      parseMs: 0,
      walkMs: 0,
      nodes: 0,
      withErrors: 0,
    };
    const entry = result[file.language]!;
    const started = cpuMs();
    const { tree, errors } = await engine.parse(file.language, file.text);
    const parsed = cpuMs();
    const nodes = engine.walk(tree);
    entry.walkMs += cpuMs() - parsed;
    entry.parseMs += parsed - started;
    engine.delete(tree);
    if (round === 0) {
      entry.files++;
      entry.bytes += file.text.length;
      entry.nodes += nodes;
      if (errors) entry.withErrors++;
    }
  }
}
for (const entry of Object.values(result)) {
  entry.parseMs /= rounds;
  entry.walkMs /= rounds;
}
process.stdout.write(`${JSON.stringify({ engine: engineName, rounds, result })}\n`);
