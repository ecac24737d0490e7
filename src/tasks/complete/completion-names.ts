import type { CheckResult, Finding } from '../../core/check.js';
import { extractImports, importLines } from '../../index/imports.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';
import type { SplicedFile } from './completion-checks.js';

/**
 * What a completion names, checked on its own lines (issue 57): a name nothing defines (`yaml.safe_load`
 * with no `yaml` anywhere), an attribute or keyword the installed module does not have (`json.loadz`,
 * `json.load(f, strict_mode=True)`), and the gate's security rules (`eval(...)`). Each looks at the
 * lines the completion spans, so its cost follows the completion, not the file:
 * - names: tree-sitter on those lines alone, in-process (a millisecond); a name counts as defined when
 *   the file mentions it anywhere else, so only names nothing in the file could define are reported;
 * - attributes and keywords: the imports check's probe on the file's imports the completion uses and the
 *   completion's lines (in a warm worker, answered in the worker itself when the modules are plain ones
 *   it holds); skipped when the completion uses nothing it imports;
 * - security: vouch's own rules (no external scanner, as while typing) on those lines.
 */

/** The whole lines the completion spans in the completed file, with their common indentation taken off. */
export interface CompletedLines {
  text: string;
  /** 1-based line of the completed file where they start */
  firstLine: number;
  /** how many lines they are */
  count: number;
  /** the indentation taken off each line (columns) */
  indent: number;
}

export function completedLines(file: SplicedFile): CompletedLines {
  const lineStart = file.prefix.lastIndexOf('\n') + 1;
  const lineEnd = file.suffix.indexOf('\n');
  const text =
    file.prefix.slice(lineStart) +
    file.completion +
    file.suffix.slice(0, lineEnd === -1 ? undefined : lineEnd);
  const lines = text.split('\n');
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines) if (line.trim()) indent = Math.min(indent, /^[ \t]*/.exec(line)![0].length);
  if (!Number.isFinite(indent)) indent = 0;
  let firstLine = 1;
  for (let index = file.prefix.indexOf('\n'); index !== -1; index = file.prefix.indexOf('\n', index + 1))
    firstLine++;
  return {
    text: lines.map((line) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length))).join('\n'),
    firstLine,
    count: lines.length,
    indent,
  };
}

/** Python's built-in names (3.8–3.13, the union), module dunders, and soft keywords tree-sitter reads as names. */
const PYTHON_BUILTINS = new Set(
  `ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError
  BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError
  ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning
  EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError
  FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError
  InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
  ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError
  OverflowError PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError
  RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration
  StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError
  UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
  UnicodeWarning UserWarning ValueError Warning ZeroDivisionError __build_class__ __debug__ __doc__
  __import__ __loader__ __name__ __package__ __spec__ __file__ __builtins__ __annotations__ __dict__
  __class__ __path__ __cached__ __all__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes
  callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec
  exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance
  issubclass iter len license list locals map max memoryview min next object oct open ord pow print
  property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type
  vars zip match case _ self cls reveal_type`.split(/\s+/),
);

/** Nodes a bound name sits inside on its way up to what binds it (`a, (b, *c) = …`). */
const PATTERN_PARTS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'dictionary_splat_pattern',
  'as_pattern_target',
  'expression_list',
  'typed_parameter',
]);
/** What binds every name under it (parameters, global, the target of `as`, imports). */
const BINDERS = new Set([
  'parameters',
  'lambda_parameters',
  'global_statement',
  'nonlocal_statement',
  'as_pattern_target',
  'import_statement',
  'import_from_statement',
  'aliased_import',
  'dotted_name',
  'case_pattern',
  'keyword_pattern',
]);
/** What binds the name in one of its fields. */
const FIELD_BINDERS: Record<string, string> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  default_parameter: 'name',
  typed_default_parameter: 'name',
  named_expression: 'name',
  function_definition: 'name',
  class_definition: 'name',
  as_pattern: 'alias',
};

function same(a: SyntaxNode | null, b: SyntaxNode): boolean {
  return a !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function isBinding(identifier: SyntaxNode): boolean {
  let child = identifier;
  let parent = identifier.parent;
  while (parent && PATTERN_PARTS.has(parent.type) && !BINDERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (BINDERS.has(parent.type)) return true;
  const field = FIELD_BINDERS[parent.type];
  if (field && same(parent.childForFieldName(field), child)) return true;
  // `except E as e` in grammars that keep the alias as the clause's own child
  return parent.type === 'except_clause' && child.previousSibling?.type === 'as';
}

/** Whether the identifier is a reference: not an attribute's name, not a keyword argument's name. */
function isReference(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  if (parent.type === 'attribute' && same(parent.childForFieldName('attribute'), identifier)) return false;
  if (parent.type === 'keyword_argument' && same(parent.childForFieldName('name'), identifier)) return false;
  return true;
}

function mentions(text: string, name: string): boolean {
  for (let index = text.indexOf(name); index !== -1; index = text.indexOf(name, index + 1)) {
    const before = text[index - 1];
    const after = text[index + name.length];
    if ((!before || !/[\p{L}\p{N}_]/u.test(before)) && (!after || !/[\p{L}\p{N}_]/u.test(after))) return true;
  }
  return false;
}

/**
 * Names the completion uses that nothing in the file defines: not bound in the completed lines, not a
 * built-in, and not mentioned anywhere else in the file (so a global defined far away, a parameter of
 * the enclosing function or a name a `try: import` binds all count as defined). A file with `import *`
 * could define anything and is not judged.
 */
export async function undefinedNames(file: SplicedFile, lines: CompletedLines): Promise<Finding[]> {
  const elsewhere = file.prefix + '\n' + file.suffix;
  if (/^\s*from\s+\S+\s+import\s+\*/m.test(elsewhere + '\n' + file.completion)) return [];
  const tree = await parse('python', lines.text);
  try {
    const bound = new Set<string>();
    const references: SyntaxNode[] = [];
    for (const node of tree.rootNode.descendantsOfType('identifier')) {
      if (isBinding(node)) bound.add(node.text);
      else if (isReference(node)) references.push(node);
    }
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const node of references) {
      const name = node.text;
      if (reported.has(name) || bound.has(name) || PYTHON_BUILTINS.has(name) || mentions(elsewhere, name))
        continue;
      reported.add(name);
      const line = lines.firstLine + node.startPosition.row;
      findings.push({
        ruleId: 'name-undefined',
        file: file.path,
        line,
        column: node.startPosition.column + 1 + lines.indent,
        severity: 'high',
        message: `\`${name}\` is not defined: nothing in ${file.path} imports, assigns or defines it`,
        hint: `import or define \`${name}\` first, or ask for another completion`,
        tool: 'vouch',
      });
    }
    return findings;
  } finally {
    tree.delete();
  }
}

/** A name the file binds again outside its imports (a parameter, an assignment): no longer the module. */
function rebound(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    [
      `^[ \\t]*${escaped}[ \\t]*(:[^=\\n]*)?=(?!=)`,
      `\\b(def|class)[ \\t]+${escaped}\\b`,
      `\\bdef[ \\t]+\\w+[ \\t]*\\([^)]*\\b${escaped}\\b`,
      `\\bfor[ \\t]+[\\w \\t,()]*\\b${escaped}\\b[\\w \\t,()]*[ \\t]in\\b`,
      `\\bas[ \\t]+${escaped}\\b(?![ \\t]*,?[ \\t]*\\w+[ \\t]+import)`,
      `\\blambda[^:\\n]*\\b${escaped}\\b[^:\\n]*:`,
      `\\b(global|nonlocal)[ \\t][^\\n]*\\b${escaped}\\b`,
      `^[ \\t]*[\\w \\t,]*\\b${escaped}\\b[\\w \\t,]*=(?!=)`,
    ].join('|'),
    'm',
  ).test(text);
}

/**
 * The code the imports probe reads for a completion: the file's imports whose names the completion's
 * lines use (and does not rebind), then `block` — the function around the completion, which parses on
 * its own where the completion's lines alone may not (a body cut mid-block). Undefined when the lines
 * use nothing imported and add no import: there is nothing for the probe to check.
 */
export function probedCode(
  file: SplicedFile,
  lines: CompletedLines,
  block: CompletedLines = lines,
): { code: string; header: number } | undefined {
  const whole = file.prefix + file.completion + file.suffix;
  const addsImports = extractImports('python', lines.text).length > 0;
  const lastLine = lines.firstLine + lines.count - 1;
  // statements outside the completed lines, without the import lines themselves (for `rebound`)
  const importRows = importLines('python', whole);
  const rows = whole.split('\n');
  const outsideImports = rows.filter((_, index) => !importRows.has(index + 1)).join('\n');
  // what the completion's lines say outside their own import statements (`from pkg.x import y` is no use
  // of the file's `import pkg.slow`)
  const ownImports = importLines('python', lines.text);
  const used = lines.text
    .split('\n')
    .filter((_, index) => !ownImports.has(index + 1))
    .join('\n');
  const header: string[] = [];
  for (const record of extractImports('python', whole)) {
    if (record.line >= block.firstLine && record.line <= block.firstLine + block.count - 1) continue;
    if (record.line >= lines.firstLine && record.line <= lastLine) continue;
    if (record.local === '*' || record.kind !== 'import') continue;
    const bound = record.local.split('.')[0]!;
    if (!mentions(used, bound) || rebound(outsideImports, bound)) continue;
    const alias = (name: string) => (record.local === name ? '' : ` as ${record.local}`);
    const statement =
      record.name === '*'
        ? `import ${record.module}${alias(record.module)}`
        : `from ${record.module} import ${record.name}${alias(record.name)}`;
    if (!header.includes(statement)) header.push(statement);
  }
  if (header.length === 0 && !addsImports) return undefined;
  return { code: `${header.join('\n')}${header.length ? '\n' : ''}${block.text}\n`, header: header.length };
}

/**
 * The function around the completion with the completion in place (its `def` line up to where its body
 * ends), dedented: where a rule's taint comes from (`with open(path) as handle:` above `eval(handle.read())`).
 * The completion's own lines when it sits in no function.
 */
export function enclosingFunction(file: SplicedFile, lines: CompletedLines): CompletedLines {
  if (file.language !== 'python') return lines;
  const rows = (file.prefix + file.completion + file.suffix).split('\n');
  const indentOf = (row: string) => /^[ \t]*/.exec(row)![0].length;
  const first = lines.firstLine - 1;
  const last = first + lines.count - 1;
  let start = -1;
  for (let index = first; index >= 0 && first - index < 2000; index--) {
    const row = rows[index]!;
    if (!/^[ \t]*(async[ \t]+)?def[ \t]/.test(row)) continue;
    if (index === first || indentOf(row) < lines.indent) {
      start = index;
      break;
    }
  }
  if (start === -1) return lines;
  const base = indentOf(rows[start]!);
  let end = last;
  for (let index = last + 1; index < rows.length && index - last < 2000; index++) {
    const row = rows[index]!;
    if (!row.trim() || row.trim().startsWith('#')) continue;
    if (indentOf(row) <= base) break;
    end = index;
  }
  const block = rows.slice(start, end + 1);
  return {
    text: block.map((row) => row.slice(Math.min(base, indentOf(row)))).join('\n'),
    firstLine: start + 1,
    count: block.length,
    indent: base,
  };
}

/** Findings on the probed code's own lines moved back to the file; those on the header are dropped. */
export function onCompletedLines(
  findings: readonly Finding[],
  file: SplicedFile,
  probed: {
    /** the probed code's lines of the file */
    lines: CompletedLines;
    /** how many lines the probe put above them */
    header: number;
    /** the completion's own lines (findings elsewhere are dropped); the probed lines by default */
    completed?: CompletedLines;
  },
): Finding[] {
  const { lines, header, completed = lines } = probed;
  const last = completed.firstLine + completed.count - 1;
  return findings
    .filter((finding) => finding.line > header && finding.line <= header + lines.count)
    .map((finding) => ({
      ...finding,
      file: file.path,
      line: finding.line - header - 1 + lines.firstLine,
      column: finding.column + lines.indent,
    }))
    .filter((finding) => finding.line >= completed.firstLine && finding.line <= last);
}

export function namesResult(findings: Finding[], started: number): CheckResult {
  return {
    name: 'names',
    status: findings.length > 0 ? 'fail' : 'pass',
    reason: "tree-sitter, on the completion's lines: every name is a built-in or one the file defines",
    findings,
    durationMs: Math.round(performance.now() - started),
  };
}
