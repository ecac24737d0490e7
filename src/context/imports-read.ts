import { changedSpan } from '../core/changed-span.js';
import type { LanguageId } from '../core/languages.js';
import { escapeRegExp } from '../core/regexp.js';
import {
  type ImportRecord,
  readImportStatements,
  type StatementLines,
  spannedLines,
  startsImportStatement,
} from '../index/imports.js';

/**
 * What `importedDefinitions` reads from a file's text alone, whatever the index holds: its imports and
 * how often it names each identifier outside them. The language server asks at cursor after cursor of a
 * buffer that changes a little between them, so the last text's read is kept and brought up to date over
 * the lines an edit changed (`readImports`); on a 2,000-line file reading it all again cost 3–7 ms of the
 * editor's thread, most of it counting identifiers, before the model was even asked.
 */
export interface ImportsRead {
  records: readonly ImportRecord[];
  /** identifiers outside the import lines, with how often each occurs (read with `get` only: the order is not kept) */
  counts: ReadonlyMap<string, number>;
  /** the attributes the text reaches through `alias.` (in order of first use), with how often each */
  accessedThrough: (alias: string) => Map<string, number>;
}

interface KeptRead {
  language: LanguageId | undefined;
  text: string;
  spans: readonly StatementLines[];
  read: ImportsRead;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/**
 * Adds `sign` × each identifier's occurrences in `text` (whole lines none of which is an import line) to
 * `counts`. One global match: an identifier never spans a line break, so the matches are each line's.
 */
function addIdentifiers(counts: Map<string, number>, text: string, sign: 1 | -1): void {
  for (const word of text.match(IDENTIFIER) ?? []) {
    const count = (counts.get(word) ?? 0) + sign;
    if (count === 0) counts.delete(word);
    else counts.set(word, count);
  }
}

/** How often each identifier occurs in the text outside the lines `skipped` (1-based). */
function identifierCounts(text: string, skipped: ReadonlySet<number>): Map<string, number> {
  const counts = new Map<string, number>();
  let kept = text;
  if (skipped.size > 0) {
    const lines = text.split('\n');
    kept = lines.filter((_, index) => !skipped.has(index + 1)).join('\n');
  }
  addIdentifiers(counts, kept, 1);
  return counts;
}

function readOf(
  text: string,
  records: readonly ImportRecord[],
  counts: ReadonlyMap<string, number>,
): ImportsRead {
  const accessed = new Map<string, Map<string, number>>();
  return {
    records,
    counts,
    accessedThrough: (alias) => {
      let uses = accessed.get(alias);
      if (!uses) {
        uses = new Map<string, number>();
        const pattern = new RegExp(`(?<![\\w$.])${escapeRegExp(alias)}\\.([A-Za-z_$][\\w$]*)`, 'g');
        for (const match of text.matchAll(pattern)) uses.set(match[1]!, (uses.get(match[1]!) ?? 0) + 1);
        accessed.set(alias, uses);
      }
      return uses;
    },
  };
}

function readWhole(language: LanguageId | undefined, text: string): KeptRead {
  const { records, spans } = readImportStatements(language, text);
  const counts =
    records.length === 0 ? new Map<string, number>() : identifierCounts(text, spannedLines(spans));
  return { language, text, spans, read: readOf(text, records, counts) };
}

/** Line breaks in `text` between `from` and `to`. */
function lineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) breaks++;
  return breaks;
}

/**
 * The read of `text` from the read of an earlier version of it, when the lines that changed hold no
 * import statement before or after: the statements elsewhere are the same (a statement's continuation
 * lines depend on the statement alone, and none reaches into the changed lines), a line further down only
 * moved, and the counts change by the identifiers of the changed lines. Undefined when the edit touches
 * an import statement, or the earlier read counted nothing: then it is read whole.
 */
function readEdited(previous: KeptRead, text: string): KeptRead | undefined {
  const old = previous.text;
  const { spans } = previous;
  const { records } = previous.read;
  if (records.length === 0) return undefined;
  const span = changedSpan(old, text);
  // the changed lines, whole: from the start of the line the change starts in to the end of the line it
  // ends in (the text before and after them is the same in both versions)
  const from = span.start === 0 ? 0 : old.lastIndexOf('\n', span.start - 1) + 1;
  const oldBreak = old.indexOf('\n', span.oldEnd);
  const oldTo = oldBreak === -1 ? old.length : oldBreak;
  const newBreak = text.indexOf('\n', span.newEnd);
  const newTo = newBreak === -1 ? text.length : newBreak;
  const oldLines = old.slice(from, oldTo);
  const newLines = text.slice(from, newTo);
  const python = previous.language === 'python';
  const first = lineBreaks(old, 0, from) + 1;
  const last = first + lineBreaks(oldLines, 0, oldLines.length);
  for (const statement of spans) if (statement.line <= last && statement.endLine >= first) return undefined;
  for (let start = 0; start <= newLines.length; ) {
    const end = newLines.indexOf('\n', start);
    const line = newLines.slice(start, end === -1 ? newLines.length : end);
    if (startsImportStatement(line, python)) return undefined;
    if (end === -1) break;
    start = end + 1;
  }
  const moved = lineBreaks(newLines, 0, newLines.length) - (last - first);
  const counts = new Map(previous.read.counts);
  addIdentifiers(counts, oldLines, -1);
  addIdentifiers(counts, newLines, 1);
  return {
    language: previous.language,
    text,
    spans:
      moved === 0
        ? spans
        : spans.map((statement) =>
            statement.line > last
              ? { line: statement.line + moved, endLine: statement.endLine + moved }
              : statement,
          ),
    read: readOf(
      text,
      moved === 0
        ? records
        : records.map((record) => (record.line > last ? { ...record, line: record.line + moved } : record)),
      counts,
    ),
  };
}

let kept: KeptRead | undefined;

/**
 * The text's imports and identifier counts: the last text's read again for the same text, brought up to
 * date from it for an edited one, read whole otherwise. Every caller with the same arguments gets the
 * same read, which it treats as read-only.
 */
export function readImports(language: LanguageId | undefined, text: string): ImportsRead {
  if (kept && kept.language === language && kept.text === text) return kept.read;
  kept = (kept && kept.language === language && readEdited(kept, text)) || readWhole(language, text);
  return kept.read;
}

/** The text's read, whole, as `readImports` gives it for a text it has not seen (for tests). */
export function readImportsWhole(language: LanguageId | undefined, text: string): ImportsRead {
  return readWhole(language, text).read;
}

/**
 * The read of `after` brought up to date from the read of `before`, or undefined where `readImports`
 * would read it whole (for tests).
 */
export function readImportsEdited(
  language: LanguageId | undefined,
  before: string,
  after: string,
): ImportsRead | undefined {
  return readEdited(readWhole(language, before), after)?.read;
}
