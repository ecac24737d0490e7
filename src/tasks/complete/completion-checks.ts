import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { extractImports, importLines } from '../../index/imports.js';
import { type SyntaxNode, syntaxErrors } from '../../syntax/parser.js';
import { runChecks } from '../run-checks.js';
import { compilerSyntax } from './compiler-syntax.js';
import {
  type CompletedLines,
  completedLines,
  enclosingFunction,
  namesResult,
  onCompletedLines,
  probedCode,
  undefinedNames,
} from './completion-names.js';
import type { SplicedTrees } from './spliced-trees.js';
import type { WarmCompiler } from './warm-compiler.js';

/**
 * The fast subset of checks a completion goes through while the engineer types. A completion is a
 * fragment, so each looks at the file as it would read with the completion in place:
 * - `syntax`: tree-sitter on the whole file; an error the completion's lines hold (and the file did not
 *   have already, at the same place) fails it;
 * - `imports`: the real imports check on the import statements the completion adds and, in Python, on
 *   what its lines take from the file's imports — attributes (`json.loadz`) and keywords
 *   (`json.load(f, strict_mode=True)`) against the installed versions (resolving in the project's
 *   environment, with did-you-mean); a completion that adds and uses nothing imported skips it;
 * - `names` (Python): a name its lines use that nothing in the file defines (completion-names.ts);
 * - `security`: the gate's own rules on its lines (`eval(...)`), as the language server runs them.
 * Types, lint and tests are left to `vouch check` and generate: they take seconds, not ms.
 */

export interface SplicedFile {
  language: LanguageId;
  /** workspace-relative */
  path: string;
  /** the file's text before the cursor, the completion, and after the replaced range */
  prefix: string;
  completion: string;
  suffix: string;
}

function rowOf(text: string): number {
  let rows = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) rows++;
  return rows;
}

function describe(node: SyntaxNode): string {
  return node.isMissing
    ? `missing \`${node.type}\``
    : `unexpected \`${node.text.slice(0, 30).split('\n')[0]}\``;
}

const passed = (started: number): CheckResult => ({
  name: 'syntax',
  status: 'pass',
  reason: 'tree-sitter, on the file with the completion in place',
  findings: [],
  durationMs: Math.round(performance.now() - started),
});

export function completionSyntax(file: SplicedFile, trees: SplicedTrees): CheckResult {
  const started = performance.now();
  // The statements around the cursor, with the completion, parse with no error on their own: so does the
  // whole file (see `Region`), which then has no error the completion's lines could hold.
  const region = trees.region(file.completion);
  if (region) {
    region.tree.delete();
    if (region.clean) return passed(started);
  }
  return completionSyntaxByFullParse(file, trees, started);
}

/**
 * The check on the whole file parsed with the completion in place: the reference (bench/tasks/
 * cut-equivalence.ts compares the two) and the way when the cursor's region does not parse cleanly.
 */
export function completionSyntaxByFullParse(
  file: SplicedFile,
  trees: SplicedTrees,
  started = performance.now(),
): CheckResult {
  const firstRow = rowOf(file.prefix);
  const lastRow = firstRow + rowOf(file.completion);
  const before = trees.before;
  const after = trees.with(file.completion);
  try {
    // Errors the file already had, by where they start (rows after the cursor move by the completion).
    const shift = lastRow - firstRow;
    const existing = new Set(
      syntaxErrors(before).map((node) => {
        const row =
          node.startPosition.row > firstRow ? node.startPosition.row + shift : node.startPosition.row;
        return `${row}:${node.type}`;
      }),
    );
    const findings: Finding[] = syntaxErrors(after)
      .filter((node) => node.startPosition.row <= lastRow && node.endPosition.row >= firstRow)
      .filter((node) => !existing.has(`${node.startPosition.row}:${node.type}`))
      .map((node) => ({
        ruleId: 'syntax-error',
        file: file.path,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        severity: 'high',
        message: `the completion does not parse in place: ${describe(node)}`,
        hint: 'ask for another completion, or write this part by hand',
        tool: 'tree-sitter',
      }));
    if (findings.length === 0) return passed(started);
    return {
      name: 'syntax',
      status: 'fail',
      reason: 'tree-sitter, on the file with the completion in place',
      findings,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    after.delete();
  }
}

/** A buffer's import statements, one per line (continuation lines joined), trimmed; empty when it has none. */
export function importStatements(language: LanguageId, text: string): string {
  const lines = text.split('\n');
  return [...importLines(language, text)]
    .sort((a, b) => a - b)
    .map((line) => lines[line - 1]!.trim())
    .join('\n');
}

/** The import statements the completion adds, as code of their own (empty when it adds none). */
export function addedImports(file: SplicedFile): string {
  if (extractImports(file.language, file.completion).length === 0) return '';
  return importStatements(file.language, file.completion);
}

/**
 * The imports check on what the completion imports and uses: the file's imports whose names its lines
 * use, and those lines (completion-names.ts). Findings on the file's own imports are not the
 * completion's and are left out; an import the completion relies on that cannot be made leaves it
 * unverified, as the imports check says.
 */
async function completionImports(
  file: SplicedFile,
  lines: CompletedLines,
  context: CheckContext,
): Promise<CheckResult> {
  const started = performance.now();
  const block = enclosingFunction(file, lines);
  const probed =
    file.language === 'python'
      ? probedCode(file, lines, block)
      : (() => {
          const imports = addedImports(file);
          return imports ? { code: `${imports}\n`, header: 0, whole: true } : undefined;
        })();
  if (!probed)
    return {
      name: 'imports',
      status: 'skip',
      reason:
        file.language === 'python'
          ? 'the completion adds no imports and uses nothing the file imports'
          : 'the completion adds no imports',
      findings: [],
      durationMs: 0,
    };
  // Loaded only now: it brings the TypeScript compiler, which a completion without imports never needs.
  const { importsCheck } = await import('../../verify/checks/imports.js');
  let [checked] = await runChecks({
    checks: [importsCheck],
    subject: { code: probed.code, language: file.language, path: file.path },
    context,
  });
  if (!checked || 'whole' in probed) return checked!;
  let read = block;
  let header = probed.header;
  if (checked.status === 'error' && checked.details?.probe === undefined) {
    // the function as cut from the text does not parse on its own (a string running past its indentation):
    // the whole file with the completion in place does (the syntax check said so)
    const whole = file.prefix + file.completion + file.suffix;
    [checked] = await runChecks({
      checks: [importsCheck],
      subject: { code: whole, language: file.language, path: file.path },
      context,
    });
    read = { text: whole, firstLine: 1, count: whole.split('\n').length, indent: 0 };
    header = 0;
  }
  const findings = onCompletedLines(checked!.findings, file, { lines: read, header, completed: lines });
  const failing = findings.some((finding) => finding.severity !== 'low' && finding.severity !== 'info');
  return {
    ...checked!,
    findings,
    status: failing ? 'fail' : checked!.status === 'fail' ? 'pass' : checked!.status,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Whether vouch's engine could not parse the code it was given whole (scan.ts's `unparsed`). */
function unparsedByVouch(result: CheckResult): boolean {
  const tools = (result.details?.tools ?? []) as { tool?: string; unparsed?: unknown[] }[];
  return tools.some((tool) => tool.tool === 'vouch' && (tool.unparsed?.length ?? 0) > 0);
}

/** The gate's own security rules (no external scanner, as while typing) on the completion's lines. */
async function completionSecurity(
  file: SplicedFile,
  lines: CompletedLines,
  context: CheckContext,
): Promise<CheckResult> {
  const started = performance.now();
  const [{ securityCheck }, { profileContext }, { failingAt }] = await Promise.all([
    import('../../security/check.js'),
    import('../gate/profiles.js'),
    import('../../core/check.js'),
  ]);
  // the function around it, after the file's imports: where the rules' sources and sinks come from
  const block = enclosingFunction(file, lines);
  const header = file.language === 'python' ? importStatements('python', file.prefix + file.suffix) : '';
  const headerLines = header ? header.split('\n').length : 0;
  let result = await securityCheck.run(
    { code: `${header}${header ? '\n' : ''}${block.text}\n`, language: file.language, path: file.path },
    profileContext('typing', context),
  );
  let read = block;
  let readHeader = headerLines;
  if (unparsedByVouch(result)) {
    // the lines cut from the file do not parse on their own (a completion that closes the block it sits in):
    // what the engineer gets is the whole file with the completion in place, so that is what must parse,
    // and a part of it that does not is reported at the file's line (r18)
    const whole = file.prefix + file.completion + file.suffix;
    result = await securityCheck.run(
      { code: whole, language: file.language, path: file.path },
      profileContext('typing', context),
    );
    read = { text: whole, firstLine: 1, count: whole.split('\n').length, indent: 0 };
    readHeader = 0;
  }
  const findings = onCompletedLines(result.findings, file, {
    lines: read,
    header: readHeader,
    completed: lines,
  });
  // what blocks delivery fails the completion; a finding below high (a function whose parameters reach
  // a sink: its signature is the engineer's) is shown beside it, as the language server shows it
  const blocking = failingAt(findings, 'high');
  const below = findings.filter((finding) => !finding.suppressed).length - blocking.length;
  return {
    ...result,
    status:
      blocking.length > 0
        ? 'fail'
        : result.status === 'fail'
          ? result.unverified
            ? 'error'
            : 'pass'
          : result.status,
    reason: [
      result.reason,
      "on the completion's lines",
      below > 0 ? `${below} finding${below > 1 ? 's' : ''} below high shown, not blocking` : '',
    ]
      .filter(Boolean)
      .join('; '),
    findings,
    blocking: blocking.length > 0,
    durationMs: Math.round(performance.now() - started),
  };
}

async function completionNames(file: SplicedFile, lines: CompletedLines): Promise<CheckResult> {
  const started = performance.now();
  if (file.language !== 'python')
    return {
      name: 'names',
      status: 'skip',
      reason: `${file.language}'s names are the type checker's, which a completion does not run (\`vouch check\` does)`,
      findings: [],
      durationMs: 0,
    };
  return namesResult(await undefinedNames(file, lines), started);
}

const SECURITY_LANGUAGES = new Set<LanguageId>(['python', 'javascript', 'typescript', 'tsx']);

export interface CompletionCheckOptions {
  /** the file's trees, the completion spliced in */
  trees: SplicedTrees;
  context: CheckContext;
  /** each check's result as it is known */
  onResult?: (result: CheckResult) => void;
  /** the session's warm Python compiler (a long-lived face); otherwise a sandbox per compile */
  compiler?: WarmCompiler;
}

export async function completionChecks(
  file: SplicedFile,
  { trees, context, onResult, compiler }: CompletionCheckOptions,
): Promise<CheckResult[]> {
  const parsed = completionSyntax(file, trees);
  const lines = completedLines(file);
  // the checks below run beside the compiler's syntax check (a sandboxed Python for a Python file)
  const others = Promise.all([
    completionImports(file, lines, context),
    completionNames(file, lines),
    SECURITY_LANGUAGES.has(file.language)
      ? completionSecurity(file, lines, context)
      : Promise.resolve<CheckResult>({
          name: 'security',
          status: 'skip',
          reason: `vouch's security rules do not cover ${file.language}`,
          // nothing judged the completion for security: not verified, never a pass (tasks/verdict.ts)
          unverified: `the security rules do not read ${file.language}`,
          findings: [],
          durationMs: 0,
        }),
  ]);
  others.catch(() => {});
  // tree-sitter recovers where the compiler refuses: its pass is confirmed by the language's own
  const syntax =
    parsed.status === 'pass' ? ((await compilerSyntax(file, context, compiler)) ?? parsed) : parsed;
  onResult?.(syntax);
  const results = await others;
  for (const result of results) onResult?.(result);
  return [syntax, ...results];
}

/**
 * For a long-lived face, when a buffer of a language first opens: what the checks load on their first
 * use (the security rules compiled for the language, the gate profile's modules) is loaded now, so the
 * first completion does not pay it — 0.16 s of CPU on a quiet machine, 1.4 s on a busy one (issue 60).
 * It checks a line of code nobody wrote, in no file, and keeps nothing but the loaded code.
 */
export async function warmCompletionChecks(language: LanguageId, context: CheckContext): Promise<void> {
  if (!SECURITY_LANGUAGES.has(language)) return;
  const [{ securityCheck }, { profileContext }] = await Promise.all([
    import('../../security/check.js'),
    import('../gate/profiles.js'),
  ]);
  const path = `vouch-warm-up.${language === 'python' ? 'py' : language === 'tsx' ? 'tsx' : language === 'javascript' ? 'js' : 'ts'}`;
  await securityCheck.run({ code: 'value = 1\n', language, path }, profileContext('typing', context));
}
