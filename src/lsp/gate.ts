import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { CheckResult, Finding, Severity } from '../core/check.js';
import { EnvironmentError } from '../core/errors.js';
import type { LanguageId } from '../core/languages.js';
import { EDITOR_LINE_ENDS } from '../core/line-index.js';
import { runTask, type TaskSession, type Verdict } from '../tasks/index.js';

/**
 * The gate on an open buffer: the `check` task on its text, with the gate profile of the moment
 * (tasks/gate/profiles.ts) — `typing` while the user types (debounced), `save` when the buffer is opened
 * or saved. Findings become diagnostics; a check that could not run becomes one diagnostic saying the
 * buffer is not verified for it and why — silence would read as a pass.
 */

export type GateDepth = 'typing' | 'saved';

export interface GateBuffer {
  /** workspace-relative path (checks resolve relative imports and the environment from it) */
  path: string;
  language: LanguageId;
  text: string;
}

export interface GateRun {
  results: CheckResult[];
  diagnostics: Diagnostic[];
  /** the check task's verdict on the buffer (tasks/verdict.ts): what `vouch check` says of the same file */
  verdict: Verdict;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

/** The data a diagnostic carries for code actions. */
export interface DiagnosticData {
  check: string;
  ruleId: string;
  cwe?: number;
  hint?: string;
}

function endOfWord(line: string, column: number): number {
  let end = column;
  while (end < line.length && /[\w$.]/.test(line[end]!)) end++;
  return end > column ? end : Math.min(line.length, column + 1);
}

/** A finding's place as an LSP range (0-based); without an end, the word at the start (or the rest of the line). */
export function findingRange(finding: Finding, lines: readonly string[]): Diagnostic['range'] {
  const line = Math.max(0, Math.min(finding.line - 1, Math.max(0, lines.length - 1)));
  const character = Math.max(0, finding.column - 1);
  if (finding.endLine !== undefined && finding.endColumn !== undefined) {
    const endLine = Math.max(line, finding.endLine - 1);
    const endCharacter =
      endLine === line ? Math.max(character + 1, finding.endColumn - 1) : Math.max(0, finding.endColumn - 1);
    return { start: { line, character }, end: { line: endLine, character: endCharacter } };
  }
  const text = lines[line] ?? '';
  return { start: { line, character }, end: { line, character: endOfWord(text, character) } };
}

export function findingDiagnostic(check: string, finding: Finding, lines: readonly string[]): Diagnostic {
  const data: DiagnosticData = {
    check,
    ruleId: finding.ruleId,
    ...(finding.cwe !== undefined ? { cwe: finding.cwe } : {}),
    ...(finding.hint ? { hint: finding.hint } : {}),
  };
  const suppressed = finding.suppressed ? ` (suppressed: ${finding.suppressed.reason})` : '';
  return {
    range: findingRange(finding, lines),
    severity: finding.suppressed ? DiagnosticSeverity.Hint : SEVERITY[finding.severity],
    source: finding.tool ? `vouch ${check} (${finding.tool})` : `vouch ${check}`,
    code: finding.cwe !== undefined ? `${finding.ruleId} CWE-${finding.cwe}` : finding.ruleId,
    message: `${finding.message}${suppressed}${finding.hint ? `\n${finding.hint}` : ''}`,
    data,
  };
}

/** One diagnostic on the first line for a check that could not run: the buffer is not verified for it. */
function notVerifiedDiagnostic(result: CheckResult): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: `vouch ${result.name}`,
    code: 'not-verified',
    message: `not verified: the ${result.name} check could not run${result.reason ? ` — ${result.reason}` : ''}`,
    data: { check: result.name, ruleId: 'not-verified' } satisfies DiagnosticData,
  };
}

/**
 * One diagnostic on the first line for the checks that could not read the buffer (the security rules do
 * not read Ruby): the buffer is not verified for them. One for all, not one per check: a Ruby buffer would
 * otherwise open with a row of them.
 */
function unreadDiagnostic(unread: readonly CheckResult[]): Diagnostic {
  const names = unread.map((result) => result.name).join(', ');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: `vouch ${names}`,
    code: 'not-verified',
    message: `not verified: nothing checked by ${names} — ${unread.map((result) => result.unverified).join('; ')}`,
    data: { check: unread[0]!.name, ruleId: 'not-verified' } satisfies DiagnosticData,
  };
}

/** The code of the diagnostic that says the whole gate did not complete on a buffer. */
export const GATE_INCOMPLETE = 'gate-incomplete';

/**
 * One diagnostic on the first line when the gate did not complete on a buffer (it failed, or the whole
 * gate ran past its time budget): what is shown is the quick checks' word, or an older run's, and
 * silence would read as the gate's verdict.
 */
export function gateIncompleteDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: 'vouch',
    code: GATE_INCOMPLETE,
    message: `not verified: the gate did not complete — ${reason}. The diagnostics shown are the quick checks' (syntax, imports, vouch's own security rules) or the last complete run's; save the file to run the whole gate again.`,
    data: { check: 'gate', ruleId: GATE_INCOMPLETE } satisfies DiagnosticData,
  };
}

/**
 * The share of the language server's whole-gate budget on save (server.ts) that one file's analysis by
 * vouch's engine may take. Above it, `[security] file_budget` (default 60 s, as `vouch scan`'s) could not
 * fire inside the whole gate's budget (default 50 s): the run is abandoned at the whole budget while the
 * gate's thread, in a file's synchronous analysis, stays busy up to the file budget, and every quick check
 * as the engineer types waits behind it.
 */
export const FILE_BUDGET_SHARE_OF_WHOLE_GATE = 0.8;

/**
 * `config` with `[security] file_budget` (seconds) no more than FILE_BUDGET_SHARE_OF_WHOLE_GATE of the
 * whole gate's budget `wholeGateMs`; a lower one stays. A `[security]` table or `file_budget` that is not
 * valid is left as it is, for the check to say so.
 */
export function fileBudgetUnderWholeGate(
  config: Record<string, unknown>,
  wholeGateMs: number,
): Record<string, unknown> {
  const security = config.security ?? {};
  if (typeof security !== 'object' || security === null || Array.isArray(security)) return config;
  const asked = (security as Record<string, unknown>).file_budget;
  if (asked !== undefined && typeof asked !== 'number') return config;
  // the config's own ceiling (a day) holds for a whole gate's budget set as long as that
  const most = Math.min((wholeGateMs * FILE_BUDGET_SHARE_OF_WHOLE_GATE) / 1000, 86_400);
  if (asked !== undefined && asked <= most) return config;
  return { ...config, security: { ...security, file_budget: most } };
}

/** The diagnostics for a buffer from its check results (findings elsewhere — other files — are left out). */
export function diagnosticsOf(results: readonly CheckResult[], buffer: GateBuffer): Diagnostic[] {
  // the protocol's lines: a lone `\r` ends one too (a finding's line past the `\n` lines was clamped to the last)
  const lines = buffer.text.split(EDITOR_LINE_ENDS);
  const diagnostics: Diagnostic[] = [];
  // the checks that could not read the buffer at all (its language): one diagnostic names them all
  const unread = results.filter((result) => result.status === 'skip' && result.unverified);
  if (unread.length > 0) diagnostics.push(unreadDiagnostic(unread));
  for (const result of results) {
    if (result.status === 'error') diagnostics.push(notVerifiedDiagnostic(result));
    else if (result.unverified && result.status !== 'skip')
      diagnostics.push(notVerifiedDiagnostic({ ...result, reason: result.unverified }));
    for (const finding of result.findings) {
      if (finding.file !== buffer.path && !finding.file.startsWith('<')) continue;
      diagnostics.push(findingDiagnostic(result.name, finding, lines));
    }
  }
  return diagnostics;
}

/** What a gate run checks in: the workspace, its config, the run's signal and the face's task session. */
export interface GateContext {
  workspaceRoot: string;
  config: Record<string, unknown>;
  signal: AbortSignal;
  /** the session whose warm import probe the imports check asks (the server's, or the gate thread's stand-in) */
  session?: TaskSession;
}

export async function runGate(buffer: GateBuffer, depth: GateDepth, context: GateContext): Promise<GateRun> {
  const result = await runTask({
    name: 'check',
    input: {
      code: buffer.text,
      language: buffer.language,
      path: buffer.path,
      profile: depth === 'typing' ? 'typing' : 'save',
    },
    host: {
      workspaceRoot: context.workspaceRoot,
      config: context.config,
      model: async () => {
        throw new EnvironmentError('the gate asks no model');
      },
      ...(context.session ? { session: context.session } : {}),
    },
    options: { signal: context.signal },
  });
  const results = result.verification.checks;
  return {
    results,
    diagnostics: diagnosticsOf(results, buffer),
    // the check task always judges (`none` is for tasks that deliver no code): none would be no pass either
    verdict: {
      status: result.verification.status === 'none' ? 'unverified' : result.verification.status,
      reasons: result.verification.reasons,
    },
  };
}
