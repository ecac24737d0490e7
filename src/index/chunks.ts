import type { SymbolDefinition } from './tags.js';

/** A piece of a file that search returns and prompts quote. Lines are 1-based and inclusive. */
export interface Chunk {
  startLine: number;
  endLine: number;
  /** `definition`: a whole function/class; `header`: a large class's opening; `window`: lines without syntax */
  kind: 'definition' | 'header' | 'window';
  /** the definition it belongs to (`Class.method` for methods) */
  symbol?: string;
  text: string;
  /** the parts of its compound identifiers (`getUserName` → get User Name), for full-text search */
  identifierParts?: string;
}

export interface ChunkOptions {
  /** a definition longer than this is split (its header, then its members or windows) */
  maxLines?: number;
  /** window size for lines that belong to no definition */
  windowLines?: number;
}

const CHUNKED_KINDS = new Set([
  'function',
  'method',
  'class',
  'interface',
  'impl',
  'enum',
  'module',
  'type',
  'macro',
]);

/**
 * Syntax-aware chunks: each function, method or class whole when it fits (with the comment or decorator
 * lines right above it); a large class as its header plus its members; a large function as windows; and
 * every other non-blank stretch (imports, module code, files without a grammar) as sliding windows.
 */
export function chunkFile(
  source: string,
  definitions: readonly SymbolDefinition[],
  options: ChunkOptions = {},
): Chunk[] {
  const maxLines = options.maxLines ?? 80;
  const windowLines = options.windowLines ?? 40;
  // Lines by their offsets, not split into strings: a chunk's text is one slice of the source (what
  // joining its lines gives), and a file's lines are mostly only asked whether they are blank.
  const starts = lineStarts(source);
  const lineCount = starts.length - 1;
  const lineText = (line: number): string =>
    line >= 1 && line <= lineCount ? source.slice(starts[line - 1]!, starts[line]! - 1) : '';
  const blank = (line: number): boolean => isBlank(source, starts[line - 1]!, starts[line]! - 1);
  const covered = new Uint8Array(lineCount + 2);
  const chunks: Chunk[] = [];
  const candidates = definitions
    .filter((definition) => CHUNKED_KINDS.has(definition.kind))
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);

  const text = (start: number, end: number): string => {
    const last = Math.min(end, lineCount);
    return start > last ? '' : source.slice(starts[start - 1]!, starts[last]! - 1);
  };
  const emit = ({
    start,
    end,
    kind,
    symbol,
  }: {
    start: number;
    end: number;
    kind: Chunk['kind'];
    symbol?: string;
  }): void => {
    if (end < start) return;
    const body = text(start, end);
    if (!/[\p{L}\p{N}]/u.test(body)) return; // braces and blank lines alone are not worth a chunk
    chunks.push({ startLine: start, endLine: end, kind, ...(symbol ? { symbol } : {}), text: body });
    for (let line = start; line <= end; line++) covered[line] = 1;
  };
  const leadingStart = (definition: SymbolDefinition): number => {
    // Pull in decorators and doc comments directly above, when nothing else claimed them.
    let start = definition.startLine;
    while (start > 1 && !covered[start - 1] && /^\s*(?:@|#|\/\/|\/\*|\*|\/\/\/)/.test(lineText(start - 1)))
      start--;
    return start;
  };

  const place = (definition: SymbolDefinition): void => {
    if (covered[definition.startLine]) return; // inside a chunk already emitted whole
    const symbol = definition.parent ? `${definition.parent}.${definition.name}` : definition.name;
    const start = leadingStart(definition);
    const length = definition.endLine - start + 1;
    if (length <= maxLines) {
      emit({ start, end: definition.endLine, kind: 'definition', symbol });
      return;
    }
    const members = candidates.filter(
      (other) =>
        other !== definition && other.startLine > definition.startLine && other.endLine <= definition.endLine,
    );
    if (members.length > 0) {
      const firstMember = Math.min(...members.map((member) => member.startLine));
      const headerEnd = Math.min(firstMember - 1, start + maxLines - 1);
      emit({ start, end: headerEnd, kind: 'header', symbol });
      return;
    }
    for (let from = start; from <= definition.endLine; from += maxLines) {
      emit({
        start: from,
        end: Math.min(definition.endLine, from + maxLines - 1),
        kind: 'definition',
        symbol,
      });
    }
  };
  for (const definition of candidates) place(definition);

  // Whatever no definition claimed: sliding windows over each uncovered stretch, blank lines trimmed.
  let line = 1;
  while (line <= lineCount) {
    if (covered[line] || blank(line)) {
      line++;
      continue;
    }
    let end = line;
    while (end + 1 <= lineCount && !covered[end + 1] && end - line + 1 < windowLines) end++;
    while (end > line && blank(end)) end--;
    emit({ start: line, end, kind: 'window' });
    line = end + 1;
  }
  chunks.sort((a, b) => a.startLine - b.startLine);
  return chunks;
}

/** Offsets where each line starts (split at '\n'), and one past the text's end plus one: line i (1-based) is `[starts[i - 1], starts[i] - 1)`. */
function lineStarts(source: string): Int32Array {
  let count = 1;
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) count++;
  const starts = new Int32Array(count + 1);
  let line = 1;
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) starts[line++] = at + 1;
  starts[count] = source.length + 1;
  return starts;
}

/** Whether `source[start, end)` is empty once trimmed (as `String.prototype.trim` sees white space). */
function isBlank(source: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = source.charCodeAt(at);
    if (code === 32 || (code >= 9 && code <= 13)) continue;
    if (code < 128) return false;
    // Beyond ASCII (no-break and other Unicode spaces, the byte-order mark): trim decides.
    return source.slice(at, end).trim() === '';
  }
  return true;
}
