import { z } from 'zod';
import type { Finding, Severity } from '../../core/check.js';
import { describeIssues } from '../../core/external-data.js';
import { runTool, which } from '../external.js';

/** Semgrep's JSON on a large tree runs far past Bandit's. */
const SEMGREP_OUTPUT_BYTES = 256 * 2 ** 20;

/**
 * Semgrep itself, when it is on PATH: run in its own process on the project's configuration, as Bandit
 * is. Its `--json` output is read as `semgrep_output_v1.atd` (semgrep/semgrep-interfaces) defines
 * `cli_output` and `cli_match`: `results[]` of `{check_id, path, start: {line, col, offset}, end,
 * extra: {message, severity, metadata, fix?, lines, fingerprint}}` and `errors[]`. Only the fields read
 * here are checked; the rest may change between Semgrep versions.
 */
const position = z.looseObject({ line: z.number().int(), col: z.number().int() });
const semgrepOutput = z.looseObject({
  version: z.string().optional(),
  results: z.array(
    z.looseObject({
      check_id: z.string(),
      path: z.string(),
      start: position,
      end: position,
      extra: z.looseObject({
        message: z.string(),
        severity: z.string(),
        metadata: z.looseObject({ cwe: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
        fix: z.string().optional(),
      }),
    }),
  ),
  errors: z.array(z.looseObject({ message: z.string().optional(), level: z.string().optional() })).optional(),
});

const SEVERITY: Record<string, Severity> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

export interface SemgrepCliRun {
  ran: boolean;
  reason?: string;
  findings: Finding[];
}

let versionRun: { path: string; version: Promise<string | undefined> } | undefined;

/** The Semgrep on PATH (its path) and its version, asked once per process and path. */
export function semgrepVersion(): Promise<string | undefined> {
  const semgrep = which('semgrep');
  if (!semgrep) return Promise.resolve(undefined);
  if (versionRun?.path !== semgrep)
    versionRun = {
      path: semgrep,
      version: runTool({ command: semgrep, args: ['--version'] }).then(
        ({ stdout }) => /(\d+\.\d+\.\d+)/.exec(stdout)?.[1],
      ),
    };
  return versionRun.version;
}

/**
 * Semgrep's `check_id` is the rule's id, prefixed for a local config with the path it came from
 * (`.semgrep.team-no-eval` for `team-no-eval` in `.semgrep/team.yml`): the id is what a finding names,
 * so a known id at the end of a check_id is taken back.
 */
function ruleIdOf(checkId: string, known: ReadonlySet<string>): string {
  if (known.has(checkId)) return checkId;
  for (let at = checkId.indexOf('.'); at !== -1; at = checkId.indexOf('.', at + 1)) {
    const rest = checkId.slice(at + 1);
    if (known.has(rest)) return rest;
  }
  return checkId;
}

/** Runs `semgrep scan` with the project's configuration on `files` (absolute); `relative` maps paths back. */
export async function runSemgrep({
  configPaths,
  files,
  ruleIds,
  relative,
  signal,
}: {
  configPaths: readonly string[];
  files: readonly string[];
  ruleIds: ReadonlySet<string>;
  relative: (absolute: string) => string;
  signal?: AbortSignal;
}): Promise<SemgrepCliRun> {
  const semgrep = which('semgrep');
  if (!semgrep) return { ran: false, reason: 'not installed', findings: [] };
  if (files.length === 0) return { ran: false, reason: 'no files in its languages', findings: [] };
  const args = [
    'scan',
    '--json',
    '--quiet',
    '--metrics=off',
    '--disable-version-check',
    ...configPaths.flatMap((path) => ['--config', path]),
    ...files,
  ];
  const { stdout, stderr, code } = await runTool({
    command: semgrep,
    args,
    signal,
    maxBuffer: SEMGREP_OUTPUT_BYTES,
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return {
      ran: false,
      reason: `failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`,
      findings: [],
    };
  }
  const checked = semgrepOutput.safeParse(json);
  if (!checked.success)
    return {
      ran: false,
      reason: `printed a JSON report of an unexpected shape (${describeIssues(checked.error)})`,
      findings: [],
    };
  const errors = (checked.data.errors ?? []).filter((error) => error.level !== 'warn');
  // Semgrep exits 0 (or 1 with --error) after findings; 2 and above with results missing is a failure.
  if (code >= 2 && checked.data.results.length === 0 && errors.length > 0)
    return { ran: false, reason: `failed (exit ${code}): ${errors[0]!.message ?? 'an error'}`, findings: [] };
  const findings = checked.data.results.map((result): Finding => {
    const cwe = result.extra.metadata?.cwe;
    const first = Array.isArray(cwe) ? cwe[0] : cwe;
    const cweNumber = first ? /CWE-(\d+)/i.exec(first)?.[1] : undefined;
    return {
      ruleId: ruleIdOf(result.check_id, ruleIds),
      file: relative(result.path),
      line: result.start.line,
      column: result.start.col,
      endLine: result.end.line,
      endColumn: result.end.col,
      severity: SEVERITY[result.extra.severity.toUpperCase()] ?? 'medium',
      message: result.extra.message,
      ...(result.extra.fix !== undefined ? { hint: `fix: ${result.extra.fix}` } : {}),
      tool: 'semgrep',
      ...(cweNumber ? { cwe: Number(cweNumber) } : {}),
    };
  });
  return errors.length > 0
    ? { ran: true, reason: `${errors.length} error(s): ${errors[0]!.message ?? ''}`.trim(), findings }
    : { ran: true, findings };
}
