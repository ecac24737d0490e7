import type { ChunkRow, IndexStore, SymbolRow } from '../../index/index-store.js';
import { loadReferenceGraph, nameUses } from '../../index/reference-graph.js';
import type { WeightedIdentifier } from '../cursor-identifiers.js';
import { exceedsTokens } from '../tokens.js';
import { DEFINITION_TOKENS, type Range } from './candidate.js';
import { cachedMembersOf, type RowCache } from './row-cache.js';

/** the members that construct an instance of their class */
export const CONSTRUCTORS = new Set(['__init__', 'constructor']);

/**
 * The chunk without what precedes the definition's first line (a doc comment, decorators) when that
 * would take a third of a definition's tokens: cut to its head, the snippet would show the comment and
 * not the signature.
 */
export function withoutLongLead(chunk: ChunkRow, startLine: number): ChunkRow {
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
export interface OutlineParts {
  header: readonly string[];
  indent: string;
  /** the class's members, the most used across the repository first (`nameUses`), then in line order */
  members: readonly SymbolRow[];
}

/**
 * A class as its header (up to its first member, at most 12 lines; see `outlineHeader`) and its members'
 * signatures: what a caller needs, at a fraction of the tokens of the whole class.
 */
export function classOutline({
  row,
  whole,
  store,
  cache,
}: {
  row: { path: string; fileId: number; name: string; startLine: number; endLine: number; signature: string };
  whole: ChunkRow;
  store: IndexStore;
  cache: RowCache;
}): { range: Range; parts: OutlineParts } | undefined {
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
export function constructorCount(parts: OutlineParts): number {
  return parts.members.filter((member) => CONSTRUCTORS.has(member.name)).length;
}

/** Members an outline lists beyond its constructor and those the cursor's file names, unless it is whole. */
const OTHER_MEMBERS = 3;

/**
 * An outline's text for one cursor: the constructor first, then the members the cursor's file names
 * (most weighted first), then the others in line order — all of them for a base of the cursor's class
 * (what `self.…` can call), a few for any other class, with an elision for the rest.
 */
export function outlineText({
  parts,
  weights,
  whole,
  picked = new Map(),
}: {
  parts: OutlineParts;
  weights: ReadonlyMap<string, WeightedIdentifier>;
  whole: boolean;
  picked?: ReadonlyMap<SymbolRow, number>;
}): string {
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
