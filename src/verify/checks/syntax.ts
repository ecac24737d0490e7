import { z } from 'zod';
import type { Check, CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { LANGUAGES, type LanguageId } from '../../core/languages.js';
import { COMPILER_LINE_ENDS, LineIndex } from '../../core/line-index.js';
import { shippedText } from '../../core/package-root.js';
import { isTypeOnlyGap } from '../../syntax/grammar-gaps.js';
import { parse, type SyntaxNode, syntaxErrors } from '../../syntax/parser.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { compilerRefusal } from './compiler-budget.js';
import { checkResult, sandboxDecision, subjectFile } from './support.js';

const TS_LANGUAGES: ReadonlySet<LanguageId> = new Set(['typescript', 'tsx', 'javascript']);

/**
 * Valid TypeScript and JavaScript that tree-sitter-typescript and -javascript cannot read (tree-sitter-wasms
 * 0.1.13: bench/notes/2026-11-27-parse-errors.md), by the text before the ERROR node on its line: the node
 * is the name after `accessor` or `using`, the type parameter after `in`/`out`, or an import's
 * `assert { … }`.
 */
const GRAMMAR_GAPS: readonly RegExp[] = [
  /\baccessor\s+$/,
  /[<,]\s*(?:const\s+)?(?:in\s+|out\s+){1,2}$/,
  /\busing\s+$/,
  /^\s*(?:import|export)\b.*\bfrom\s*(["']).*\1\s*$/,
  /^\s*import\s*(["']).*\1\s*$/,
];

/** Whether a tree-sitter error stands on a gap: `before` is its line's text up to it, `after` the rest. */
function onGrammarGap({ before, after }: { before: string; after: string }): boolean {
  const assertion = /^assert\s*\{/.test(after);
  return GRAMMAR_GAPS.some((gap, index) => gap.test(before) && (index < 3 || assertion));
}

/** A tree-sitter error and, for JavaScript and TypeScript, whether it stands on a gap of the grammar. */
interface TreeSitterError {
  finding: Finding;
  onGap: boolean;
}

/**
 * Tree-sitter's syntax errors, placed as the language's own parser places them (r18, w104). For Python,
 * JavaScript and TypeScript it reads the text as the language does, each `\r\n` and lone `\r` a `\n`
 * (`universalNewlines`: tree-sitter's recovery differed in a CRLF file, and a lone `\r` ended no comment), and
 * numbers lines as their compilers do (COMPILER_LINE_ENDS). An error is reported where Python's compiler puts
 * it, at the start of the part tree-sitter could not read (the bracket never closed); in JavaScript and
 * TypeScript, as tsc and V8 do, at the token that could not follow: the first error inside that part
 * (`firstErrorWithin`), which for `[1, 2,` left open is the `return` two lines on, not the function's first
 * line where tree-sitter's recovery began. The finding's end is the end of the whole part.
 */
async function treeSitterFindings(subject: CheckSubject): Promise<TreeSitterError[]> {
  const family = compilerFamily(subject.language);
  const read = family
    ? universalNewlines(subject.code)
    : { text: subject.code, original: (at: number) => at };
  const lines = family ? new LineIndex(subject.code, COMPILER_LINE_ENDS[family]) : undefined;
  const at = (node: SyntaxNode, end: 'start' | 'end') => {
    if (!lines) return end === 'start' ? node.startPosition : node.endPosition;
    return lines.position(read.original(end === 'start' ? node.startIndex : node.endIndex));
  };
  const tree = await parse(subject.language, read.text);
  try {
    // valid TypeScript the grammar lacks that holds no code (`export type * from`): the engine's gaps
    const tolerated = (node: SyntaxNode, parent: SyntaxNode) =>
      isTypeOnlyGap({ node, parent, language: subject.language });
    return syntaxErrors(tree, 50, tolerated).map((part) => {
      const node = family === 'javascript' ? firstErrorWithin(part) : part;
      const start = at(node, 'start');
      const end = at(part, 'end');
      const finding: Finding = {
        ruleId: 'syntax-error',
        file: subjectFile(subject.path),
        line: start.row + 1,
        column: start.column + 1,
        endLine: end.row + 1,
        endColumn: end.column + 1,
        severity: 'high',
        message: node.isMissing
          ? `syntax error: missing \`${node.type}\``
          : `syntax error near \`${node.text.slice(0, 30).split('\n')[0]}\``,
        hint: 'the code does not parse; fix the syntax before anything else is checked',
        tool: 'tree-sitter',
      };
      if (family !== 'javascript' || !lines) return { finding, onGap: false };
      // the gap's text read at the offset the finding was placed from, on the line the compiler counts (r23:
      // the line `code.split('\n')` gave after a lone \r or U+2028 was another one)
      const offset = read.original(node.startIndex);
      const after = subject.code.slice(offset, offset + 80);
      const before = subject.code.slice(lines.starts[start.row], offset);
      return { finding, onGap: onGrammarGap({ before, after }) };
    });
  } finally {
    tree.delete();
  }
}

function compilerFamily(language: LanguageId): keyof typeof COMPILER_LINE_ENDS | undefined {
  if (language === 'python') return 'python';
  return TS_LANGUAGES.has(language) ? 'javascript' : undefined;
}

/** The first error an ERROR node holds, innermost (as firstSyntaxError finds it in a tree), or the node. */
function firstErrorWithin(part: SyntaxNode): SyntaxNode {
  let node = part;
  for (;;) {
    const next = node.children.find((child) => child.isError || child.isMissing || child.hasError);
    if (!next) return node;
    node = next;
  }
}

/**
 * `code` with each `\r\n` and lone `\r` as `\n`, as Python's tokenizer reads it (and JavaScript, where they
 * end lines alike), and the offset in `code` of an offset in that text.
 */
function universalNewlines(code: string): { text: string; original: (offset: number) => number } {
  if (!code.includes('\r')) return { text: code, original: (offset) => offset };
  /** offsets in the text of the `\n`s whose `\r` was dropped, ascending */
  const dropped: number[] = [];
  let text = '';
  let from = 0;
  for (let at = code.indexOf('\r'); at >= 0; at = code.indexOf('\r', at + 1)) {
    text += code.slice(from, at);
    if (code[at + 1] === '\n') dropped.push(text.length);
    else text += '\n';
    from = at + 1;
  }
  text += code.slice(from);
  return {
    text,
    original: (offset) => {
      let low = 0;
      let high = dropped.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (dropped[middle]! <= offset) low = middle + 1;
        else high = middle;
      }
      return offset + low;
    },
  };
}

/** The file name the compiler is told, which decides how it reads the code (JSX, types). */
function compilerFileName(language: LanguageId): string {
  return `check${language === 'tsx' ? '.tsx' : language === 'javascript' ? '.js' : '.ts'}`;
}

/**
 * The TypeScript compiler's own syntactic diagnostics: better messages than tree-sitter's ERROR nodes. The
 * compiler is loaded only here: the language server's quick checks on a Python buffer never need it, and
 * loading it was half a second of CPU on the first file's first diagnostics (issue 60).
 */
async function typescriptFindings(subject: CheckSubject): Promise<Finding[]> {
  const { default: ts } = await import('typescript');
  const fileName = compilerFileName(subject.language);
  const output = ts.transpileModule(subject.code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true, target: ts.ScriptTarget.ESNext },
  });
  const sourceFile = ts.createSourceFile(fileName, subject.code, ts.ScriptTarget.ESNext, true);
  return (output.diagnostics ?? []).map((diagnostic) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return {
      ruleId: `TS${diagnostic.code}`,
      file: subjectFile(subject.path),
      line: line + 1,
      column: character + 1,
      severity: 'high',
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      hint: 'the code does not parse; fix the syntax before anything else is checked',
      tool: 'tsc',
    };
  });
}

/** Python's own compiler (the project's interpreter version decides what is valid), in the sandbox. */
async function pythonCompileFindings(
  subject: CheckSubject,
  context: CheckContext,
): Promise<{ findings: Finding[]; ran: boolean; reason?: string }> {
  const decision = await sandboxDecision(context);
  if (!decision.allowed)
    return { findings: [], ran: false, reason: `py_compile skipped: ${decision.reason}` };
  const python = findPythonInterpreter(context.workspaceRoot);
  const result = await runInSandbox({
    command: [python.path, '-I', '-c', shippedText('python/syntax_probe.py'), subjectFile(subject.path)],
    projectDir: python.source === 'venv' ? context.workspaceRoot : undefined,
    readOnlyPaths: python.readOnlyPaths,
    stdin: subject.code,
    limits: { wallMs: 10_000 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
    ...(context.urgent ? { urgent: true } : {}),
  });
  if (result.status !== 'ok')
    return { findings: [], ran: false, reason: `py_compile did not run: ${result.reason}` };
  const error = parseExternalJson({
    text: result.stdout.trim() || 'null',
    schema: z.looseObject({ line: z.number(), column: z.number(), message: z.string() }).nullable(),
    source: 'the Python syntax probe',
  });
  if (!error) return { findings: [], ran: true };
  return {
    ran: true,
    findings: [
      {
        ruleId: 'syntax-error',
        file: subjectFile(subject.path),
        line: error.line,
        column: Math.max(1, error.column),
        severity: 'high',
        message: `syntax error: ${error.message}`,
        hint: 'the code does not compile with the project’s Python; fix the syntax first',
        tool: 'py_compile',
      },
    ],
  };
}

/**
 * The language's own parser's findings with tree-sitter's: its message wins on a line both report, and
 * tree-sitter's stay where it saw nothing. Python's compiler reports every syntax error, so when it read the
 * whole code without one, what tree-sitter could not read is syntax its grammar lacks (PEP 696 defaults),
 * not a syntax error of the code (w90). The TypeScript compiler's `transpileModule` is not complete: it
 * leaves the early errors its checker reports (`const n = #n;` outside the class, `1 = 2;`,
 * `for (let i = 0 of items)`: r18), so there a tree-sitter error is dropped only on a known gap of its
 * grammar (GRAMMAR_GAPS), whatever the compiler said.
 */
function withOwnParser(
  own: Finding[],
  treeSitter: Finding[],
  gap?: (finding: Finding) => boolean,
): Finding[] {
  if (!gap && own.length === 0) return [];
  // one fault, two parsers: tree-sitter's part that could not be read spans the lines from where its
  // recovery began, and the compiler's finding is on one of them (w104)
  const seen = (finding: Finding) =>
    own.some((mine) => mine.line >= finding.line && mine.line <= (finding.endLine ?? finding.line));
  return [...own, ...treeSitter.filter((finding) => !seen(finding) && !gap?.(finding))];
}

/** `syntax`: tree-sitter for every language, plus the language's own parser where it is cheap. */
export const syntaxCheck: Check = {
  name: 'syntax',
  languages: Object.keys(LANGUAGES) as LanguageId[],
  async run(subject, context) {
    const started = performance.now();
    const tools = ['tree-sitter'];
    const errors = await treeSitterFindings(subject);
    let findings = errors.map((error) => error.finding);
    let reason: string | undefined;
    let refusal: string | undefined;
    if (TS_LANGUAGES.has(subject.language)) {
      refusal = compilerRefusal(subject.code, compilerFileName(subject.language));
      if (!refusal) {
        const own = await typescriptFindings(subject);
        tools.push('tsc');
        const gaps = new Set(errors.filter((error) => error.onGap).map((error) => error.finding));
        findings = withOwnParser(own, findings, (finding) => gaps.has(finding));
      }
    }
    if (subject.language === 'python') {
      const compiled = await pythonCompileFindings(subject, context);
      if (compiled.ran) {
        tools.push('py_compile');
        findings = withOwnParser(compiled.findings, findings);
      }
      reason = compiled.reason;
    }
    const result = checkResult({
      name: 'syntax',
      started,
      findings,
      extra: {
        reason: reason ?? `ran ${tools.join(', ')}`,
        details: { tools },
      },
    });
    if (!refusal) return result;
    // tree-sitter's errors stand; without them the code is not verified, never a pass
    return result.status === 'fail'
      ? { ...result, unverified: refusal }
      : { ...result, status: 'error', reason: refusal, unverified: refusal };
  },
};
