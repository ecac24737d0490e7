import type { LanguageId } from '../core/languages.js';
import { copyNamedNodes, grammarTables } from '../syntax/node-table.js';
import { loadLanguage, parse, type Query, syntaxErrors } from '../syntax/parser.js';
import { loadQuery, querySource } from '../syntax/queries.js';
import { compileTableQuery, type TableQuery } from '../syntax/table-query.js';
import type { Chunk } from './chunks.js';
import type { ImportRecord } from './imports.js';
import { extractTableTags, extractTags, type SymbolDefinition, type SymbolReference } from './tags.js';
import { completeTextWork, plainAnalysis } from './text-analysis.js';

export interface FileAnalysis {
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  chunks: Chunk[];
  /** what the file imports and re-exports (Python, TypeScript, JavaScript) */
  imports: ImportRecord[];
  /** true when tree-sitter ran over the file */
  parsed: boolean;
  /** syntax errors tree-sitter recovered from (the file is still indexed) */
  syntaxErrors: number;
  /** why the file was indexed as plain text only: grammar failed to load, parser failed */
  problem?: string;
}

export interface AnalyzeOptions {
  /**
   * false: leave out what needs only the text and the definitions — the chunks (with their identifier
   * parts) and the imports — for the caller to add (`completeTextWork`): the parse pool's main thread
   * does it while it waits for the worker, which is the first index's critical path. Default true.
   */
  textWork?: boolean;
}

/**
 * Everything the index keeps for one file: tags from `queries/<language>/tags.scm`, and chunks. Pure in
 * the sense that it depends only on (language, text), which is what lets results be keyed by content hash
 * and computed on worker threads.
 */
export async function analyzeFile(
  language: LanguageId | undefined,
  text: string,
  options: AnalyzeOptions = {},
): Promise<FileAnalysis> {
  const textWork = options.textWork ?? true;
  if (!language) return plainAnalysis({ language: undefined, text, problem: undefined, textWork });
  // The tags patterns run over a copy of the tree when the walk understands them; web-tree-sitter's query
  // is compiled only otherwise (compiling it costs ≈ 50 ms per process and grammar).
  let tags: { table: TableQuery } | { query: Query } | undefined;
  try {
    await loadGrammarSerially(language);
    const table = extraction === 'walk' ? await tableQueryFor(language) : undefined;
    const query = table ? undefined : await loadQuery(language, 'tags');
    tags = table ? { table } : query ? { query } : undefined;
  } catch (error) {
    return plainAnalysis({
      language,
      text,
      problem: `the ${language} grammar or its tags query failed to load: ${messageOf(error)}`,
      textWork,
    });
  }
  if (!tags) return plainAnalysis({ language, text, problem: undefined, textWork });
  let tree: Awaited<ReturnType<typeof parse>> | undefined;
  try {
    tree = await parse(language, text);
    let found = 'table' in tags ? extractTableTags(copyNamedNodes(tree), tags.table, text) : undefined;
    if (found) counts.walk++;
    else {
      // No table query, or a tree where only tree-sitter's own matching gives the answer.
      const query = 'query' in tags ? tags.query : await loadQuery(language, 'tags');
      if (!query) throw new Error(`the ${language} tags query is gone`);
      found = extractTags(tree, query, text);
      counts.query++;
    }
    const { definitions, references } = found;
    const errors = tree.rootNode.hasError ? syntaxErrors(tree, 1000).length : 0;
    const analysis: FileAnalysis = {
      definitions,
      references,
      chunks: [],
      imports: [],
      parsed: true,
      syntaxErrors: errors,
    };
    return textWork ? completeTextWork(language, text, analysis) : analysis;
  } catch (error) {
    return plainAnalysis({
      language,
      text,
      problem: `tree-sitter could not parse it: ${messageOf(error)}`,
      textWork,
    });
  } finally {
    tree?.delete();
  }
}

/**
 * Loads what `analyzeFile` needs for `language` (the grammar, the tags patterns) ahead of the first file,
 * so that a parse worker started while the workspace is listed is ready when files arrive. Failures are
 * left for `analyzeFile` to report.
 */
export async function prepareLanguage(language: LanguageId): Promise<void> {
  try {
    await loadGrammarSerially(language);
    if (extraction === 'walk') await tableQueryFor(language);
  } catch {
    // reported by analyzeFile, file by file
  }
}

let extraction: 'walk' | 'query' = 'walk';

/**
 * How tags are taken: 'walk' (default) copies the tree in one cursor walk and runs the tags patterns over
 * the copy in JavaScript; 'query' runs web-tree-sitter's query. Both give the same tags
 * (bench/context/tags-equivalence.ts compares whole indexes); 'query' is kept for that comparison and for
 * a tags query the walk does not understand.
 */
export function setTagsExtraction(value: 'walk' | 'query'): void {
  extraction = value;
}

const counts = { walk: 0, query: 0 };

/** Files whose tags came from the walk and from the query in this process (for benchmarks). */
export function tagsExtractionCounts(): { walk: number; query: number } {
  return { ...counts };
}

/**
 * `parent.field` pairs where tree-sitter matches every child in the field (verified against its query on
 * real trees by bench/context/tags-equivalence.ts); other repeated fields send the file to the query.
 */
const REPEATED_FIELDS: Partial<Record<LanguageId, readonly string[]>> = {
  python: ['import_from_statement.name'],
};

const tableQueries = new Map<LanguageId, Promise<TableQuery | undefined>>();

function tableQueryFor(language: LanguageId): Promise<TableQuery | undefined> {
  let pending = tableQueries.get(language);
  if (!pending) {
    pending = (async () => {
      const source = querySource(language, 'tags');
      if (source === undefined) return undefined;
      return compileTableQuery(
        source,
        grammarTables(await loadLanguage(language)),
        REPEATED_FIELDS[language],
      );
    })();
    tableQueries.set(language, pending);
  }
  return pending;
}

let loading: Promise<unknown> = Promise.resolve();
const loaded = new Map<LanguageId, Promise<unknown>>();

/**
 * web-tree-sitter 0.22 fails to link a grammar when two `Language.load` calls overlap ("bad export type
 * for 'tree_sitter_<x>_external_scanner_create'"), so grammars are loaded one after another here.
 */
function loadGrammarSerially(language: LanguageId): Promise<unknown> {
  let pending = loaded.get(language);
  if (!pending) {
    pending = loading.then(() => loadLanguage(language));
    loading = pending.catch(() => undefined);
    loaded.set(language, pending);
    pending.catch(() => loaded.delete(language));
  }
  return pending;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
