import { hybridSearch } from '../index/embeddings.js';
import type { ChunkRow, IndexStore, ReferenceRow, SymbolRow } from '../index/index-store.js';
import { filesStateKey, loadReferenceGraph, nameUses } from '../index/reference-graph.js';
import type { LanguageModel } from '../model/types.js';
import { classHeaderBases, type WeightedIdentifier } from './cursor-identifiers.js';
import {
  FEATURE_INDEX as feature,
  nameWords,
  RANKING_FEATURES,
  type RankingWeights,
  rankingScore,
  sharesWord,
} from './definition-ranking.js';
import type { ImportedDefinition } from './imported-definitions.js';
import type { SignatureEntry } from './signature-group.js';
import { clipToTokens, countTokens, exceedsTokens } from './tokens.js';
import type { ContextSnippet } from './types.js';

/** A snippet longer than this is cut (its head: signature, docstring, first lines). */
const MAX_SNIPPET_TOKENS = 700;

export interface Range {
  path: string;
  startLine: number;
  endLine: number;
}

/** A function's definition is cut here (signature, docstring, first lines): several fit beside each other. */
const DEFINITION_TOKENS = 100;
const MAX_DEFINERS_PER_NAME = 2;
/** A class outline's length, unless the class is a base of the cursor's class. */
const OUTLINE_TOKENS = 250;
const MAX_DEFINITION_ROWS = 5000;
/**
 * Identifiers near the cursor whose definitions are looked up, at most: the ranking (not the cut) decides
 * among them. 150 → 300 raised the mean over the tuning trees by 0.004 (issue 45, fifth round); 500, no more.
 */
const MAX_IDENTIFIERS = 300;
/**
 * Definitions given text (a chunk fetched, an outline built): each costs at least a heading in the prompt,
 * so no budget reaches further down the ranking than this.
 */
const MAX_MATERIALIZED_DEFINITIONS = 300;
const OUTLINED_KINDS = new Set(['class', 'interface', 'enum', 'impl']);
/** the members that construct an instance of their class */
const CONSTRUCTORS = new Set(['__init__', 'constructor']);

/**
 * Rows a long-lived process (the server, the language server) asks for again and again — the chunk
 * holding a definition, a class's members — kept per store for the index's generation, which any change
 * to a file's rows renews (by whichever process makes it), as the reference graph is. A fresh process
 * asks each once, as before.
 */
interface RowCache {
  key: string;
  chunks: Map<string, ChunkRow | undefined>;
  members: Map<string, SymbolRow[]>;
  /** every definition of a name, in the order the name's index gives them */
  named: Map<string, SymbolRow[]>;
  /** what a definition's row shows (`definitionShape`), by row: null when its chunk is missing */
  shapes: WeakMap<SymbolRow, DefinitionShape | null>;
  /** the references of a cursor's file, by path */
  references: Map<string, ReferenceRow[]>;
}
const rowCaches = new WeakMap<IndexStore, RowCache>();
/** entries per map before it starts over (a map is a few MB of chunk text at most) */
const ROW_CACHE_SIZE = 20_000;

function rowCache(store: IndexStore): RowCache {
  const key = filesStateKey(store);
  let cache = rowCaches.get(store);
  if (!cache || cache.key !== key) {
    cache = {
      key,
      chunks: new Map(),
      members: new Map(),
      named: new Map(),
      shapes: new WeakMap(),
      references: new Map(),
    };
    rowCaches.set(store, cache);
  }
  return cache;
}

/** files whose references are kept before the map starts over (the files cursors were in) */
const REFERENCE_FILES = 200;

/**
 * `store.referencesIn(path)`, kept for the index's state: the references of the cursor's file, read again
 * at every cursor in it (715 rows for django/contrib/admin/options.py). Never changed by a reader.
 */
export function referencesOf(store: IndexStore, path: string): readonly ReferenceRow[] {
  const cache = rowCache(store);
  let rows = cache.references.get(path);
  if (!rows) {
    rows = store.referencesIn(path);
    if (cache.references.size >= REFERENCE_FILES) cache.references.clear();
    cache.references.set(path, rows);
  }
  return rows;
}

function cachedChunkAt(
  cache: RowCache,
  store: IndexStore,
  fileId: number,
  line: number,
): ChunkRow | undefined {
  const key = `${fileId}:${line}`;
  if (cache.chunks.has(key)) return cache.chunks.get(key);
  const chunk = store.chunkAt(fileId, line);
  if (cache.chunks.size >= ROW_CACHE_SIZE) cache.chunks.clear();
  cache.chunks.set(key, chunk);
  return chunk;
}

/**
 * `store.symbolsNamed(names)` in the order it gives them (names in SQLite's byte order, each name's rows
 * in its index's order, as the query's plan reads them: one lookup per distinct name, from a sorted list),
 * with each name's rows kept for the index's state: a long-lived process asks SQLite only for names it
 * has not looked up yet. `names` must be distinct.
 */
function cachedSymbolsNamed(cache: RowCache, store: IndexStore, names: readonly string[]): SymbolRow[] {
  const missing = names.filter((name) => !cache.named.has(name));
  if (missing.length > 0) {
    if (cache.named.size + missing.length > ROW_CACHE_SIZE) cache.named.clear();
    const fetched = new Map<string, SymbolRow[]>(missing.map((name) => [name, []]));
    for (const row of store.symbolsNamed(missing)) fetched.get(row.name)?.push(row);
    for (const [name, rows] of fetched) cache.named.set(name, rows);
  }
  // UTF-16 order is UTF-8's for names without surrogate pairs (all but a few exotic identifiers).
  const ordered = /[\ud800-\udfff]/.test(names.join(''))
    ? names
        .map((name) => ({ name, bytes: Buffer.from(name) }))
        .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
        .map(({ name }) => name)
    : [...names].sort();
  return ordered.flatMap((name) => cache.named.get(name) ?? store.symbolsNamed([name]));
}

/** Every definition of `name`, kept for the index's state as `definitionCandidates` keeps them. */
export function symbolsNamedKept(store: IndexStore, name: string): SymbolRow[] {
  return cachedSymbolsNamed(rowCache(store), store, [name]);
}

function cachedMembersOf(
  cache: RowCache,
  store: IndexStore,
  row: { fileId: number; name: string; startLine: number; endLine: number },
): SymbolRow[] {
  const key = `${row.fileId}:${row.startLine}:${row.endLine}:${row.name}`;
  let members = cache.members.get(key);
  if (!members) {
    members = store.membersOf(row.fileId, row.name, row.startLine, row.endLine);
    if (cache.members.size >= ROW_CACHE_SIZE) cache.members.clear();
    cache.members.set(key, members);
  }
  return members;
}

/**
 * The chunk without what precedes the definition's first line (a doc comment, decorators) when that
 * would take a third of a definition's tokens: cut to its head, the snippet would show the comment and
 * not the signature.
 */
function withoutLongLead(chunk: ChunkRow, startLine: number): ChunkRow {
  if (startLine <= chunk.startLine) return chunk;
  const lines = chunk.text.split('\n');
  const lead = lines.slice(0, startLine - chunk.startLine).join('\n');
  if (!exceedsTokens(lead, DEFINITION_TOKENS / 3)) return chunk;
  return { ...chunk, startLine, text: lines.slice(startLine - chunk.startLine).join('\n') };
}

/**
 * How many lines, from `from`, a declaration's signature spans (the index keeps it with its white space
 * collapsed): a snippet cut to its first tokens must keep at least these, or the caller sees a definition
 * it cannot call.
 */
export function signatureLineCount(lines: readonly string[], from: number, signature: string): number {
  const wanted = signature.replace(/…$/, '').replace(/\s+/g, '').length;
  const first = lines[from] ?? '';
  // The declaration may start after something the signature leaves out (`export`, `export default`).
  const start = Math.max(0, first.indexOf(signature.slice(0, Math.max(1, signature.indexOf(' ')))));
  let seen = first.slice(start).replace(/\s+/g, '').length;
  let line = from;
  for (; line < lines.length && line < from + 200; line++) {
    if (line > from) seen += lines[line]!.replace(/\s+/g, '').length;
    if (seen >= wanted) return line - from + 1;
  }
  return Math.max(1, line - from);
}

const DOCSTRING_OPEN = /^(\s*)([rRuUbBfF]{0,2})("""|''')(.*)$/;
/** class-level lines an outline keeps before the members (`objects = Manager()`, `ordering = [...]`) */
const OUTLINE_ATTRIBUTES = 4;

/**
 * A class's header for its outline: the class statement, its docstring cut to the first line (a
 * docstring of ten lines took half an outline's tokens), and a few one-line class attributes; comments
 * and multi-line statements (`__slots__ = (` …) are left out.
 */
function outlineHeader(lines: readonly string[], own: number, signatureLines: number): string[] {
  const header = lines.slice(0, own + signatureLines);
  let at = own + signatureLines;
  while (at < lines.length && !lines[at]!.trim()) at++;
  const open = DOCSTRING_OPEN.exec(lines[at] ?? '');
  if (open) {
    const [, indent, prefix, quote, rest] = open as unknown as [string, string, string, string, string];
    let end = at;
    if (!rest.includes(quote)) {
      end = at + 1;
      while (end < lines.length && !lines[end]!.includes(quote)) end++;
    }
    const summary = rest.includes(quote)
      ? rest.slice(0, rest.indexOf(quote)).trim()
      : rest.trim() || (lines.slice(at + 1, end).find((line) => line.trim()) ?? '').trim();
    header.push(`${indent}${prefix}${quote}${summary}${end > at ? ' …' : ''}${quote}`);
    at = end + 1;
  }
  let attributes = 0;
  for (; at < lines.length && attributes < OUTLINE_ATTRIBUTES; at++) {
    const line = lines[at]!;
    const text = line.trim();
    if (!text || text.startsWith('#') || text.startsWith('//')) continue;
    // one-line statements only: a bracket left open starts a multi-line one
    const open = (text.match(/[([{]/g) ?? []).length - (text.match(/[)\]}]/g) ?? []).length;
    if (open > 0 || text.endsWith('\\') || text.startsWith('__slots__')) break;
    header.push(line);
    attributes++;
  }
  return header;
}

/** What an outline is made of; the members are ordered per cursor (`outlineText`). */
interface OutlineParts {
  header: readonly string[];
  indent: string;
  /** the class's members, the most used across the repository first (`nameUses`), then in line order */
  members: readonly SymbolRow[];
}

/**
 * A class as its header (up to its first member, at most 12 lines; see `outlineHeader`) and its members'
 * signatures: what a caller needs, at a fraction of the tokens of the whole class.
 */
function classOutline(
  row: { path: string; fileId: number; name: string; startLine: number; endLine: number; signature: string },
  whole: ChunkRow,
  store: IndexStore,
  cache: RowCache,
): { range: Range; parts: OutlineParts } | undefined {
  const chunk = withoutLongLead(whole, row.startLine);
  const list = cachedMembersOf(cache, store, row);
  if (list.length === 0 || chunk.startLine > row.startLine) return undefined;
  const chunkLines = chunk.text.split('\n');
  const headerEnd = Math.min(list[0]!.startLine - 1, row.startLine + 11);
  const own = row.startLine - chunk.startLine;
  const header = outlineHeader(
    chunkLines.slice(0, headerEnd - chunk.startLine + 1),
    own,
    signatureLineCount(chunkLines, own, row.signature),
  );
  const indent = /^\s*/.exec(chunkLines[own] ?? '')?.[0] ?? '';
  // Past the constructor and what the cursor's file names, an outline lists a few members: the ones the
  // repository calls most (`config.getoption`, not whichever method comes first), public before private.
  const graph = loadReferenceGraph(store);
  const uses = new Map(list.map((member) => [member, nameUses(graph, member.name)]));
  const members = [...list].sort((a, b) => uses.get(b)! - uses.get(a)! || a.startLine - b.startLine);
  return {
    range: { path: row.path, startLine: chunk.startLine, endLine: row.endLine },
    parts: { header, indent, members },
  };
}

/** How many constructors an outline lists first (`outlineText`): `__init__`, `constructor`. */
function constructorCount(parts: OutlineParts): number {
  return parts.members.filter((member) => CONSTRUCTORS.has(member.name)).length;
}

/** Members an outline lists beyond its constructor and those the cursor's file names, unless it is whole. */
const OTHER_MEMBERS = 3;

/**
 * An outline's text for one cursor: the constructor first, then the members the cursor's file names
 * (most weighted first), then the others in line order — all of them for a base of the cursor's class
 * (what `self.…` can call), a few for any other class, with an elision for the rest.
 */
function outlineText(
  parts: OutlineParts,
  weights: ReadonlyMap<string, WeightedIdentifier>,
  whole: boolean,
  picked: ReadonlyMap<SymbolRow, number> = new Map(),
): string {
  const constructors = parts.members.filter((member) => CONSTRUCTORS.has(member.name));
  const named = parts.members
    .filter((member) => !CONSTRUCTORS.has(member.name) && weights.has(member.name))
    .sort((a, b) => weights.get(b.name)!.weight - weights.get(a.name)!.weight || a.startLine - b.startLine);
  // The members picked as the class's most used (`memberPicks`) come next, before its few others.
  const picks = parts.members
    .filter((member) => !CONSTRUCTORS.has(member.name) && !weights.has(member.name) && picked.has(member))
    .sort((a, b) => picked.get(a)! - picked.get(b)!);
  const others = parts.members.filter(
    (member) => !CONSTRUCTORS.has(member.name) && !weights.has(member.name) && !picked.has(member),
  );
  named.push(...picks);
  const shown = whole ? others : others.slice(0, OTHER_MEMBERS);
  const lines = [...constructors, ...named, ...shown].map(
    (member) => `${parts.indent}    ${member.signature} …`,
  );
  if (shown.length < others.length)
    lines.push(`${parts.indent}    … (${others.length - shown.length} more members)`);
  return [...parts.header, ...lines].join('\n');
}

/**
 * Ties broken by place in the repository, not by the order rows come out of SQLite (which changes as
 * files are rewritten): the same index content gives the same context.
 */
export function byPlace(
  a: { path: string; startLine: number },
  b: { path: string; startLine: number },
): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine;
}

/**
 * A candidate snippet, not yet measured: clipping and counting tokens is the costly part of assembly, so it
 * is done only for the candidates the budget loop reaches (`measureCandidate`).
 */
export interface Candidate extends ContextSnippet {
  /** the snippet is cut to this many tokens when measured */
  maxTokens: number;
  /** a definition's signature, for showing it in its file's group of signatures instead */
  symbol?: SignatureEntry;
  /** lines never cut, whatever `maxTokens` says (up to the end of a definition's signature) */
  minLines?: number;
}

/** A candidate of `kind` for the lines of `range`: its text, why it is offered, its score, and its cut. */
function snippet(
  range: Range,
  {
    kind,
    text,
    reason,
    score,
    maxTokens = MAX_SNIPPET_TOKENS,
  }: { kind: ContextSnippet['kind']; text: string; reason: string; score: number; maxTokens?: number },
): Candidate {
  return {
    kind,
    path: range.path,
    startLine: range.startLine,
    endLine: range.endLine,
    source: text,
    tokens: Number.NaN,
    reason,
    score,
    maxTokens,
  };
}

/** The candidate cut to its token limit and measured with the tokenizer: a snippet ready for the prompt. */
export function measureCandidate(candidate: Candidate): ContextSnippet {
  const { maxTokens, symbol, minLines, ...rest } = candidate;
  let clipped = clipToTokens(candidate.source, maxTokens);
  let lines = clipped.text.split('\n').length;
  if (minLines !== undefined && lines < minLines && clipped.text.length < candidate.source.length) {
    // Cut inside the signature: the signature whole, past the limit, rather than one that cannot be called.
    const text = candidate.source.split('\n').slice(0, minLines).join('\n');
    clipped = { text, tokens: countTokens(text) };
    lines = minLines;
  }
  // An outline's range is the whole class it summarises, not the lines of its text.
  const endLine = candidate.outline
    ? candidate.endLine
    : Math.min(candidate.endLine, candidate.startLine + lines - 1);
  return { ...rest, endLine, source: clipped.text, tokens: clipped.tokens };
}

/** What assembly knows beyond the names near the cursor, for ranking the definitions (`definition-ranking.ts`). */
export interface RankingSignals {
  /** the share of the function's siblings using each name (`siblingNames`) */
  siblings?: ReadonlyMap<string, number>;
  /** the name of the function being written */
  enclosing?: string | undefined;
  /** the cursor's line (1-based) */
  cursorLine?: number;
  /** the model's weights; the fitted ones by default */
  weights?: RankingWeights;
  /** told every ranked candidate with its features (bench/context/fit-ranking.ts fits the weights on them) */
  observe?: (ranked: readonly RankedDefinition[]) => void;
}

/** A definition as the ranking saw it. */
export interface RankedDefinition {
  row: SymbolRow;
  /** in the order of `RANKING_FEATURES` */
  features: number[];
  score: number;
}

/** `compute` remembered for each key it was asked for (within one assembly). */
function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/** Classes in play whose most used members are picked, at most, and members picked from each. */
const PICKED_CLASSES = 40;
const MEMBER_PICKS = 5;

/**
 * The most used members of the classes in play — a class among the candidates, or the class of a method
 * among them — that the file does not name: the next call on such an object is likely one of them
 * (`settings.getint` beside `settings.getfloat`, `query.clear_ordering` in a file naming `Query`). Each
 * with the weight of the name that brought its class in, and its rank among its class's picks.
 */
function memberPicks(
  store: IndexStore,
  cache: RowCache,
  /** in ranking order */
  ranked: readonly { row: SymbolRow; score: number; weight: number }[],
  weights: ReadonlyMap<string, WeightedIdentifier>,
): { row: SymbolRow; rank: number; classWeight: number }[] {
  // The classes in play, the likeliest first: met in the order of the candidates' scores, the first
  // `PICKED_CLASSES` of them are those whose best candidate scores highest.
  const classes = new Map<string, { row: SymbolRow; weight: number }>();
  const consider = (row: SymbolRow, weight: number) => {
    const key = `${row.fileId}:${row.startLine}`;
    if (!classes.has(key)) classes.set(key, { row, weight });
  };
  for (const { row, weight } of ranked) {
    if (classes.size >= PICKED_CLASSES) break;
    if (row.kind === 'class') consider(row, weight);
    else if (row.parent && row.kind === 'method') {
      const owner = cachedSymbolsNamed(cache, store, [row.parent]).find(
        (candidate) =>
          candidate.kind === 'class' &&
          candidate.fileId === row.fileId &&
          candidate.startLine < row.startLine &&
          candidate.endLine >= row.endLine,
      );
      if (owner) consider(owner, weight);
    }
  }
  const graph = loadReferenceGraph(store);
  const seen = new Set(ranked.map(({ row }) => row));
  const picks: { row: SymbolRow; rank: number; classWeight: number }[] = [];
  for (const { row, weight } of classes.values()) {
    cachedMembersOf(cache, store, row)
      .filter(
        (member) =>
          member.kind === 'method' &&
          !CONSTRUCTORS.has(member.name) &&
          !weights.has(member.name) &&
          !seen.has(member),
      )
      .map((member) => ({ member, uses: nameUses(graph, member.name) }))
      .filter(({ uses }) => uses > 0)
      .sort((a, b) => b.uses - a.uses || a.member.startLine - b.member.startLine)
      .slice(0, MEMBER_PICKS)
      .forEach(({ member }, rank) => {
        seen.add(member);
        picks.push({ row: member, rank, classWeight: weight });
      });
  }
  return picks;
}

/**
 * Definitions of the identifiers used or imported near the cursor, found through the symbol table, and
 * the most used members of the classes among them; each ranked by its chance of being used by the code
 * at the cursor (`definition-ranking.ts`: where the file uses its name, how an import reaches it, what
 * the function's siblings use, how many definitions share its name, …).
 */
export interface DefinitionQuery {
  /** the identifiers used near the cursor, weighted */
  identifiers: readonly WeightedIdentifier[];
  /** the names the file imports */
  imported?: ReadonlySet<string>;
  /** the modules the file imports from (a definition in one of them ranks higher) */
  importedModules?: readonly string[];
  /** the cursor's window of the file (a definition in the same file ranks apart) */
  window?: Range | undefined;
  /** the bases of the class around the cursor: their outlines list what `self.…` can call */
  baseClasses?: readonly string[];
  /** names followed through the imports to their declarations */
  resolved?: readonly ImportedDefinition[];
  signals?: RankingSignals;
}

export function definitionCandidates(store: IndexStore, query: DefinitionQuery): Candidate[] {
  const {
    identifiers,
    imported = new Set<string>(),
    importedModules = [],
    window,
    baseClasses = [],
    resolved = [],
    signals = {},
  } = query;
  const weights = new Map<string, WeightedIdentifier>();
  for (const identifier of identifiers.slice(0, MAX_IDENTIFIERS)) weights.set(identifier.name, identifier);
  const ancestors = inheritedClasses(store, baseClasses);
  // The cursor's class's bases: their outlines list what `self.…` can call.
  for (const name of ancestors) if (!weights.has(name)) weights.set(name, { name, weight: 0.3, line: 0 });
  for (const name of imported) if (!weights.has(name)) weights.set(name, { name, weight: 0.15, line: 0 });
  // Names followed through the imports to their declaration need no guessing among same-named definitions.
  const exact = new Map<SymbolRow, ImportedDefinition>();
  const resolvedNames = new Set<string>();
  for (const definition of resolved) {
    exact.set(definition.row, definition);
    resolvedNames.add(definition.local);
    if (!weights.has(definition.local))
      weights.set(definition.local, { name: definition.local, weight: 0, line: 0 });
  }
  if (weights.size === 0) return [];
  const names = [...weights.keys()].filter((name) => !resolvedNames.has(name));
  const cache = rowCache(store);
  const rows = [...cachedSymbolsNamed(cache, store, names), ...exact.keys()];
  // Score first, fetch and measure only the best: a file can name hundreds of defined identifiers.
  const preliminary = new Map<SymbolRow, number>();
  for (const row of rows)
    preliminary.set(
      row,
      exact.has(row)
        ? Number.POSITIVE_INFINITY
        : weights.get(row.name)!.weight * (imported.has(row.name) ? 2 : 1),
    );
  rows.sort((a, b) => preliminary.get(b)! - preliminary.get(a)! || byPlace(a, b));
  rows.splice(MAX_DEFINITION_ROWS);
  const perName = new Map<string, number>();
  for (const row of rows) perName.set(row.name, (perName.get(row.name) ?? 0) + 1);
  const fromImportedModule = remembered((path: string) =>
    importedModules.some((module) => path.includes(module)),
  );
  const words = new Set(signals.enclosing ? nameWords(signals.enclosing) : []);
  const sharing = remembered((name: string) => sharesWord(words, name));
  const features = (
    row: SymbolRow,
    identifier: WeightedIdentifier | undefined,
    pick?: { rank: number; classWeight: number },
  ): number[] => {
    const followed = exact.get(row);
    const parentNamed = row.parent !== null && (weights.has(row.parent) || imported.has(row.parent));
    const ofBase = row.parent !== null && ancestors.has(row.parent);
    const line = identifier?.line ?? 0;
    const vector = new Array<number>(RANKING_FEATURES.length);
    vector[feature.bias] = 1;
    vector[feature['name weight']] = Math.log((identifier?.weight ?? 0) + 0.01);
    vector[feature.siblings] = signals.siblings?.get(row.name) ?? 0;
    vector[feature.closeness] =
      line > 0 && signals.cursorLine ? 1 / (1 + Math.abs(line - signals.cursorLine) / 8) : 0;
    vector[feature.class] = row.kind === 'class' ? 1 : 0;
    vector[feature.function] = row.kind === 'function' ? 1 : 0;
    vector[feature.method] = row.kind === 'method' ? 1 : 0;
    vector[feature.constant] = row.kind === 'constant' ? 1 : 0;
    vector[feature['definitions of the name']] = Math.log(perName.get(row.name) ?? 1);
    vector[feature.imported] = imported.has(row.name) ? 1 : 0;
    vector[feature['in an imported module']] = fromImportedModule(row.path) ? 1 : 0;
    vector[feature['through an import']] = followed?.via === 'import' ? 1 : 0;
    vector[feature['through a module']] = followed?.via === 'module' ? 1 : 0;
    vector[feature['through a star import']] = followed?.via === 'star' ? 1 : 0;
    vector[feature['offered by a module']] = followed?.via === 'offered' ? 1 : 0;
    vector[feature['offered rank']] = followed?.via === 'offered' ? Math.log1p(followed.rank ?? 0) : 0;
    vector[feature['imported, not used yet']] = followed && followed.uses === 0 ? 1 : 0;
    vector[feature['same file']] = window && row.path === window.path ? 1 : 0;
    vector[feature['member of a base']] = ofBase ? 1 : 0;
    vector[feature['member of a named class']] = parentNamed ? 1 : 0;
    vector[feature['member of another class']] = row.parent !== null && !parentNamed && !ofBase ? 1 : 0;
    vector[feature['short word']] = /^[a-z]{1,8}$/.test(row.name) ? 1 : 0;
    vector[feature['shares a word']] = sharing(row.name) ? 1 : 0;
    vector[feature['member pick']] = pick ? 1 : 0;
    vector[feature['pick rank']] = pick ? Math.log1p(pick.rank) : 0;
    vector[feature['class weight']] = pick ? Math.log(pick.classWeight + 0.01) : 0;
    return vector;
  };
  const ranked: (RankedDefinition & { weight: number })[] = [];
  for (const row of rows) {
    if (
      window &&
      row.path === window.path &&
      row.startLine <= window.endLine &&
      row.endLine >= window.startLine
    )
      continue;
    const identifier = weights.get(exact.get(row)?.local ?? row.name)!;
    const rowFeatures = features(row, identifier);
    const score = rankingScore(rowFeatures, signals.weights);
    ranked.push({ row, features: rowFeatures, score, weight: identifier.weight });
  }
  const inOrder = (a: RankedDefinition, b: RankedDefinition) => b.score - a.score || byPlace(a.row, b.row);
  ranked.sort(inOrder);
  // A class's picked members (by their rank among its picks) are listed in its outline, after those the
  // file names.
  const picked = new Map<SymbolRow, number>();
  for (const pick of memberPicks(store, cache, ranked, weights)) {
    const pickFeatures = features(pick.row, undefined, pick);
    const score = rankingScore(pickFeatures, signals.weights);
    ranked.push({ row: pick.row, features: pickFeatures, score, weight: 0 });
    picked.set(pick.row, pick.rank);
  }
  signals.observe?.(ranked);
  // An ambiguous name keeps only its likeliest definitions.
  ranked.sort(inOrder);
  const kept = new Map<string, number>();
  const best = ranked.filter(({ row }) => {
    const count = kept.get(row.name) ?? 0;
    if (count >= MAX_DEFINERS_PER_NAME) return false;
    kept.set(row.name, count + 1);
    return true;
  });
  best.splice(MAX_MATERIALIZED_DEFINITIONS);
  const out: Candidate[] = [];
  for (const { row, score } of best) {
    const identifier = weights.get(exact.get(row)?.local ?? row.name);
    const followed = exact.get(row);
    const shape = definitionShape(cache, store, row);
    if (!shape) continue;
    const where = !identifier
      ? 'among the most used members of a class in play'
      : identifier.line > 0
        ? `used at line ${identifier.line}`
        : followed?.via === 'module'
          ? 'reached through an imported module'
          : followed?.via === 'offered'
            ? 'much used in a module imported here'
            : followed?.via === 'star'
              ? 'from a star import'
              : 'imported';
    const what = row.parent ? `${row.parent}.${row.name}` : row.name;
    const reason = `definition of ${what} (${row.kind}), ${where}`;
    if (shape.outline) {
      // The cursor's class's own bases are outlined in full (what `self.…` / `this.…` can call); any other
      // class shortly, and past the first few definitions only as its signature.
      const ancestor = ancestors.has(row.name);
      const outlined = snippet(shape.range, {
        kind: 'definition',
        text: outlineText(shape.outline, weights, ancestor, picked),
        reason: `${reason}; outline`,
        score,
        maxTokens: ancestor ? MAX_SNIPPET_TOKENS : OUTLINE_TOKENS,
      });
      // Keys added in place, in this order (no copy of the snippet per definition, a few hundred a call).
      outlined.outline = true;
      if (!ancestor) outlined.symbol = shape.symbol;
      // The header and the constructor's signature are never cut: a class is called through its
      // constructor, and one with many parameters (a 34-line `__init__`) lost it to the cut, leaving the
      // header alone.
      outlined.minLines = shape.outline.header.length + constructorCount(shape.outline);
      out.push(outlined);
      continue;
    }
    const candidate = snippet(shape.range, {
      kind: 'definition',
      text: shape.text,
      reason,
      score,
      maxTokens: DEFINITION_TOKENS,
    });
    candidate.symbol = shape.symbol;
    if (shape.minLines !== undefined) candidate.minLines = shape.minLines;
    out.push(candidate);
  }
  return out;
}

/** What a definition shows, whatever the cursor: its range and text, and its signature for a group. */
interface DefinitionShape {
  /** a class outline (header and members' signatures, `outlineText`) rather than lines of the definition */
  outline?: OutlineParts;
  range: Range;
  /** the definition's lines (empty for an outline) */
  text: string;
  symbol: SignatureEntry;
  /** the lines up to the end of the signature, which a cut text keeps */
  minLines?: number;
}

/**
 * The text a definition's row shows, kept per row for the index's state (a long-lived process meets the
 * same definitions at cursor after cursor): its chunk fetched, a class outlined, its own lines cut out.
 * Null when the index has no chunk at its line (the definition is then left out).
 */
function definitionShape(cache: RowCache, store: IndexStore, row: SymbolRow): DefinitionShape | null {
  const known = cache.shapes.get(row);
  if (known !== undefined) return known;
  const shape = buildShape(cache, store, row);
  cache.shapes.set(row, shape);
  return shape;
}

function buildShape(cache: RowCache, store: IndexStore, row: SymbolRow): DefinitionShape | null {
  const chunk = cachedChunkAt(cache, store, row.fileId, row.startLine);
  if (!chunk) return null;
  const symbol: SignatureEntry = {
    line: row.startLine,
    signature: row.signature,
    ...(row.parent ? { parent: row.parent } : {}),
  };
  if (row.kind === 'class') {
    // A class is called through its constructor: a signature shown for it carries the constructor's.
    const init = cachedMembersOf(cache, store, row).find((member) => CONSTRUCTORS.has(member.name));
    if (init) symbol.classConstructor = { line: init.startLine, parent: row.name, signature: init.signature };
  }
  const compact =
    // A class longer than its chunk (a big class is chunked as its header, then its members) is outlined
    // too: its header alone says nothing of the methods `self.…` / `obj.…` can call.
    OUTLINED_KINDS.has(row.kind) &&
    (row.endLine > chunk.endLine || exceedsTokens(chunk.text, DEFINITION_TOKENS))
      ? classOutline(row, chunk, store, cache)
      : undefined;
  if (compact) return { outline: compact.parts, range: compact.range, text: '', symbol };
  // The chunk is the definition's own unless it was made for something else: the whole of a small class
  // (its methods get no chunks of their own) or a window over code without syntax.
  const ownChunk = chunk.symbol === row.name || chunk.symbol === `${row.parent}.${row.name}`;
  if (
    row.kind === 'constant' ||
    !ownChunk ||
    chunk.startLine > row.startLine ||
    chunk.endLine < row.endLine
  ) {
    // A constant, or a definition inside another's chunk: its own lines, not the chunk around it (cut to
    // its first tokens, a method in the middle of a small class was cut off).
    const from = row.startLine - chunk.startLine;
    const lines = chunk.text
      .split('\n')
      .slice(Math.max(0, from), Math.max(0, from) + (row.endLine - row.startLine + 1));
    const range = { path: row.path, startLine: row.startLine, endLine: row.startLine + lines.length - 1 };
    return {
      range,
      text: lines.join('\n'),
      symbol,
      minLines: signatureLineCount(lines, 0, row.signature),
    };
  }
  const own = withoutLongLead(chunk, row.startLine);
  const lead = row.startLine - own.startLine;
  return {
    range: { path: row.path, startLine: own.startLine, endLine: own.endLine },
    text: own.text,
    symbol,
    minLines: lead + signatureLineCount(own.text.split('\n'), lead, row.signature),
  };
}

/** The given base classes and, one level up, theirs (from the class signatures in the symbol table). */
export function inheritedClasses(store: IndexStore, bases: readonly string[]): Set<string> {
  const out = new Set(bases);
  if (bases.length === 0) return out;
  for (const base of bases) {
    for (const signature of store.classSignatures(base, 3)) {
      for (const name of classHeaderBases(signature.trim()) ?? []) out.add(name);
    }
  }
  return out;
}

export interface RetrievalOptions {
  /** for hybrid retrieval when the index has vectors from this model */
  embedModel?: LanguageModel | undefined;
  /** score of the best match; lower ranks get less */
  weight: number;
  /** each match is cut to this many tokens */
  maxTokens?: number | undefined;
  /** what the query is, for the reason; by default the query itself (quoted, cut to 60 characters) */
  queryLabel?: string | undefined;
  /** told why, when the embedding endpoint failed and retrieval fell back to BM25 */
  onEmbedFailure?: (message: string) => void;
}

/**
 * The best chunks for the words of the request and the identifiers near the cursor: BM25, or hybrid
 * (BM25 + vectors) when an embedding model is given. An embedding endpoint that fails (down, refusing,
 * timing out) costs the vectors only: retrieval answers by BM25 and `onEmbedFailure` says why.
 */
export async function retrievedCandidates(
  store: IndexStore,
  query: string,
  options: RetrievalOptions,
): Promise<Candidate[]> {
  if (!query.trim()) return [];
  let embedModel = options.embedModel;
  const search = { k: 30, skipCommonTerms: true };
  let hits: Awaited<ReturnType<typeof hybridSearch>>;
  try {
    hits = await hybridSearch(store, query, { ...search, ...(embedModel ? { embedModel } : {}) });
  } catch (error) {
    if (!embedModel) throw error;
    const why = ((error as Error).message ?? String(error)).split('\n')[0]!.slice(0, 200);
    options.onEmbedFailure?.(
      `embedding the query with ${embedModel.id} failed (${why}); retrieval used BM25 and the symbol graph only`,
    );
    embedModel = undefined;
    hits = await hybridSearch(store, query, search);
  }
  const label = options.queryLabel ?? `"${query.length > 60 ? `${query.slice(0, 57)}…` : query}"`;
  return hits.map((hit, rank) =>
    snippet(hit, {
      kind: 'retrieved',
      text: hit.text,
      reason: `${embedModel ? 'hybrid (BM25 + vectors)' : 'BM25'} match #${rank + 1} for ${label}${hit.symbol ? ` (${hit.symbol})` : ''}`,
      score: options.weight / (1 + rank / 3),
      maxTokens: options.maxTokens ?? MAX_SNIPPET_TOKENS,
    }),
  );
}

/** An outline (signatures) of each recently edited file: what changed lately is likely to matter. */
export function recentCandidates(store: IndexStore, recentFiles: readonly string[]): Candidate[] {
  return recentFiles.slice(0, 5).flatMap((path, index) => {
    const rows = store.fileOutline(path, 60);
    if (rows.length === 0) return [];
    const text = rows.map((row) => `${row.parent ? '    ' : ''}${row.signature}`).join('\n');
    const range = { path, startLine: rows[0]!.startLine, endLine: rows[rows.length - 1]!.startLine };
    return [
      snippet(range, {
        kind: 'recent',
        text,
        reason: 'recently edited file (outline)',
        score: 0.5 / (index + 1),
      }),
    ];
  });
}
