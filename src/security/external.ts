import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { z } from 'zod';
import type { Finding, Severity } from '../core/check.js';
import { describeIssues } from '../core/external-data.js';

/**
 * Established scanners, used when installed: Bandit for Python (Semgrep and ESLint's security plugin are
 * detected and reported, but need rule packs that cannot be fetched offline, so they run only when a
 * local configuration exists). Their findings are merged with vouch's own by the caller.
 */
export interface ExternalRun {
  tool: string;
  ran: boolean;
  /** why it did not run, or how it failed */
  reason?: string;
  findings: Finding[];
  /** files answered from the scan cache rather than by running the tool */
  cached?: number;
  /** it ran, but some of its tests cannot work here (Bandit < 1.6.3 on Python >= 3.8) */
  limitation?: string;
  /** files (report paths) it could not read, and why: not checked by it, never cached as clean */
  unparsed?: { file: string; reason: string }[];
}

let banditVersionRun: Promise<string> | undefined;

/** What `bandit --version` prints (its version and the Python it runs on), asked once per process. */
function banditVersionText(): Promise<string> {
  const bandit = which('bandit');
  if (!bandit) return Promise.resolve('');
  banditVersionRun ??= runTool({ command: bandit, args: ['--version'] }).then(
    ({ stdout, stderr }) => `${stdout}\n${stderr}`,
  );
  return banditVersionRun;
}

/** The installed Bandit's version (`1.6.2`), asked once per process; undefined when it cannot say. */
export async function banditVersion(): Promise<string | undefined> {
  return /\bbandit\s+(\d+(?:\.\d+)+)/.exec(await banditVersionText())?.[1];
}

/** What the installed Bandit cannot do here (see banditStringTestsSkipped), undefined when nothing. */
export async function banditLimitation(): Promise<string | undefined> {
  return banditStringTestsSkipped(await banditVersionText());
}

/**
 * Bandit before 1.6.3 finds string literals as `ast.Str` nodes, which Python 3.8 stopped producing
 * (PyCQA/bandit#599): on 3.8 and later its string tests never run — hard-coded passwords (B105-B107),
 * binding to all interfaces (B104), /tmp paths (B108), SQL built from strings (B608). Debian 12 ships
 * 1.6.2 on Python 3.11. Returns what to tell the user, from `bandit --version`'s text.
 */
export function banditStringTestsSkipped(versionText: string): string | undefined {
  const version = /\bbandit\s+(\d+)\.(\d+)\.(\d+)/.exec(versionText);
  const python = /python version\s*=\s*(\d+)\.(\d+)/.exec(versionText);
  if (!version || !python) return undefined;
  const [major, minor, patch] = version.slice(1).map(Number) as [number, number, number];
  const old = major < 1 || (major === 1 && (minor < 6 || (minor === 6 && patch < 3)));
  const newPython = Number(python[1]) > 3 || (Number(python[1]) === 3 && Number(python[2]) >= 8);
  if (!old || !newPython) return undefined;
  return `Bandit ${version.slice(1).join('.')} on Python ${python[1]}.${python[2]} never runs its string tests (B104 binding to all interfaces, B105-B107 hard-coded passwords, B108 /tmp paths, B608 SQL built from strings): install Bandit 1.7 or later`;
}

export function which(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Bandit 1.6 reports no CWE; these are the CWEs its own later versions assign. */
const BANDIT_CWE: Record<string, number> = {
  B101: 703,
  B102: 78,
  B103: 732,
  B104: 1327,
  B105: 259,
  B106: 259,
  B107: 259,
  B108: 377,
  B110: 703,
  B112: 703,
  B113: 400,
  B201: 489,
  B301: 502,
  B302: 502,
  B303: 328,
  B304: 327,
  B305: 327,
  B306: 377,
  B307: 78,
  B308: 79,
  B310: 22,
  B311: 330,
  B312: 319,
  B313: 20,
  B314: 20,
  B315: 20,
  B316: 20,
  B317: 20,
  B318: 20,
  B319: 20,
  B320: 20,
  B321: 319,
  B323: 295,
  B324: 327,
  B401: 319,
  B402: 319,
  B403: 502,
  B404: 78,
  B405: 20,
  B406: 20,
  B407: 20,
  B408: 20,
  B409: 20,
  B410: 20,
  B411: 20,
  B412: 20,
  B413: 327,
  B501: 295,
  B502: 327,
  B503: 327,
  B504: 327,
  B505: 326,
  B506: 20,
  B507: 295,
  B601: 78,
  B602: 78,
  B603: 78,
  B604: 78,
  B605: 78,
  B606: 78,
  B607: 78,
  B608: 89,
  B609: 78,
  B610: 89,
  B611: 89,
  B701: 94,
  B702: 79,
  B703: 79,
};

/**
 * The vouch rule family each Bandit test finds, as that rule's CWE. Bandit's own CWE is often broader
 * (CWE-20 for `yaml.load` and the XML parsers, CWE-78 for `eval`), so merging by it alone left the same
 * issue reported twice; the benchmark scores Bandit's recall per family with the same table.
 */
const BANDIT_FAMILY: Record<string, number> = {
  B102: 78,
  B104: 1327,
  B105: 798,
  B106: 798,
  B107: 798,
  B108: 377,
  B201: 489,
  B301: 502,
  B302: 502,
  B303: 328,
  B304: 327,
  B305: 327,
  B306: 377,
  B307: 94,
  B310: 918,
  B311: 338,
  B313: 611,
  B314: 611,
  B317: 611,
  B318: 611,
  B319: 611,
  B320: 611,
  B321: 319,
  B323: 295,
  B324: 328,
  B403: 502,
  B410: 611,
  B413: 327,
  B501: 295,
  B502: 295,
  B503: 295,
  B504: 295,
  B505: 326,
  B506: 502,
  B507: 295,
  B602: 78,
  B603: 78,
  B604: 78,
  B605: 78,
  B606: 78,
  B607: 78,
  B608: 89,
  B609: 78,
  B610: 89,
  B611: 89,
  B701: 79,
  B702: 79,
  B703: 79,
  B101: 703,
};

/**
 * Bandit tests precise enough to report on their own: on the labelled corpora (the fresh corpus's tune
 * split line by line, the family corpus and hold-outs file by file; numbers in bench/RESULTS.md) they hit
 * no safe code. Every other test reports patterns whose safe uses are common (`subprocess` without a
 * shell, `shell=True` on a constant, MD5 as a checksum, `random` for cosmetics, any XML parse, imports),
 * so its findings count only where vouch's rules report the same line and family — then they are
 * duplicates, and vouch's finding (with where the data came from) is the one shown.
 */
const BANDIT_PRECISE = new Set([
  'B102', // exec
  'B104', // binding to all interfaces
  'B105',
  'B106',
  'B107', // hard-coded passwords
  'B108', // hard-coded /tmp paths
  'B201', // Flask debug=True
  'B301',
  'B302', // pickle, marshal
  'B304',
  'B305', // DES, RC4, ECB, …
  'B306', // mktemp
  'B321', // FTP
  'B323', // unverified SSL context
  'B501',
  'B502',
  'B503',
  'B504', // requests verify=False, old SSL/TLS versions
  'B505', // short keys
  'B506', // yaml.load
  'B507', // paramiko AutoAddPolicy
  'B610',
  'B611', // Django extra() and RawSQL
  'B702',
  'B703', // Mako templates, Django mark_safe
]);

/**
 * Precise tests whose finding the reported line itself can refute: Bandit's `mark_safe` tests fire on any
 * non-literal argument, and an argument that visibly escapes its data first
 * (`mark_safe("<b>%s</b>" % escape(title))`, `format_html`, `bleach.clean`) is the documented safe use.
 */
const BANDIT_REFUTED: Record<string, RegExp> = {
  B308: /mark_safe\s*\(.*\b(?:escape|conditional_escape|format_html|strip_tags|clean|escapejs|urlencode|quote)\s*\(/,
  B703: /mark_safe\s*\(.*\b(?:escape|conditional_escape|format_html|strip_tags|clean|escapejs|urlencode|quote)\s*\(/,
};

/** Whether a Bandit test is reported on its own, or only where vouch confirms it (see BANDIT_PRECISE). */
export function banditPrecise(testId: string): boolean {
  return BANDIT_PRECISE.has(testId);
}

/**
 * External findings worth reporting: Bandit's precise tests (unless the line refutes them, see
 * BANDIT_REFUTED), and others where vouch reports the same line and family (kept so the merge counts them
 * as duplicates). The rest are left out and counted.
 */
export function keepConfirmed(
  own: Finding[],
  external: Finding[],
  lineText?: (file: string, line: number) => string | undefined,
): { kept: Finding[]; unconfirmed: number } {
  const confirmed = new Set(
    own.map((finding) => `${finding.file}:${finding.line}:${cweFamily(finding.cwe)}`),
  );
  const kept: Finding[] = [];
  let unconfirmed = 0;
  for (const finding of external) {
    const test = finding.tool === 'bandit' ? finding.ruleId.replace(/^bandit\./, '') : undefined;
    const family = test ? banditFamily(test) : cweFamily(finding.cwe);
    const refuted =
      test !== undefined && BANDIT_REFUTED[test]?.test(lineText?.(finding.file, finding.line) ?? '');
    if (
      test === undefined ||
      (banditPrecise(test) && !refuted) ||
      confirmed.has(`${finding.file}:${finding.line}:${family}`)
    )
      kept.push(finding);
    else unconfirmed++;
  }
  return { kept, unconfirmed };
}

/** The family (as a CWE, see `cweFamily`) of a Bandit test, or undefined when no vouch rule covers it. */
export function banditFamily(testId: string): number | undefined {
  const cwe = BANDIT_FAMILY[testId];
  return cwe === undefined ? undefined : cweFamily(cwe);
}

/** `bandit -f json`: the fields of each result read here. */
const banditOutput = z.looseObject({
  results: z
    .array(
      z.looseObject({
        test_id: z.string(),
        test_name: z.string(),
        filename: z.string(),
        line_number: z.number(),
        col_offset: z.number().optional(),
        issue_severity: z.string(),
        issue_confidence: z.string(),
        issue_text: z.string(),
        issue_cwe: z.looseObject({ id: z.number() }).optional(),
        line_range: z.array(z.number()).optional(),
      }),
    )
    .optional(),
  /** files Bandit could not parse (`syntax error while parsing AST from file`): it checked nothing there */
  errors: z.array(z.looseObject({ filename: z.string(), reason: z.string() })).optional(),
});

/**
 * Bandit's CWE for a finding; where that is the catch-all CWE-20 (the XML parsers, `yaml.load`), the CWE
 * of the weakness the test looks for (XXE, deserialisation), as vouch's own rule for it reports.
 */
type BanditResult = NonNullable<z.infer<typeof banditOutput>['results']>[number];

function banditCwe(result: BanditResult): number | undefined {
  const cwe = result.issue_cwe?.id ?? BANDIT_CWE[result.test_id];
  return cwe === 20 ? (BANDIT_FAMILY[result.test_id] ?? cwe) : cwe;
}

/** Runs an external scanner in its own process: its output, and its exit code (-1 when it could not start). */
export async function runTool({
  command,
  args,
  signal,
  maxBuffer = 64 * 2 ** 20,
}: {
  command: string;
  args: string[];
  signal?: AbortSignal;
  maxBuffer?: number;
}): Promise<{ stdout: string; code: number; stderr: string }> {
  // node:child_process loaded here: a scan with --no-external never runs a tool, and that module's load (net
  // and dgram with it) is ≈ 3–4 ms of a cold process's CPU (issue 59)
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer, signal }, (error, stdout, stderr) => {
      const code =
        error && typeof (error as { code?: unknown }).code === 'number'
          ? (error as { code: number }).code
          : error
            ? -1
            : 0;
      resolve({ stdout, stderr, code });
    });
  });
}

/** Runs Bandit on Python files (absolute paths); `relative` maps them back to report paths. */
export async function runBandit(
  files: string[],
  relative: (absolute: string) => string,
  signal?: AbortSignal,
): Promise<ExternalRun> {
  const bandit = which('bandit');
  if (!bandit) return { tool: 'bandit', ran: false, reason: 'not installed', findings: [] };
  if (files.length === 0) return { tool: 'bandit', ran: false, reason: 'no Python files', findings: [] };
  const { stdout, code, stderr } = await runTool({
    command: bandit,
    args: ['-q', '-f', 'json', ...files],
    signal,
  });
  const report = banditReport({ stdout, code, stderr }, relative);
  // every file unparsed: it checked nothing at all
  const run = (report.unparsed?.length ?? 0) >= files.length ? { ...report, ran: false } : report;
  if (!run.ran) return run;
  const limitation = await banditLimitation();
  return { ...run, ...(limitation ? { limitation } : {}) };
}

/**
 * What one Bandit run is worth. Bandit exits 0 when it found no issue and 1 when it reported some (with
 * `-q -f json` every issue it counts is in `results`); another code, or a 1 whose report holds no issue,
 * is a run that did not finish what its exit code claims: no evidence, and never a clean result (which
 * the scan cache would keep for those files). `relative` maps its absolute paths back to report paths.
 */
export function banditReport(
  { stdout, code, stderr }: { stdout: string; code: number; stderr: string },
  relative: (absolute: string) => string,
): ExternalRun {
  const lastLine = stderr.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return {
      tool: 'bandit',
      ran: false,
      reason: `failed (exit ${code}): ${lastLine}`,
      findings: [],
    };
  }
  const checked = banditOutput.safeParse(json);
  if (!checked.success)
    return {
      tool: 'bandit',
      ran: false,
      reason: `printed a JSON report of an unexpected shape (${describeIssues(checked.error)})`,
      findings: [],
    };
  const parsed = checked.data;
  const issues = parsed.results ?? [];
  if (code !== 0 && code !== 1)
    return {
      tool: 'bandit',
      ran: false,
      reason: `failed (exit ${code}) after printing a report${lastLine ? `: ${lastLine}` : ''}`,
      findings: [],
    };
  if (code === 1 && issues.length === 0)
    return {
      tool: 'bandit',
      ran: false,
      reason: `exited 1 without reporting any issue${lastLine ? `: ${lastLine}` : ''}`,
      findings: [],
    };
  const severity = (value: string): Severity =>
    value === 'HIGH' ? 'high' : value === 'MEDIUM' ? 'medium' : 'low';
  const findings = issues.map(
    (result): Finding => ({
      ruleId: `bandit.${result.test_id}`,
      file: relative(result.filename),
      line: result.line_number,
      column: (result.col_offset ?? 0) + 1,
      ...(result.line_range && result.line_range.length > 1
        ? { endLine: Math.max(...result.line_range) }
        : {}),
      severity: severity(result.issue_severity),
      message: `${result.issue_text} (${result.test_name}, confidence ${result.issue_confidence.toLowerCase()})`,
      tool: 'bandit',
      cwe: banditCwe(result),
    }),
  );
  // Bandit 1.6.2 exits 0 with `results: []` for a file it could not parse (`type Alias = int` on an older
  // Python): that file was not checked, whatever the exit code says.
  const unparsed = (parsed.errors ?? []).map((error) => ({
    file: relative(error.filename),
    reason: error.reason,
  }));
  if (unparsed.length === 0) return { tool: 'bandit', ran: true, findings };
  const reason = unparsed.map(({ file, reason }) => `Bandit could not parse ${file}: ${reason}`).join('; ');
  return { tool: 'bandit', ran: true, reason, findings, unparsed };
}

/** Semgrep and ESLint: detected, and run only with a local configuration (no registry rule packs offline). */
export function detectOthers(workspaceRoot: string): ExternalRun[] {
  const runs: ExternalRun[] = [];
  const semgrep = which('semgrep');
  runs.push({
    tool: 'semgrep',
    ran: false,
    reason: semgrep ? 'installed, but no local .semgrep.yml' : 'not installed',
    findings: [],
  });
  const eslint = existsSync(join(workspaceRoot, 'node_modules', '.bin', 'eslint'));
  const plugin = existsSync(join(workspaceRoot, 'node_modules', 'eslint-plugin-security'));
  runs.push({
    tool: 'eslint-plugin-security',
    ran: false,
    reason:
      eslint && plugin
        ? "installed in the workspace; run it through the project's own eslint config"
        : 'not installed',
    findings: [],
  });
  return runs;
}

/** CWEs that name the same weakness at different granularity, so one finding from two tools merges. */
const CWE_FAMILY: Record<number, number> = { 327: 328, 259: 798, 330: 338, 95: 94, 605: 1327 };

export function cweFamily(cwe: number | undefined): number | undefined {
  return cwe === undefined ? undefined : (CWE_FAMILY[cwe] ?? cwe);
}

/**
 * Adds external findings that vouch did not already report: same file, line and CWE (or, without a CWE,
 * same line and tool) count as one finding. Returns the merged list and how many duplicates were dropped.
 */
export function mergeFindings(
  own: Finding[],
  external: Finding[],
): { findings: Finding[]; duplicates: number } {
  const keyOf = (finding: Finding) => {
    const test = finding.ruleId.startsWith('bandit.') ? banditFamily(finding.ruleId.slice(7)) : undefined;
    return `${finding.file}:${finding.line}:${test ?? cweFamily(finding.cwe) ?? finding.ruleId}`;
  };
  const seen = new Set(own.map(keyOf));
  const merged = [...own];
  let duplicates = 0;
  for (const finding of external) {
    const key = keyOf(finding);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    merged.push(finding);
  }
  return { findings: merged, duplicates };
}
