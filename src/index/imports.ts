import type { LanguageId } from '../core/languages.js';

/**
 * One name a file binds from another module, or passes on from one. Read from the text line by line
 * (no parse needed: import statements have a narrow grammar, and this runs on every indexed file).
 */
export interface ImportRecord {
  /**
   * the name bound in (or exported from) this file: `b` for `from m import a as b`, `ns` for
   * `import * as ns from 'm'`, `pkg.sub` for `import pkg.sub`; `*` for a star import or `export * from`
   */
  local: string;
  /** the module as written (`..db.models`, `./util/isFunction`, `rxjs`); empty for `export { a }` */
  module: string;
  /** the name taken from the module: `a`; `default`; `*` for the whole module (namespace or star) */
  name: string;
  /** `export` for what the file passes on (`export … from`, `export { a }`); Python imports are `import` */
  kind: 'import' | 'export';
  line: number;
}

const PYTHON_LIKE = new Set<LanguageId>(['python']);
const SCRIPT_LIKE = new Set<LanguageId>(['typescript', 'tsx', 'javascript']);

/** Whether `extractImports` understands the language's import statements. */
export function readsImports(language: LanguageId | undefined): boolean {
  return language !== undefined && (PYTHON_LIKE.has(language) || SCRIPT_LIKE.has(language));
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `a, b as c` (parentheses, braces, `type` markers and trailing commas allowed) → [[a, a], [b, c]] */
function nameList(list: string): [name: string, local: string][] {
  const out: [string, string][] = [];
  for (const part of list.replace(/[(){}]/g, '').split(',')) {
    const [name, alias] = part
      .trim()
      .replace(/^type\s+/, '')
      .split(/\s+as\s+/)
      .map((word) => word?.trim());
    if (name && IDENTIFIER.test(name)) out.push([name, alias && IDENTIFIER.test(alias) ? alias : name]);
  }
  return out;
}

/** The lines (1-based) one import or export-from statement spans. */
export interface StatementLines {
  line: number;
  endLine: number;
}

/**
 * Whether a line starts a statement that may import or export (its continuation lines aside). Cheap
 * first-character filter before any regular expression: this runs on every line of every file.
 */
export function startsImportStatement(raw: string, python: boolean): boolean {
  const first = raw.charCodeAt(0);
  // Imports start a line (Python: column 0 at module level, or indented in a function; TypeScript: column 0).
  const trimmed = first === 32 || first === 9 ? raw.trim() : raw;
  const head = trimmed.charCodeAt(0);
  if (head !== 102 && head !== 105 && head !== 101) return false; // f(rom) i(mport) e(xport)
  return python ? /^(from|import)\s/.test(trimmed) : /^(import|export)[\s{*]/.test(trimmed);
}

/**
 * Statements that may import or export, each with continuation lines joined, and the lines it spans.
 * Whether a line continues a statement depends on that statement alone (an open parenthesis, a
 * backslash, a missing module string), never on the lines after the statement ends.
 */
function statements(text: string, python: boolean): ({ text: string } & StatementLines)[] {
  const out: ({ text: string } & StatementLines)[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    if (!startsImportStatement(raw, python)) continue;
    const first = raw.charCodeAt(0);
    let statement = first === 32 || first === 9 ? raw.trim() : raw;
    const start = index + 1;
    if (python) {
      while (
        ((statement.includes('(') && !statement.includes(')')) || statement.endsWith('\\')) &&
        index + 1 < lines.length &&
        statement.length < 8000
      )
        statement = `${statement.replace(/\\$/, '')} ${lines[++index]!.trim()}`;
      out.push({ text: statement.replace(/#.*$/, '').trim(), line: start, endLine: index + 1 });
      continue;
    }
    // TypeScript/JavaScript: `import {\n a,\n b\n} from 'm'` — joined until the module string (or the
    // closing brace of `export { … }`), never across the start of another statement.
    while (!scriptComplete(statement) && index + 1 < lines.length && statement.length < 8000) {
      const next = lines[index + 1]!.trim();
      if (/^(import|export)\s/.test(next)) break;
      statement += ` ${next}`;
      index++;
    }
    out.push({ text: statement, line: start, endLine: index + 1 });
  }
  return out;
}

const QUOTED = /['"][^'"]*['"]/;

function scriptComplete(statement: string): boolean {
  if (statement.startsWith('import')) return QUOTED.test(statement);
  if (/^export\s+\*/.test(statement)) return QUOTED.test(statement);
  if (/^export\s+(?:type\s+)?\{/.test(statement)) return statement.includes('}');
  return true;
}

function pythonRecords(statement: string, line: number): ImportRecord[] {
  const from = /^from\s+(\.*[\w.]*)\s+import\s+(.+)$/.exec(statement);
  if (from) {
    const module = from[1]!;
    const list = from[2]!.trim();
    if (list === '*') return [{ local: '*', module, name: '*', kind: 'import', line }];
    return nameList(list).map(([name, local]) => ({ local, module, name, kind: 'import', line }));
  }
  const plain = /^import\s+(.+)$/.exec(statement);
  if (!plain) return [];
  const out: ImportRecord[] = [];
  for (const part of plain[1]!.split(',')) {
    const [module, alias] = part
      .trim()
      .split(/\s+as\s+/)
      .map((word) => word?.trim());
    if (!module || !/^[\w.]+$/.test(module)) continue;
    out.push({
      local: alias && IDENTIFIER.test(alias) ? alias : module,
      module,
      name: '*',
      kind: 'import',
      line,
    });
  }
  return out;
}

function scriptRecords(statement: string, line: number): ImportRecord[] {
  const out: ImportRecord[] = [];
  const text = statement.replace(/\/\/.*$/, '');
  const module = /\bfrom\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  if (text.startsWith('import')) {
    if (!module) return out; // `import 'side-effect'`, `import x = require(…)`
    const clause = /^import\s+(?:type\s+)?([\s\S]*?)\s*from\s*['"]/.exec(text)?.[1] ?? '';
    const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
    if (namespace) out.push({ local: namespace[1]!, module, name: '*', kind: 'import', line });
    const defaultName = /^([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
    if (defaultName) out.push({ local: defaultName[1]!, module, name: 'default', kind: 'import', line });
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) {
      for (const [name, local] of nameList(braces[1]!))
        out.push({ local, module, name, kind: 'import', line });
    }
    return out;
  }
  // export * from 'm' · export * as ns from 'm' · export { a, b as c } from 'm' · export { a }
  const star = /^export\s+\*\s*(?:as\s+([\w$]+)\s*)?from/.exec(text);
  if (star && module) {
    out.push({ local: star[1] ?? '*', module, name: '*', kind: 'export', line });
    return out;
  }
  const braces = /^export\s+(?:type\s+)?\{([^}]*)\}/.exec(text);
  if (braces) {
    for (const [name, local] of nameList(braces[1]!))
      out.push({ local, module: module ?? '', name, kind: 'export', line });
  }
  return out;
}

/**
 * What a file imports and re-exports, in the order written, and the lines each statement that may import
 * or export spans (one with no records too: `import 'side-effect'`). Empty for languages it does not read.
 */
export function readImportStatements(
  language: LanguageId | undefined,
  text: string,
): { records: ImportRecord[]; spans: StatementLines[] } {
  if (!language || !readsImports(language)) return { records: [], spans: [] };
  const python = PYTHON_LIKE.has(language);
  const records: ImportRecord[] = [];
  const spans: StatementLines[] = [];
  for (const statement of statements(text, python)) {
    records.push(
      ...(python
        ? pythonRecords(statement.text, statement.line)
        : scriptRecords(statement.text, statement.line)),
    );
    spans.push({ line: statement.line, endLine: statement.endLine });
  }
  return { records, spans };
}

/** What a file imports and re-exports, in the order written. Empty for languages it does not read. */
export function extractImports(language: LanguageId | undefined, text: string): ImportRecord[] {
  return readImportStatements(language, text).records;
}

/** The lines (1-based) the statements span. */
export function spannedLines(spans: readonly StatementLines[]): Set<number> {
  const lines = new Set<number>();
  for (const span of spans) for (let line = span.line; line <= span.endLine; line++) lines.add(line);
  return lines;
}

/** The lines (1-based) the file's import and export-from statements span (their records are not read). */
export function importLines(language: LanguageId | undefined, text: string): Set<number> {
  if (!language || !readsImports(language)) return new Set();
  return spannedLines(statements(text, PYTHON_LIKE.has(language)));
}
