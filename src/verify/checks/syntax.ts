import { z } from 'zod';
import type { Check, CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { LANGUAGES, type LanguageId } from '../../core/languages.js';
import { shippedText } from '../../core/package-root.js';
import { isTypeOnlyGap } from '../../syntax/grammar-gaps.js';
import { parse, type SyntaxNode, syntaxErrors } from '../../syntax/parser.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
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

function onGrammarGap(code: string, finding: Finding): boolean {
  const line = code.split('\n')[finding.line - 1] ?? '';
  const before = line.slice(0, (finding.column ?? 1) - 1);
  const assertion = /^assert\s*\{/.test(line.slice((finding.column ?? 1) - 1));
  return GRAMMAR_GAPS.some((gap, index) => gap.test(before) && (index < 3 || assertion));
}

async function treeSitterFindings(subject: CheckSubject): Promise<Finding[]> {
  const tree = await parse(subject.language, subject.code);
  try {
    // valid TypeScript the grammar lacks that holds no code (`export type * from`): the engine's gaps
    const tolerated = (node: SyntaxNode, parent: SyntaxNode) =>
      isTypeOnlyGap({ node, parent, language: subject.language });
    return syntaxErrors(tree, 50, tolerated).map((node) => ({
      ruleId: 'syntax-error',
      file: subjectFile(subject.path),
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
      severity: 'high',
      message: node.isMissing
        ? `syntax error: missing \`${node.type}\``
        : `syntax error near \`${node.text.slice(0, 30).split('\n')[0]}\``,
      hint: 'the code does not parse; fix the syntax before anything else is checked',
      tool: 'tree-sitter',
    }));
  } finally {
    tree.delete();
  }
}

/**
 * The TypeScript compiler's own syntactic diagnostics: better messages than tree-sitter's ERROR nodes. The
 * compiler is loaded only here: the language server's quick checks on a Python buffer never need it, and
 * loading it was half a second of CPU on the first file's first diagnostics (issue 60).
 */
async function typescriptFindings(subject: CheckSubject): Promise<Finding[]> {
  const { default: ts } = await import('typescript');
  const extension = subject.language === 'tsx' ? '.tsx' : subject.language === 'javascript' ? '.js' : '.ts';
  const fileName = `check${extension}`;
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
  const lines = new Set(own.map((finding) => finding.line));
  return [...own, ...treeSitter.filter((finding) => !lines.has(finding.line) && !gap?.(finding))];
}

/** `syntax`: tree-sitter for every language, plus the language's own parser where it is cheap. */
export const syntaxCheck: Check = {
  name: 'syntax',
  languages: Object.keys(LANGUAGES) as LanguageId[],
  async run(subject, context) {
    const started = performance.now();
    const tools = ['tree-sitter'];
    let findings = await treeSitterFindings(subject);
    let reason: string | undefined;
    if (TS_LANGUAGES.has(subject.language)) {
      const own = await typescriptFindings(subject);
      tools.push('tsc');
      findings = withOwnParser(own, findings, (finding) => onGrammarGap(subject.code, finding));
    }
    if (subject.language === 'python') {
      const compiled = await pythonCompileFindings(subject, context);
      if (compiled.ran) {
        tools.push('py_compile');
        findings = withOwnParser(compiled.findings, findings);
      }
      reason = compiled.reason;
    }
    return checkResult({
      name: 'syntax',
      started,
      findings,
      extra: {
        reason: reason ?? `ran ${tools.join(', ')}`,
        details: { tools },
      },
    });
  },
};
