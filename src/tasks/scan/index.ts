import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { type CheckResult, type Finding, failingAt } from '../../core/check.js';
import { LANGUAGES, type LanguageId, languageForPath } from '../../core/languages.js';
import { packageVersion } from '../../core/package-manifest.js';
import { privateDirectory } from '../../core/private-files.js';
import type { ScanReport, ScanInput as SecurityScanInput } from '../../security/scan.js';
import { cacheStateDir, findWorkspaceRoot } from '../../workspace/root.js';
import type { ScanDetails } from '../gate/gate-details.js';
import { languageField } from '../input-schemas.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { baseResult, withDetails } from '../task-frame.js';

/**
 * `scan`: sources through vouch's security rules (taint-tracked), the secrets detector and the installed
 * external scanners, with the one failing rule (`failingAt`: unsuppressed findings at or above `failOn`).
 * What `vouch scan` and POST /v1/scan run. The task reads no file: the face sends the sources (the CLI
 * reads the files it was named, the server takes them from the body), so nothing of the host's disk is
 * reached through it but the workspace's scan cache.
 */
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const scanInput = z
  .object({
    files: z
      .array(
        z
          .object({
            /** the path findings name (relative to where the face scans from, or `<stdin>`) */
            path: z.string().min(1).max(4096),
            source: z.string(),
            language: languageField.optional(),
          })
          .strict(),
      )
      .max(100_000)
      .meta({ title: 'Files', description: 'The files to scan, each with its path, source and language.' }),
    /** the lowest severity that fails the scan (default high) */
    failOn: z
      .enum(SEVERITIES)
      .optional()
      .meta({ title: 'Fail on', description: 'The lowest severity that fails the scan. Default high.' }),
    /** run installed external scanners (Bandit); default true */
    external: z.boolean().optional().meta({
      title: 'Run external scanners',
      description: 'Run installed scanners such as Bandit too. Default: yes.',
    }),
    /**
     * reuse the findings of unchanged files from the workspace's scan cache in the user's cache dir (only
     * in a project: a `.git`, `vouch.toml` or `.vouch/`); default false
     */
    cache: z.boolean().optional().meta({
      title: 'Use the scan cache',
      description: 'Reuse the findings of unchanged files (only in a project). Default: no.',
    }),
    /**
     * how long vouch's engine may analyse one file, in ms (issue 59): a file past it is stopped and
     * reported not verified, the scan `unverified`; unset: no limit per file
     */
    fileBudgetMs: z
      .number()
      .int()
      .min(1)
      .max(24 * 3600 * 1000)
      .optional()
      .meta({
        title: 'Budget per file (ms)',
        description:
          "How long vouch's engine may analyse one file; a file past it is reported not verified. Default: no limit.",
      }),
    /**
     * source files the face was asked to scan and could not read (binary, an encoding it cannot decode, too
     * large), with why and what to do: each is a file not verified, so the scan is never a pass (issue 59, w94)
     */
    notRead: z
      .array(z.object({ path: z.string().min(1).max(4096), reason: z.string().max(1000) }).strict())
      .max(100_000)
      .optional()
      .meta({
        title: 'Files not read',
        description: 'Source files that could not be read, and why: each leaves the scan not verified.',
      }),
    /**
     * the lines of the files' workspace that change a framework's defaults, from its Python files not among
     * `files` (the face reads them: security/workspace-settings.ts); they give exemptions up, never take them
     */
    outsideSettings: z
      .string()
      .max(16 * 1024 * 1024)
      .optional()
      .meta({
        title: 'Settings outside the scan',
        description:
          "Lines of the workspace's other Python files that change Flask's defaults (Jinja's autoescape, filters, response hooks).",
      }),
    /**
     * why the face found no source file to send, when it found none (files its ignore rules left out,
     * `--lang`): said with the scan's not-verified reason, so the user knows what to do
     */
    nothingFound: z.string().max(1000).optional().meta({
      title: 'Why no source file',
      description:
        'Why no source file was found to scan (files left out by ignore rules, a language filter).',
    }),
    /** folders scanned whole (as `files` name them): cached entries of files gone from them are dropped */
    scannedFolders: z.array(z.string().max(4096)).max(10_000).optional().meta({
      title: 'Folders scanned whole',
      description: 'Cached entries of files gone from these folders are dropped.',
    }),
  })
  .strict();

export type ScanInput = z.output<typeof scanInput>;

/**
 * The workspace's scan cache when it is a project: a scan elsewhere leaves nothing behind. It lives in the
 * user's cache dir (`$XDG_CACHE_HOME/vouch/workspaces/<name>-<hash of its real path>/scan-cache.db`, 0600 in
 * 0700), never in the workspace: its rows name a path, a content hash and an engine fingerprint, all of which
 * a repository's author can compute, so a `.vouch/scan-cache.db` committed with `findings='[]'` rows would
 * pass a flawed file in every clone (review r43). A `.vouch/scan-cache.db` in the workspace is not read.
 */
async function workspaceCache(root: string) {
  if (!['.git', 'vouch.toml', '.vouch'].some((marker) => existsSync(join(root, marker)))) return undefined;
  const { openScanCache } = await import('../../security/scan-cache.js');
  const folder = cacheStateDir(root);
  privateDirectory(folder);
  return openScanCache(join(folder, 'scan-cache.db'));
}

export async function runScan(
  input: ScanInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'scan'>> {
  const started = performance.now();
  const failOn = input.failOn ?? 'high';
  const [{ scanSources }, { securityConfig }, { ruleLanguage }] = await Promise.all([
    import('../../security/scan.js'),
    import('../../security/check.js'),
    import('../../security/engine/analyze.js'),
  ]);
  const { semgrep } = securityConfig(host.config);
  const cache = input.cache ? await workspaceCache(host.workspaceRoot) : undefined;
  const emit = options.onEvent;
  const total = input.files.length;
  // a file whose name gives no grammar is read as the code it holds (a script's #! line, a notebook's cells, a
  // component's <script>), or named not verified when the rules cannot read it (r49: a folder passed them unread)
  const { files, unreadEmbedded, placers } = await embeddedViews(input.files, ruleLanguage);
  let report: ScanReport;
  try {
    emit?.({ type: 'stage', stage: 'verify', status: 'start', detail: `${total} files` });
    report = await scanSources(files, {
      external: input.external !== false,
      workspaceRoot: host.workspaceRoot,
      ...(semgrep ? { semgrep } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(cache ? { cache } : {}),
      // the server: vouch's engine on a worker, stopped at the budget (issue 55)
      ...(host.detectorBudgetMs ? { engineBudgetMs: host.detectorBudgetMs } : {}),
      ...(input.fileBudgetMs !== undefined ? { fileBudgetMs: input.fileBudgetMs } : {}),
      ...(input.outsideSettings ? { outsideSettings: input.outsideSettings } : {}),
      onProgress: (done, pending) =>
        emit?.({ type: 'progress', label: 'scan', done: total - pending + done, total }),
    });
    if (cache && input.scannedFolders)
      cache.forgetMissing(input.scannedFolders, new Set(input.files.map((file) => file.path)));
  } finally {
    cache?.close();
  }
  if (placers.size > 0)
    report = {
      ...report,
      findings: report.findings.map((finding) => placers.get(finding.file)?.(finding) ?? finding),
    };
  if (input.notRead?.length || unreadEmbedded.length > 0)
    report = withNotRead(report, [...(input.notRead ?? []), ...unreadEmbedded]);
  // code of a language the rules do not read (Ruby, Go, shell…) was searched for secrets only: each such
  // file is named and leaves the scan not verified, as `vouch review` and `vouch check` say of the same file
  // (r43: a folder of ok.py and r.rb with `system(ARGV[0])` said pass and named nothing)
  const unreadCode = files.flatMap((file) => {
    const language = file.language;
    return language !== undefined && ruleLanguage(language) === undefined
      ? [{ path: file.path, language }]
      : [];
  });
  if (unreadCode.length > 0) report = withUnreadLanguages(report, unreadCode);
  // no file of a language the rules read: only the secrets detector looked, at files of other languages or
  // none; nothing was checked, so the scan is not verified (r33, w141)
  const sources = files.filter(
    (file) => file.language !== undefined && ruleLanguage(file.language) !== undefined,
  );
  if (sources.length === 0 && !input.notRead?.length && unreadEmbedded.length === 0)
    report = withNothingChecked(report, { files: input.files.length, why: input.nothingFound, ruleLanguage });
  const failing = failingAt(report.findings, failOn);
  // a scanner stopped at its time budget checked nothing: the scan could not run, never a pass
  // and one that could not check a file (unparsed, or its analysis stopped before settling) did not pass it
  const stopped = report.tools.filter(
    (tool) => tool.overBudget || tool.stopped?.length || tool.unparsed?.length || tool.nothingChecked,
  );
  const security: CheckResult = {
    name: 'security',
    status: failing.length > 0 ? 'fail' : stopped.length > 0 ? 'error' : 'pass',
    reason: [
      `scanners: ${report.tools
        .filter((tool) => tool.ran)
        .map((tool) => tool.tool)
        .join(', ')}; failing at ${failOn} or above`,
      ...stopped.map(
        (tool) =>
          `${tool.tool} could not run: ${tool.reason ?? tool.unparsed?.map((entry) => `${entry.file}: ${entry.reason}`).join('; ') ?? 'over its time budget'}`,
      ),
    ].join('; '),
    findings: report.findings,
    durationMs: Math.round(report.durationMs),
    ...(failing.length > 0 ? { blocking: true } : {}),
  };
  emit?.({ type: 'check', candidate: 0, round: 0, result: security });
  emit?.({ type: 'stage', stage: 'verify', status: 'done', detail: `${failing.length} failing` });
  const result = baseResult('scan', { id: '' }, started);
  result.confidence = failing.length > 0 || stopped.length > 0 ? 'low' : 'high';
  result.verification = {
    status: failing.length > 0 ? 'fail' : stopped.length > 0 ? 'unverified' : 'pass',
    checks: [security],
    blocked: failing.length > 0,
    reasons:
      failing.length > 0
        ? [`${failing.length} finding(s) at ${failOn} or above`]
        : stopped.map((tool) => `${tool.tool} could not run: ${tool.reason ?? 'over its time budget'}`),
    confidenceReasons: [],
    rounds: [],
  };
  const details: ScanDetails = {
    files: report.files,
    failOn,
    failing: failing.length,
    suppressed: report.findings.filter((finding) => finding.suppressed).length,
    tools: report.tools,
    duplicates: report.duplicates,
    unconfirmed: report.unconfirmed,
    cached: report.cached,
    durationMs: Math.round(report.durationMs),
  };
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

/**
 * The files as vouch's engine reads them: each with its language (its name's, else what `embeddedCode` finds in
 * it: a `#!` line, a notebook's cells, a component's scripts), those whose code the rules cannot read named
 * with why (`unreadEmbedded`, each a file not verified), and how to move the findings of a file whose lines the
 * engine did not read where they are (a notebook's cells: `placers`).
 */
async function embeddedViews(
  given: ScanInput['files'],
  ruleLanguage: (language: LanguageId) => string | undefined,
): Promise<{
  files: { path: string; source: string; language?: LanguageId }[];
  unreadEmbedded: { path: string; reason: string }[];
  placers: Map<string, (finding: Finding) => Finding>;
}> {
  const unreadEmbedded: { path: string; reason: string }[] = [];
  const placers = new Map<string, (finding: Finding) => Finding>();
  if (given.every((file) => file.language ?? languageForPath(file.path)))
    return {
      files: given.map((file) => ({ ...file, language: file.language ?? languageForPath(file.path)! })),
      unreadEmbedded,
      placers,
    };
  const { embeddedCode } = await import('../../security/embedded-code.js');
  const reads = (language: LanguageId) => ruleLanguage(language) !== undefined;
  const files = given.map((file) => {
    const language = file.language ?? languageForPath(file.path);
    if (language) return { ...file, language };
    const code = embeddedCode(file.path, file.source, reads);
    if (!code) return file;
    if ('unread' in code) {
      unreadEmbedded.push({ path: file.path, reason: `not verified: ${code.unread}` });
      return file;
    }
    if (code.view.place) placers.set(file.path, code.view.place);
    return { path: file.path, source: code.view.source, language: code.view.language };
  });
  return { files, unreadEmbedded, placers };
}

/** The file names vouch's rules read, as the not-verified reason of an empty scan lists them. */
function ruleExtensions(ruleLanguage: (language: LanguageId) => string | undefined): string {
  return (Object.keys(LANGUAGES) as LanguageId[])
    .filter((language) => ruleLanguage(language) !== undefined)
    .flatMap((language) => LANGUAGES[language].extensions.map((extension) => `*${extension}`))
    .join(', ');
}

/**
 * The report of a scan given no file its rules read: the `vouch` tool checked nothing (`nothingChecked`, its
 * reason says why and what to do), so the check is `error`, the scan `unverified`, SARIF's run unsuccessful
 * and the text has its NOT VERIFIED line. `files`: how many files of other languages it was given.
 */
function withNothingChecked(
  report: ScanReport,
  {
    files,
    why,
    ruleLanguage,
  }: { files: number; why: string | undefined; ruleLanguage: (language: LanguageId) => string | undefined },
): ScanReport {
  const given =
    files === 0
      ? 'no file to scan'
      : `no Python, JavaScript or TypeScript file among the ${files} file(s) given (only searched for secrets)`;
  const said = `nothing checked: ${given}${why ? `; ${why}` : ''}; vouch's rules read ${ruleExtensions(ruleLanguage)}: name such files or a folder holding them`;
  const tools = report.tools.map((tool) =>
    tool.tool === 'vouch'
      ? { ...tool, nothingChecked: true, reason: tool.reason ? `${tool.reason}; ${said}` : said }
      : tool,
  );
  return { ...report, tools };
}

/**
 * The report with the code files of languages vouch's rules do not read as the `vouch` tool's files not
 * checked (`unparsed`, each with its language): the check `error`, the scan `unverified`, every such file
 * named in the text and in `--json`'s tools.
 */
function withUnreadLanguages(
  report: ScanReport,
  unread: readonly { path: string; language: LanguageId }[],
): ScanReport {
  const languages = [...new Set(unread.map((file) => file.language))].join(', ');
  const shown = unread
    .slice(0, 3)
    .map((file) => file.path)
    .join(', ');
  const said = `${unread.length} code file(s) not verified: the security rules do not read ${languages}, searched for secrets only (${shown}${unread.length > 3 ? ', …' : ''})`;
  const tools = report.tools.map((tool) =>
    tool.tool === 'vouch'
      ? {
          ...tool,
          unparsed: [
            ...(tool.unparsed ?? []),
            ...unread.map(({ path, language }) => ({
              file: path,
              reason: `${language}: the security rules do not read it (searched for secrets only)`,
            })),
          ],
          reason: tool.reason ? `${tool.reason}; ${said}` : said,
        }
      : tool,
  );
  return { ...report, tools };
}

/**
 * The report with the source files the face could not read as the `vouch` tool's files not checked
 * (`unparsed`, with their reason): the check `error`, the scan `unverified`, SARIF's run unsuccessful, the
 * text's NOT VERIFIED line, as for a file vouch could not parse.
 */
function withNotRead(report: ScanReport, notRead: readonly { path: string; reason: string }[]): ScanReport {
  const shown = notRead
    .slice(0, 3)
    .map((file) => file.path)
    .join(', ');
  const said = `${notRead.length} file(s) not verified: not read (${shown}${notRead.length > 3 ? ', …' : ''})`;
  const tools = report.tools.map((tool) =>
    tool.tool === 'vouch'
      ? {
          ...tool,
          unparsed: [
            ...(tool.unparsed ?? []),
            ...notRead.map(({ path, reason }) => ({ file: path, reason })),
          ],
          reason: tool.reason ? `${tool.reason}; ${said}` : said,
        }
      : tool,
  );
  return { ...report, tools };
}

/**
 * Tells the gate that a scan of these files is about to run (the face calls it as soon as it has read
 * them): a scan large enough for the pool's workers starts them now, so that they load while the face
 * reads the project's settings and the task starts (security/scan.ts `prepareScanSources`; issue 59).
 */
export async function prepareScan(files: readonly SecurityScanInput[]): Promise<void> {
  const { prepareScanSources } = await import('../../security/scan.js');
  prepareScanSources(files);
}

/**
 * The same, earlier: a face that has listed a folder tells the gate how many files it is about to read and
 * how many bytes they hold, and the pool's workers start while it reads them (security/scan-pool.ts
 * `prepareScanListing`, which loads no engine; issue 59). `prepareScan` then keeps the decision taken here.
 */
export async function prepareScanListing(files: number, bytes: number): Promise<void> {
  const { prepareScanListing: prepare } = await import('../../security/scan-pool.js');
  prepare(files, bytes);
}

/**
 * The settings lines (security/workspace-settings.ts) of the projects of the paths a face scans, from
 * their Python files the scan does not hold (`scanned`, absolute), and the files whose lines could not be
 * read: the face gives them as `outsideSettings` and `notRead`, so `vouch scan app/views.py` sees
 * `app/__init__.py`'s `autoescape = False` as the whole project's scan does (review r25), and is not
 * verified when that file could not be read (r27). A path's project is `settingsRoot`'s (a `.git` or
 * `vouch.toml` upward, else the Python way); a folder scanned that is its project's top holds
 * every file of it already, and nothing more is read.
 */
export async function outsideSettings({
  paths,
  scanned,
  listedWhole,
  signal,
}: {
  /** absolute paths of the files and folders scanned */
  paths: readonly string[];
  scanned: ReadonlySet<string>;
  /**
   * absolute folders scanned whose every Python file the settings' listing would take is in `scanned`:
   * not walked again (security/workspace-settings.ts `listedWhole`, issue 59)
   */
  listedWhole?: readonly string[];
  signal?: AbortSignal;
}): Promise<{ lines: string; notRead: { path: string; reason: string }[] }> {
  const { settingsRoot, workspaceSettings } = await import('../../security/workspace-settings.js');
  const starts = new Map<string, string>();
  const whole = new Set<string>();
  for (const path of paths) {
    const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory();
    const start = folder ? path : dirname(path);
    const root = settingsRoot(start)?.root;
    if (!root) continue;
    if (!starts.has(root)) starts.set(root, start);
    if (folder && root === path) whole.add(root);
  }
  const lines: string[] = [];
  const notRead: { path: string; reason: string }[] = [];
  for (const [root, start] of starts) {
    if (whole.has(root)) continue;
    const found = await workspaceSettings(start, {
      given: scanned,
      ...(listedWhole?.length ? { listedWhole } : {}),
      ...(signal ? { signal } : {}),
    });
    if (found.lines) lines.push(found.lines);
    notRead.push(...found.notRead);
  }
  return { lines: lines.join('\n'), notRead };
}

/**
 * The lines of Python text that change Flask's defaults (engine/project-settings.ts): the language server
 * re-gates a workspace's open Python buffers when a saved file's lines change (review r27: saving
 * `app/__init__.py` left an open `app/views.py`'s clean diagnostics standing).
 */
export async function settingsLinesOf(source: string): Promise<string> {
  const { projectSettings } = await import('../../security/engine/project-settings.js');
  return projectSettings([{ source, language: 'python' }]);
}

/** `[security] file_budget` of a host's config, in seconds (issue 59), for a face's default budget per file. */
export async function configuredFileBudget(config: Record<string, unknown>): Promise<number | undefined> {
  const { securityConfig } = await import('../../security/check.js');
  return securityConfig(config).file_budget;
}

/** The scan's findings (the `security` check's), for faces rendering a scan result. */
export function scanFindings(result: TaskResultOf<'scan'>): Finding[] {
  return result.verification.checks.find((check) => check.name === 'security')?.findings ?? [];
}

/** A scan result as SARIF 2.1.0 (for code-scanning uploads), with vouch's rule descriptions. */
export async function scanSarif(result: TaskResultOf<'scan'>): Promise<unknown> {
  const [{ toSarif }, { defaultRuleSet }] = await Promise.all([
    import('../../security/sarif.js'),
    import('../../security/rules.js'),
  ]);
  return toSarif(scanFindings(result), {
    version: packageVersion(),
    rules: defaultRuleSet().byId,
    tools: result.details.tools,
  });
}

/**
 * A scan result as the terminal shows it: each finding with its line of code, then the totals. The lines
 * shown are the ones an editor counts (a lone `\r` ends one in Python and JavaScript: w104; U+2028 and U+2029
 * do not: w124), as the findings' line numbers are.
 */
export async function scanText(
  result: TaskResultOf<'scan'>,
  inputs: readonly { path: string; source: string; language?: LanguageId | undefined }[],
): Promise<string> {
  const [{ formatText }, { crLineEnded }] = await Promise.all([
    import('../../security/format-text.js'),
    import('../../security/line-ended-text.js'),
  ]);
  const shown = new Set(scanFindings(result).map((finding) => finding.file));
  const sources = new Map<string, string>();
  // the editor's lines (a lone `\r` ends one, U+2028 does not), as the findings' line numbers are (w124)
  // a notebook's findings are on a cell's lines, which its JSON text does not hold as they are numbered
  for (const input of inputs)
    if (shown.has(input.path) && !input.path.toLowerCase().endsWith('.ipynb'))
      sources.set(input.path, crLineEnded(input.source, input.language));
  const { details } = result;
  return formatText(
    {
      findings: scanFindings(result),
      files: details.files,
      cached: details.cached,
      tools: details.tools,
      duplicates: details.duplicates,
      unconfirmed: details.unconfirmed,
      durationMs: details.durationMs,
    },
    sources,
  );
}

export const scanTask: TaskDefinition<ScanInput, 'scan'> = {
  name: 'scan',
  description: 'scan code for security flaws (taint-tracked) and secrets, failing at a severity',
  input: scanInput,
  run: runScan,
};
