import type { IndexStore, SymbolRow } from '../../index/index-store.js';
import type { SignatureEntry } from '../signature-group.js';
import { exceedsTokens } from '../tokens.js';
import { DEFINITION_TOKENS, type Range } from './candidate.js';
import {
  CONSTRUCTORS,
  classOutline,
  type OutlineParts,
  signatureLineCount,
  withoutLongLead,
} from './outline.js';
import { cachedChunkAt, cachedMembersOf, type RowCache } from './row-cache.js';

const OUTLINED_KINDS = new Set(['class', 'interface', 'enum', 'impl']);

/** What a definition shows, whatever the cursor: its range and text, and its signature for a group. */
export interface DefinitionShape {
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
export function definitionShape(cache: RowCache, store: IndexStore, row: SymbolRow): DefinitionShape | null {
  const known = cache.shapes.get(row);
  if (known !== undefined) return known;
  const shape = buildShape(cache, store, row);
  cache.shapes.set(row, shape);
  return shape;
}

function buildShape(cache: RowCache, store: IndexStore, row: SymbolRow): DefinitionShape | null {
  const chunk = cachedChunkAt({ cache, store, fileId: row.fileId, line: row.startLine });
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
      ? classOutline({ row, whole: chunk, store, cache })
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
