import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type ParserModule from 'web-tree-sitter';
import { EnvironmentError } from '../core/errors.js';
import { LANGUAGES, type LanguageId } from '../core/languages.js';
import { captureRuntime } from './cursor-walk.js';
import { webTreeSitter } from './web-tree-sitter-script.js';

/** the parser object (for incremental reparsing), so that no module outside syntax/ names web-tree-sitter */
export type TreeParser = ParserModule;
export type Tree = ParserModule.Tree;
export type SyntaxNode = ParserModule.SyntaxNode;
export type Query = ParserModule.Query;
export type Language = ParserModule.Language;

const require = createRequire(import.meta.url);
/**
 * web-tree-sitter is a CommonJS file: loaded as one, not imported. An ESM import has Node scan its 74 KB for
 * named exports with the JavaScript cjs-module-lexer, whose hot loop V8 then optimises: ≈ 0.15–0.2 s
 * of compiler time in every parse worker, for nothing the default export does not give. It is compiled
 * with the build's code cache when that fits (web-tree-sitter-script.ts).
 */
const Parser = webTreeSitter();

let initialised: Promise<void> | undefined;
const languages = new Map<LanguageId, Promise<Language>>();
/**
 * web-tree-sitter 0.22 fails to link a grammar when two `Language.load` calls overlap ("bad export type
 * for 'tree_sitter_…_external_scanner_create'"), so loads run one after another, process-wide.
 */
let loadChain: Promise<unknown> = Promise.resolve();
const parsers = new Map<LanguageId, ParserModule>();

function initialise(): Promise<void> {
  // Emscripten hands the runtime module to postRun callbacks; the raw cursor walk needs it.
  initialised ??= Parser.init({ postRun: [(module: unknown) => captureRuntime(module)] });
  return initialised;
}

function grammarPath(id: LanguageId): string {
  const packageJson = require.resolve('tree-sitter-wasms/package.json');
  return join(dirname(packageJson), 'out', `tree-sitter-${LANGUAGES[id].grammar}.wasm`);
}

/** Loads a grammar once per process; later calls share the same promise. */
export function loadLanguage(id: LanguageId): Promise<Language> {
  let pending = languages.get(id);
  if (!pending) {
    const load = loadChain.then(initialise).then(async () => {
      const path = grammarPath(id);
      try {
        return await Parser.Language.load(readFileSync(path));
      } catch (error) {
        languages.delete(id);
        throw new EnvironmentError(`could not load the tree-sitter grammar for ${id} from ${path}`, {
          hint: 'reinstall dependencies with `npm ci`; the grammar ships in the tree-sitter-wasms package',
          cause: error,
        });
      }
    });
    loadChain = load.catch(() => undefined);
    pending = load;
    languages.set(id, pending);
  }
  return pending;
}

/** A parser for `id`, reused across calls (parsers are not thread-safe, but Node runs one parse at a time). */
export async function parserFor(id: LanguageId): Promise<ParserModule> {
  const existing = parsers.get(id);
  if (existing) return existing;
  const language = await loadLanguage(id);
  const parser = new Parser();
  parser.setLanguage(language);
  parsers.set(id, parser);
  return parser;
}

/**
 * How long one stretch of a parse may hold the thread. A hostile 200 KB line took tree-sitter 1.3–3.6 s
 * to read in one go, and the team server answered nothing meanwhile (r41); in stretches of this length,
 * with the event loop's turn between them, other requests are answered while it reads.
 */
const PARSE_SLICE_MICROS = 25_000;
/** parsers not in use, per grammar: a parse that yields keeps its parser until it ends */
const idleParsers = new Map<LanguageId, ParserModule[]>();
const IDLE_PARSERS_KEPT = 4;

/**
 * Parses `source`, in stretches of at most 25 ms with a turn of the event loop between them (tree-sitter
 * resumes a parse its timeout stopped when the same parser is called again with the same text), so no
 * text holds the thread however long its parse. The parser is this call's alone until it ends: another
 * parse in a turn between stretches takes another one. A parse that was resumed reads valid code as one
 * straight through would; on text full of errors tree-sitter's recovery may group the ERROR nodes
 * differently (same text covered, errors still there). The caller owns the tree and should
 * `tree.delete()` it when done with many files, since WASM memory is not garbage-collected.
 */
export async function parse(id: LanguageId, source: string): Promise<Tree> {
  const language = await loadLanguage(id);
  let parser = idleParsers.get(id)?.pop();
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
  }
  parser.setTimeoutMicros(PARSE_SLICE_MICROS);
  try {
    for (;;) {
      try {
        return parser.parse(source);
      } catch (error) {
        // "Parsing failed" is the stretch's timeout; anything else is a real failure, and the parser
        // must not resume that text on its next call
        if (!(error instanceof Error && error.message === 'Parsing failed')) {
          parser.reset();
          throw error;
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    parser.setTimeoutMicros(0);
    const idle = idleParsers.get(id) ?? [];
    idleParsers.set(id, idle);
    if (idle.length < IDLE_PARSERS_KEPT) idle.push(parser);
    else parser.delete();
  }
}

/**
 * Parses `source` unless it takes longer than `timeoutMs` (tree-sitter's own timeout, checked as it
 * parses): undefined then, the parser reset for the next file; any other failure is thrown. The caller
 * owns the tree, as with `parse`.
 */
export async function parseWithin(
  id: LanguageId,
  source: string,
  timeoutMs: number,
): Promise<Tree | undefined> {
  const parser = await parserFor(id);
  if (!(timeoutMs > 0)) return undefined;
  parser.setTimeoutMicros(Math.max(1, Math.round(timeoutMs * 1000)));
  try {
    return parser.parse(source);
  } catch (error) {
    // web-tree-sitter throws "Parsing failed" when the timeout ends the parse; without a reset the
    // parser would resume this text on its next call
    parser.reset();
    // anything else (a bad argument, the WASM heap exhausted) is no timeout: the caller must not report
    // it as a file stopped at its budget
    if (error instanceof Error && error.message === 'Parsing failed') return undefined;
    throw error;
  } finally {
    parser.setTimeoutMicros(0);
  }
}

/**
 * The first place in the file's order where the parser could not read the text (an ERROR node or a MISSING
 * token), or undefined when the tree has none. The innermost one: an ERROR node that holds another starts
 * where tree-sitter's recovery began, often lines above the fault (`cp.exec(req.query.c` missing its `)`
 * on line 5 sits in an ERROR node from line 1; the one inside it is at line 6's `}`, where the `)` was due),
 * so the loop goes on down into the first error it holds. A loop down the nodes that hold an error, never
 * recursion: an engine's input may be nested thousands deep (issue 59, w80). An error `tolerated` accepts
 * (grammar-gaps.ts: valid syntax the grammar lacks that holds no code) is passed over, and what it holds too.
 */
export function firstSyntaxError(
  tree: Tree,
  tolerated: (node: SyntaxNode, parent: SyntaxNode) => boolean = () => false,
): SyntaxNode | undefined {
  if (!tree.rootNode.hasError) return undefined;
  // the nodes still to look at with the node that holds each (web-tree-sitter 0.22's `parent` of a MISSING
  // token is the deepest node ending there, not the one that holds it), the next one last
  const pending: [SyntaxNode, SyntaxNode | undefined][] = [[tree.rootNode, undefined]];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [node, parent] = entry;
    if (parent && (node.isError || node.isMissing) && tolerated(node, parent)) continue;
    const holding = node.children.filter((child) => child.isError || child.isMissing || child.hasError);
    if (holding.length === 0) return node;
    for (let index = holding.length - 1; index >= 0; index--) pending.push([holding[index]!, node]);
  }
  return undefined;
}

/**
 * Syntax errors in a tree: ERROR nodes and MISSING tokens, with their positions (0-based rows), less those
 * `tolerated` accepts (as in firstSyntaxError).
 */
export function syntaxErrors(
  tree: Tree,
  limit = 50,
  tolerated: (node: SyntaxNode, parent: SyntaxNode) => boolean = () => false,
): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  // a text the parser read none of is an ERROR root
  if (tree.rootNode.isError) return [tree.rootNode];
  // a loop, never recursion: a hostile line nests
  // tree-sitter's recovery thousands deep, and a recursive walk ended in "Maximum call stack size
  // exceeded" (a 200 KB /v1/check, w184) instead of the syntax error
  // each entry a node to walk into, or an error to report (with the node holding it), the next one last
  const pending: { node: SyntaxNode; holder?: SyntaxNode }[] = [{ node: tree.rootNode }];
  for (let entry = pending.pop(); entry && found.length < limit; entry = pending.pop()) {
    const { node, holder } = entry;
    if (holder) {
      if (!tolerated(node, holder)) found.push(node);
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      pending.push(child.isError || child.isMissing ? { node: child, holder: node } : { node: child });
    }
  }
  return found;
}
