import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { extractImports, importLines } from '../../index/imports.js';
import { type SyntaxNode, syntaxErrors } from '../../syntax/parser.js';
import { runChecks } from '../run-checks.js';
import { compilerSyntax } from './compiler-syntax.js';
import type { SplicedTrees } from './spliced-trees.js';

/**
 * The fast subset of checks a completion goes through while the engineer types: syntax and imports.
 * A completion is a fragment, so both look at the file as it would read with the completion in place:
 * - `syntax`: tree-sitter on the whole file; an error the completion's lines hold (and the file did not
 *   have already, at the same place) fails it;
 * - `imports`: the real imports check on the import statements the completion adds (resolving in the
 *   project's environment, with did-you-mean); a completion that adds none skips it.
 * Types, lint, security and tests are left to `vouch check` and generate: they take seconds, not ms.
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

export async function completionChecks(
  file: SplicedFile,
  trees: SplicedTrees,
  context: CheckContext,
  onResult?: (result: CheckResult) => void,
): Promise<CheckResult[]> {
  const parsed = completionSyntax(file, trees);
  // tree-sitter recovers where the compiler refuses: its pass is confirmed by the language's own
  const syntax = parsed.status === 'pass' ? ((await compilerSyntax(file, context)) ?? parsed) : parsed;
  onResult?.(syntax);
  const imports = addedImports(file);
  if (!imports) {
    const skipped: CheckResult = {
      name: 'imports',
      status: 'skip',
      reason: 'the completion adds no imports',
      findings: [],
      durationMs: 0,
    };
    onResult?.(skipped);
    return [syntax, skipped];
  }
  // Loaded only now: it brings the TypeScript compiler, which a completion without imports never needs.
  const { importsCheck } = await import('../../verify/checks/imports.js');
  const [checked] = await runChecks(
    [importsCheck],
    { code: `${imports}\n`, language: file.language, path: file.path },
    context,
    onResult,
  );
  return [syntax, checked!];
}
