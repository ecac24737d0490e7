import { z } from 'zod';
import type { Finding, Severity } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import type { SandboxResult } from '../sandbox/types.js';

export type PythonTool = 'ruff' | 'flake8' | 'mypy';

/**
 * What one run of a Python tool is worth: it `ran` and its findings are what it reported (none included),
 * or it could `not-run` — timed out, crashed, exited as if it had found something yet reported nothing —
 * and the reason names the status or exit code and the tool's own line. A tool that could not run is no
 * evidence: never a pass, and never "not installed" either.
 */
export type PythonToolOutcome = { kind: 'ran'; findings: Finding[] } | { kind: 'not-run'; reason: string };

/** Where the tool's report is read from and what the findings are named after. */
export interface PythonToolRun {
  tool: PythonTool;
  result: SandboxResult;
  /** the path findings name (the subject's, or `<generated>`) */
  file: string;
  /** the candidate's path relative to the project, as mypy prints it */
  candidate: string;
}

/** A tool's own line in a reason is cut here: a line is enough to tell a crash, not a dump of paths. */
const REASON_LINE_CHARS = 160;

export function pythonToolOutcome(run: PythonToolRun): PythonToolOutcome {
  const { tool, result } = run;
  switch (result.status) {
    case 'timeout':
      return notRun(`${tool} timed out: ${result.reason ?? 'its time limit was reached'}`);
    case 'memory':
      return notRun(`${tool} ran out of memory: ${result.reason ?? 'its memory limit was reached'}`);
    case 'killed':
      return notRun(`${tool} was stopped: ${result.reason ?? `killed by ${result.signal ?? 'a signal'}`}`);
    case 'error':
      return notRun(`${tool} could not start: ${result.reason ?? 'the sandbox failed'}`);
    case 'ok':
    case 'failed':
      break;
  }
  // a run ended by a signal or a limit (SIGXFSZ is `failed`) did not finish its report
  if (result.exitCode === null)
    return notRun(`${tool} did not finish: ${result.reason ?? `killed by ${result.signal ?? 'a signal'}`}`);
  const exitCode = result.exitCode;
  if (tool === 'ruff') return ruffOutcome(run, exitCode);
  // mypy: 0 no errors, 1 errors reported, 2 a crash or a fatal/usage error;
  // flake8: 0 none, 1 errors reported — or a catastrophic failure, or an uncaught exception —, >1 crashed
  const parsed = tool === 'mypy' ? parseMypy(run) : parseFlake8(run);
  // mypy exits 2 on a "blocking" error too: a syntax error in the checked file (its finding, which the
  // syntax check already reports) or in a module it imports (then it checked nothing of the file). Only
  // an `error:` line is such an error: a note or a warning never blocks, so a 2 with nothing but those
  // (a project's own "mypy" printing `note: ok`) is a run that reported no error, not a result
  if (tool === 'mypy' && exitCode === 2 && parsed.errors > 0) {
    if (parsed.ownErrors > 0) return ranOrUnreadable(tool, parsed.findings);
    return notRun(`mypy stopped at a blocking error in an imported module${mypyLine(result)}`);
  }
  if (tool === 'mypy' && exitCode === 2 && parsed.lines > 0)
    return notRun(`mypy crashed (exit 2) and printed no error line${toolLine(result)}`);
  if (exitCode > 1) return notRun(`${tool} crashed (exit ${exitCode})${toolLine(result)}`);
  // exit 1 means errors were reported: for mypy an `error:` line (of any module), for flake8 any line
  if (exitCode === 1 && parsed.errors === 0)
    return notRun(`${tool} exited 1 without reporting any error${toolLine(result)}`);
  return ranOrUnreadable(tool, parsed.findings);
}

function notRun(reason: string): PythonToolOutcome {
  return { kind: 'not-run', reason };
}

/**
 * E902 (ruff and flake8 alike): the tool could not read or tokenize the file it was given, so it checked
 * nothing; reported as a finding it would be a low-severity note on a check that passed.
 */
function ranOrUnreadable(tool: PythonTool, findings: Finding[]): PythonToolOutcome {
  const unreadable = findings.find((finding) => finding.ruleId === 'E902');
  if (unreadable) return notRun(`${tool} could not read the file (E902): ${oneLine(unreadable.message)}`);
  return { kind: 'ran', findings };
}

/**
 * The line of the tool's output that says what went wrong: the exception of a Python traceback (its last
 * line; the first is only "Traceback (most recent call last):"), else the first line of stderr, else of
 * stdout; prefixed for a reason, empty when the tool printed nothing.
 */
function toolLine(result: SandboxResult): string {
  const stream = result.stderr.trim() ? result.stderr : result.stdout;
  const lines = stream
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return '';
  const traceback = lines[0]?.startsWith('Traceback (most recent call last)');
  return `: ${oneLine((traceback ? lines.at(-1) : lines[0]) as string)}`;
}

/** mypy's first diagnostic line (stdout), prefixed for a reason. */
function mypyLine(result: SandboxResult): string {
  const line = result.stdout.split('\n').find((text) => /^[^:]+:\d+:\d+: error: /.test(text.trim()));
  return line ? `: ${oneLine(line)}` : '';
}

function oneLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > REASON_LINE_CHARS ? `${line.slice(0, REASON_LINE_CHARS - 1)}…` : line;
}

function severityFor(tool: PythonTool, code: string): Severity {
  if (tool === 'mypy') return code === 'note' ? 'info' : 'high';
  if (/^(F821|F822|F823|E999|F63|F7)/.test(code)) return 'high';
  if (/^(F|B|S)/.test(code)) return 'medium';
  return 'low';
}

/** `ruff check --output-format json`: a list of diagnostics (`code` is null for syntax errors). */
const ruffOutput = z.array(
  z.looseObject({
    code: z.string().nullish(),
    message: z.string(),
    location: z.looseObject({ row: z.number(), column: z.number() }),
  }),
);

/**
 * ruff: 0 no violations, 1 violations reported, 2 abnormal termination (configuration, options, an
 * internal error). In JSON mode it always prints a list, `[]` included, so a report that does not parse
 * is a run that did not finish.
 */
function ruffOutcome({ tool, result, file }: PythonToolRun, exitCode: number): PythonToolOutcome {
  if (exitCode > 1) return notRun(`ruff crashed (exit ${exitCode})${toolLine(result)}`);
  let entries: z.infer<typeof ruffOutput>;
  try {
    entries = parseExternalJson({
      text: result.stdout,
      schema: ruffOutput,
      source: 'ruff --output-format json',
    });
  } catch {
    return notRun(`ruff printed no JSON report (exit ${exitCode})${toolLine(result)}`);
  }
  if (exitCode === 1 && entries.length === 0)
    // its report is the empty list: only stderr may say more
    return notRun(`ruff exited 1 without reporting any violation${toolLine({ ...result, stdout: '' })}`);
  return ranOrUnreadable(
    tool,
    entries.map((entry) => {
      const code = entry.code ?? 'ruff';
      return {
        ruleId: code,
        file,
        line: entry.location.row,
        column: entry.location.column,
        severity: severityFor(tool, code),
        message: entry.message,
        hint: `ruff rule ${code}`,
        tool,
      };
    }),
  );
}

/**
 * Findings, how many lines were diagnostics at all (of any file), and how many of those were errors (of
 * any file; of the checked file): a report, even an empty one for us, and whether it backs an exit code
 * that means "errors".
 */
interface Parsed {
  findings: Finding[];
  lines: number;
  errors: number;
  ownErrors: number;
}

/** flake8 with `--format=%(row)d:%(col)d:%(code)s:%(text)s`. */
function parseFlake8({ tool, result, file }: PythonToolRun): Parsed {
  const findings: Finding[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^(\d+):(\d+):([A-Z]+\d+):(.*)$/.exec(line.trim());
    if (!match) continue;
    const code = match[3] as string;
    findings.push({
      ruleId: code,
      file,
      line: Number(match[1]),
      column: Number(match[2]),
      severity: severityFor(tool, code),
      message: (match[4] as string).trim(),
      hint: `flake8 rule ${code}`,
      tool,
    });
  }
  return { findings, lines: findings.length, errors: findings.length, ownErrors: findings.length };
}

/**
 * mypy with `--show-column-numbers --no-error-summary`: `file:line:col: kind: message  [code]`; some
 * diagnostics have no column even then (mypy 1.0.1's `--warn-unused-ignores`: `file:line: error: Unused
 * "type: ignore" comment`), reported at column 1.
 */
function parseMypy({ tool, result, file, candidate }: PythonToolRun): Parsed {
  const findings: Finding[] = [];
  let lines = 0;
  let errors = 0;
  let ownErrors = 0;
  for (const line of result.stdout.split('\n')) {
    const match = /^([^:]+):(\d+):(?:(\d+):)? (error|note|warning): (.*?)(?:\s+\[([\w-]+)\])?$/.exec(
      line.trim(),
    );
    if (!match) continue;
    lines++;
    if (match[4] === 'error') errors++;
    // mypy follows imports and reports what it finds in them (a Django settings module's untyped lists):
    // those are the imported module's, not the checked file's
    const reported = (match[1] as string).replace(/\\/g, '/');
    if (reported !== candidate && !reported.endsWith(`/${candidate}`)) continue;
    const kind = match[4] as string;
    if (kind === 'error') ownErrors++;
    findings.push({
      ruleId: match[6] ? `mypy-${match[6]}` : `mypy-${kind}`,
      file,
      line: Number(match[2]),
      column: match[3] ? Number(match[3]) : 1,
      severity: /^import/.test(match[6] ?? '') ? 'low' : severityFor(tool, kind),
      message: match[5] as string,
      hint: 'fix the type error mypy reports',
      tool,
    });
  }
  return { findings, lines, errors, ownErrors };
}
