import { z } from 'zod';
import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import type { SplicedFile } from './completion-checks.js';
import { compileOnce, type WarmCompiler } from './warm-compiler.js';

/**
 * The language's own compiler on the file with the completion in place, after tree-sitter passed it.
 * tree-sitter recovers where compilers refuse: an over-indented line ("unexpected indent"), a literal
 * Python or TypeScript does not allow (`08`). The completion's verdict must agree with what `vouch check`
 * and the project's own build say about what is inserted (issue 41). Only errors on the completion's own
 * lines count: the file around a cursor is often incomplete. Python compiles (never runs) the text in
 * the sandbox (`python/completion_compile.py`: in the session's warm sandboxed worker when there is one,
 * warm-compiler.ts); TypeScript's parser runs here (it reads, it does not execute).
 */

interface CompilerError {
  line: number;
  column: number;
  message: string;
}

/**
 * The last line `python/completion_compile.py` prints: null when the text compiles, else the SyntaxError's
 * line, offset (either may be None in Python) and message.
 */
const compileAnswer = z.tuple([z.number().nullable(), z.number().nullable(), z.string()]).nullable();

function rows(text: string): number {
  return text.split('\n').length - 1;
}

async function pythonErrors(
  file: SplicedFile,
  context: CheckContext,
  compiler: WarmCompiler | undefined,
): Promise<CompilerError[] | undefined> {
  const request = {
    path: file.path,
    text: file.prefix + file.completion + file.suffix,
    ...(context.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  };
  const result = compiler
    ? await compiler.compile(request)
    : await compileOnce(context.workspaceRoot, request);
  if (result.status !== 'ok') return undefined;
  try {
    const parsed = compileAnswer.safeParse(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null'));
    // an answer of another shape is not the compiler's: it cannot say
    if (!parsed.success) return undefined;
    const answer = parsed.data;
    // an error with no line is on none of the completion's lines
    if (!answer || answer[0] === null) return [];
    return [{ line: answer[0], column: answer[1] ?? 1, message: answer[2] }];
  } catch {
    return undefined;
  }
}

async function typescriptErrors(file: SplicedFile): Promise<CompilerError[]> {
  // loaded only now: a completion that tree-sitter refused never needs the compiler
  const { default: ts } = await import('typescript');
  const text = file.prefix + file.completion + file.suffix;
  const kind = /\.tsx$/.test(file.path)
    ? ts.ScriptKind.TSX
    : /\.m?jsx?$/.test(file.path)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file.path, text, ts.ScriptTarget.Latest, true, kind);
  const diagnostics =
    (source as unknown as { parseDiagnostics?: readonly import('typescript').Diagnostic[] })
      .parseDiagnostics ?? [];
  return diagnostics.map((diagnostic) => {
    const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return {
      line: at.line + 1,
      column: at.character + 1,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    };
  });
}

/**
 * A failing syntax result when the compiler refuses a line of the completion; undefined when it agrees (or
 * cannot say). `compiler`: the session's warm Python worker, when it keeps one.
 */
export async function compilerSyntax(
  file: SplicedFile,
  context: CheckContext,
  compiler?: WarmCompiler,
): Promise<CheckResult | undefined> {
  const started = performance.now();
  const python = file.language === 'python';
  if (!python && !['typescript', 'tsx', 'javascript'].includes(file.language)) return undefined;
  const errors = python ? await pythonErrors(file, context, compiler) : await typescriptErrors(file);
  if (!errors) return undefined;
  const first = rows(file.prefix) + 1;
  const last = first + rows(file.completion.replace(/\n$/, ''));
  const findings: Finding[] = errors
    .filter((error) => error.line >= first && error.line <= last)
    .map((error) => ({
      ruleId: 'syntax-error',
      file: file.path,
      line: error.line,
      column: error.column,
      severity: 'high',
      message: `the completion does not compile in place: ${error.message}`,
      hint: 'ask for another completion, or write this part by hand',
      tool: python ? 'python compile' : 'typescript parser',
    }));
  if (findings.length === 0) return undefined;
  return {
    name: 'syntax',
    status: 'fail',
    reason: `${python ? "Python's compiler" : "TypeScript's parser"}, on the file with the completion in place`,
    findings,
    durationMs: Math.round(performance.now() - started),
  };
}
