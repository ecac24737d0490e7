import { hybridSearch } from '../index/embeddings.js';
import type { IndexStore } from '../index/index-store.js';
import type { LanguageModel } from '../model/types.js';
import type { WeightedIdentifier } from './cursor-identifiers.js';
import { clipToTokens, countTokens } from './tokens.js';
import type { ContextSnippet } from './types.js';

/** A snippet longer than this is cut (its head: signature, docstring, first lines). */
const MAX_SNIPPET_TOKENS = 700;

export interface Range {
  path: string;
  startLine: number;
  endLine: number;
}

const KIND_WEIGHT: Record<string, number> = {
  class: 1.2,
  interface: 1.2,
  type: 1,
  enum: 1,
  function: 1,
  method: 0.8,
  constant: 0.5,
  module: 0.5,
  macro: 0.8,
};

function snippet(
  kind: ContextSnippet['kind'],
  range: Range,
  text: string,
  reason: string,
  score: number,
): ContextSnippet {
  const clipped = clipToTokens(text, MAX_SNIPPET_TOKENS);
  const lines = clipped.text.split('\n').length;
  return {
    kind,
    path: range.path,
    startLine: range.startLine,
    endLine: Math.min(range.endLine, range.startLine + lines - 1),
    source: clipped.text,
    tokens: countTokens(clipped.text),
    reason,
    score,
  };
}

/**
 * Definitions of the identifiers used or imported near the cursor, found through the symbol table. An
 * identifier defined in many files is split between them (and those in files the cursor's file imports
 * are preferred), so a common method name does not flood the prompt.
 */
export function definitionCandidates(
  store: IndexStore,
  identifiers: readonly WeightedIdentifier[],
  imported: ReadonlySet<string>,
  importedModules: readonly string[],
  window: Range | undefined,
): ContextSnippet[] {
  const weights = new Map<string, WeightedIdentifier>();
  for (const identifier of identifiers.slice(0, 80)) weights.set(identifier.name, identifier);
  for (const name of imported) if (!weights.has(name)) weights.set(name, { name, weight: 0.15, line: 0 });
  if (weights.size === 0) return [];
  const names = [...weights.keys()];
  const rows = store.db
    .prepare(
      `select s.name, s.kind, s.parent, s.start_line as startLine, s.end_line as endLine, f.path, f.id as fileId
         from symbols s join files f on f.id = s.file_id
        where s.name in (${names.map(() => '?').join(',')})`,
    )
    .all(...names) as {
    name: string;
    kind: string;
    parent: string | null;
    startLine: number;
    endLine: number;
    path: string;
    fileId: number;
  }[];
  const perName = new Map<string, number>();
  for (const row of rows) perName.set(row.name, (perName.get(row.name) ?? 0) + 1);
  const chunkAt = store.db.prepare(
    `select start_line as startLine, end_line as endLine, text from chunks
      where file_id = ? and start_line <= ? and end_line >= ? order by end_line - start_line limit 1`,
  );
  const out: ContextSnippet[] = [];
  for (const row of rows) {
    if (
      window &&
      row.path === window.path &&
      row.startLine <= window.endLine &&
      row.endLine >= window.startLine
    )
      continue;
    const identifier = weights.get(row.name)!;
    const fromImportedModule = importedModules.some((module) => row.path.includes(module));
    let score = identifier.weight * (KIND_WEIGHT[row.kind] ?? 0.7);
    if (imported.has(row.name)) score *= 2;
    if (fromImportedModule) score *= 1.5;
    score /= Math.sqrt(perName.get(row.name)!);
    if (window && row.path === window.path) score *= 0.8;
    // `obj.stop()` says little about which class's `stop` is meant unless that class is in sight.
    if (row.parent && !weights.has(row.parent) && !imported.has(row.parent) && row.path !== window?.path)
      score *= 0.3;
    const chunk = chunkAt.get(row.fileId, row.startLine, row.startLine) as
      | { startLine: number; endLine: number; text: string }
      | undefined;
    if (!chunk) continue;
    const where = identifier.line > 0 ? `used at line ${identifier.line}` : 'imported';
    const what = row.parent ? `${row.parent}.${row.name}` : row.name;
    out.push(
      snippet(
        'definition',
        { path: row.path, ...chunk },
        chunk.text,
        `definition of ${what} (${row.kind}), ${where}`,
        score,
      ),
    );
  }
  return out;
}

/** The best chunks for the words of the request and the identifiers near the cursor (BM25, or hybrid). */
export async function retrievedCandidates(
  store: IndexStore,
  query: string,
  embedModel: LanguageModel | undefined,
  weight: number,
): Promise<ContextSnippet[]> {
  if (!query.trim()) return [];
  const hits = await hybridSearch(store, query, { k: 30, ...(embedModel ? { embedModel } : {}) });
  const shortQuery = query.length > 60 ? `${query.slice(0, 57)}…` : query;
  return hits.map((hit, rank) =>
    snippet(
      'retrieved',
      hit,
      hit.text,
      `${embedModel ? 'hybrid (BM25 + vectors)' : 'BM25'} match #${rank + 1} for "${shortQuery}"${hit.symbol ? ` (${hit.symbol})` : ''}`,
      weight / (1 + rank / 3),
    ),
  );
}

/** An outline (signatures) of each recently edited file: what changed lately is likely to matter. */
export function recentCandidates(store: IndexStore, recentFiles: readonly string[]): ContextSnippet[] {
  const outline = store.db.prepare(
    `select s.start_line as line, s.parent, s.signature from symbols s join files f on f.id = s.file_id
      where f.path = ? order by s.start_line limit 60`,
  );
  return recentFiles.slice(0, 5).flatMap((path, index) => {
    const rows = outline.all(path) as { line: number; parent: string | null; signature: string }[];
    if (rows.length === 0) return [];
    const text = rows.map((row) => `${row.parent ? '    ' : ''}${row.signature}`).join('\n');
    const range = { path, startLine: rows[0]!.line, endLine: rows[rows.length - 1]!.line };
    return [snippet('recent', range, text, 'recently edited file (outline)', 0.5 / (index + 1))];
  });
}
