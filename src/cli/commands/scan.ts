import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { Severity } from '../../core/check.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { type LanguageId, languageForPath, normalizeLanguage } from '../../core/languages.js';
import { runTask } from '../../tasks/run-task.js';
import {
  configuredFileBudget,
  outsideSettings,
  prepareScan,
  prepareScanListing,
  scanFindings,
  scanSarif,
  scanText,
} from '../../tasks/scan-output.js';
import {
  type DecodeProblem,
  decodeSource,
  MAX_SOURCE_BYTES,
  tooLargeReason,
} from '../../workspace/source-text.js';

/** A file `scan` did not read as source, and why (listed, never counted as clean). */
interface SkippedFile {
  path: string;
  reason: string;
  /** `link`: a symbolic link that leads outside the workspace, not followed (workspace/resolve-path.ts) */
  kind: DecodeProblem['kind'] | 'link';
  /**
   * a file of a language vouch's engine reads (named, `--lang`, or by its extension): not reading it leaves
   * the scan not verified (issue 59, w94); other files (images, data) are listed only
   */
  source?: boolean;
}

/** What to do about a source file vouch did not read, by why it did not. */
function remedy(kind: SkippedFile['kind']): string {
  if (kind === 'link')
    return "scan the folder it leads to, or list the link in .vouchignore if that code is not this project's";
  if (kind === 'too-large')
    return `vouch reads source files up to ${MAX_SOURCE_BYTES / (1024 * 1024)} MB: split it, or list it in .vouchignore if it is generated`;
  if (kind === 'binary')
    return 'write the NUL bytes as escapes, or list the file in .vouchignore if it is not source';
  return 'save it as UTF-8';
}

/** A source file's entry in the scan's not-verified list: why it was not read and what to do. */
function notReadReason(file: SkippedFile): string {
  return `not read: ${file.reason}; ${remedy(file.kind)}`;
}

import { webTreeSitter } from '../../syntax/web-tree-sitter-script.js';
import { BUILD_DIRECTORIES, VENDORED_DIRECTORIES } from '../../workspace/file-filters.js';
import { listWorkspaceFiles } from '../../workspace/files.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';
import { SCAN_WASM_TIER_UP_FROM, scanTierUp, scanWasmTierUp } from '../start.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';
import { ListedWhole } from './scan-listed-whole.js';

/** A file to scan, as read: what findings name it by, its text and language, and where it is on disk. */
interface ScanInput {
  path: string;
  source: string;
  language: LanguageId | undefined;
  absolutePath?: string;
}

interface ScanCommandOptions {
  lang?: string;
  format: string;
  failOn: string;
  json?: boolean;
  external: boolean;
  cache: boolean;
  fileBudget?: string;
}

/**
 * How long vouch's engine may analyse one file by default, in seconds (issue 59): a file past it is
 * reported not verified and the scan exits 1, never silence and never hours. Generous: the slowest
 * real file measured (a bundled 116 KB parser) takes 2.6 s since w61's fix; a loaded single core may be
 * ten times slower.
 */
export const DEFAULT_FILE_BUDGET_S = 60;

const FORMATS = ['text', 'json', 'sarif'];
const THRESHOLDS: Severity[] = ['low', 'medium', 'high', 'critical'];

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description(
      'scan code for security flaws (taint-tracked) and secrets; exit 1 on findings at or above --fail-on',
    )
    .argument('[paths...]', 'files or directories to scan, or - for stdin (default: the current directory)')
    .option('--lang <language>', 'language of stdin, or only scan files of this language')
    .option('--format <format>', 'text, json or sarif', 'text')
    .option(
      '--fail-on <severity>',
      'lowest severity that fails the scan: low, medium, high, critical',
      'high',
    )
    .option('--no-external', 'do not run installed external scanners (Bandit)')
    .option(
      '--no-cache',
      "re-analyse every file (by default unchanged files reuse the findings in the user's cache dir)",
    )
    .option(
      '--file-budget <seconds>',
      `how long the engine may analyse one file; a file past it is reported "not verified" and the scan exits 1 (default: [security] file_budget, else ${DEFAULT_FILE_BUDGET_S})`,
    )
    .option('--json', 'print one JSON object (same as --format json unless --format sarif)')
    .action(
      action(async (paths: string[], options: ScanCommandOptions) => {
        // as startScan does before the bundle is compiled, for a scan started from main.js
        scanTierUp();
        return holdingTheLoop(() => runScan(paths, options));
      }),
    );
}

/**
 * Runs `scan` with a timer of its own holding Node's event loop open. The scan awaits tree-sitter's
 * WebAssembly, which V8 compiles off the loop: with nothing else open (output to a file, not a pipe), the
 * loop ended there, and Node, before it looks again, waits for every task V8 has running in the background
 * (WASM tier-up compiles, GC marking) and then ran the rest of the scan from that wait, so that its next
 * turn of the loop (scanSources yields every 50 ms) waited for all of them again: ≈ 50 ms of a 100-file
 * scan's wall time idle on an idle machine, 200 ms at load 13 (bench/notes/2026-11-27-small-scans.md).
 */
async function holdingTheLoop<T>(scan: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => {}, 2 ** 30);
  try {
    return await scan();
  } finally {
    clearInterval(hold);
  }
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<0 | 1 | 130> {
  const format = options.json && options.format === 'text' ? 'json' : options.format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown --format ${JSON.stringify(options.format)}`, {
      hint: 'use text, json or sarif',
    });
  }
  const threshold = options.failOn.toLowerCase() as Severity;
  if (!THRESHOLDS.includes(threshold)) {
    throw new UsageError(`unknown --fail-on ${JSON.stringify(options.failOn)}`, {
      hint: 'use low, medium, high or critical',
    });
  }
  const fileBudget = options.fileBudget === undefined ? undefined : Number(options.fileBudget);
  if (
    options.fileBudget !== undefined &&
    (!/^\s*\d+(\.\d+)?\s*$/.test(options.fileBudget) || !(fileBudget! > 0) || fileBudget! > 86_400)
  ) {
    throw new UsageError(`bad --file-budget ${JSON.stringify(options.fileBudget)}`, {
      hint: `give seconds per file, more than 0 and at most 86400 (default ${DEFAULT_FILE_BUDGET_S}), e.g. --file-budget 120`,
    });
  }
  let language: LanguageId | undefined;
  if (options.lang) {
    language = normalizeLanguage(options.lang);
    if (!language)
      throw new UsageError(`unknown --lang ${JSON.stringify(options.lang)}`, {
        hint: 'use python, javascript, typescript or tsx',
      });
  }
  const interrupt = interruptSignal();
  return await scanWith({
    paths,
    options,
    format,
    threshold,
    language,
    signal: interrupt,
    ...(fileBudget !== undefined ? { fileBudgetS: fileBudget } : {}),
  });
}

async function scanWith({
  paths,
  options,
  format,
  threshold,
  language,
  signal,
  fileBudgetS,
}: {
  paths: string[];
  options: ScanCommandOptions;
  format: string;
  threshold: Severity;
  language: LanguageId | undefined;
  signal: AbortSignal;
  /** `--file-budget`; unset: `[security] file_budget`, else DEFAULT_FILE_BUDGET_S */
  fileBudgetS?: number;
}): Promise<0 | 1 | 130> {
  const json = format !== 'text';
  const { inputs, skipped, leftOut, leftOutFolders, listedWhole } = await collectInputs(
    paths.length ? paths : ['.'],
    language,
    signal,
  );
  // a scan large enough for the pool's workers starts them now: they load while the settings are read
  await prepareScan(inputs);
  const left_out = leftOutList(leftOutFolders);
  // a small scan keeps tree-sitter's WASM unoptimised: its optimising compiles would cost more than they save
  const characters = inputs.reduce((sum, input) => sum + input.source.length, 0);
  if (inputs.length > 0 && characters < SCAN_WASM_TIER_UP_FROM) {
    // web-tree-sitter's JavaScript first, while V8's flags are still those its code cache was made under
    webTreeSitter();
    scanWasmTierUp(characters);
  }
  const progress = createProgress({ label: 'scan', total: inputs.length, json });
  const why = nothingFound({ leftOut, language, folders: scannedFolders(paths).length > 0 });
  const fromDisk = inputs.some((input) => input.absolutePath);
  const host = await cliTaskHost(openWorkspace());
  const budgetS = fileBudgetS ?? (await configuredFileBudget(host.config)) ?? DEFAULT_FILE_BUDGET_S;
  const fileBudgetMs = Math.max(1, Math.round(budgetS * 1000));
  // what the project's other Python files set of Flask's defaults, when the scan holds only some of them
  const { lines: settings, notRead: settingsNotRead } = inputs.some(
    (input) => input.language === 'python' && input.absolutePath,
  )
    ? await outsideSettings({
        paths: (paths.length ? paths : ['.']).filter((path) => path !== '-').map((path) => resolve(path)),
        scanned: new Set(inputs.flatMap((input) => (input.absolutePath ? [input.absolutePath] : []))),
        listedWhole,
        signal,
      })
    : { lines: '', notRead: [] };
  const result = await runTask({
    name: 'scan',
    input: {
      files: inputs.map((input) => ({
        path: input.path,
        source: input.source,
        ...(input.language ? { language: input.language } : {}),
      })),
      failOn: threshold,
      external: options.external,
      // unchanged files reuse the workspace's findings; files gone from the folders scanned whole keep no entry
      cache: options.cache && fromDisk,
      scannedFolders: scannedFolders(paths),
      // said only when no file the rules read was found: why, and so what to do (r33, w141)
      ...(why ? { nothingFound: why } : {}),
      fileBudgetMs,
      ...(settings ? { outsideSettings: settings } : {}),
      // source files it could not read leave the scan not verified, never a pass (issue 59, w94)
      notRead: [
        ...skipped
          .filter((file) => file.source)
          .map((file) => ({ path: file.path, reason: notReadReason(file) })),
        // a settings file of the project it could not read: the files scanned alone are not verified (r27)
        ...settingsNotRead,
      ],
    },
    host,
    options: {
      signal,
      onEvent: (event) => {
        if (event.type === 'progress' && inputs.length >= 50) progress.update(event.done);
      },
    },
  });
  if (inputs.length >= 50) progress.finish();
  const { details } = result;
  const findings = scanFindings(result);
  // a file or scanner stopped before it finished was not checked: the scan could not verify the code,
  // which exits 1 as a failed check does everywhere (`unverified` is never a pass)
  const status = result.verification.status;
  // a scan that ended its files early after Ctrl-C (or SIGTERM) exits 130 (output.ts `action`): its JSON says so
  const exitCode = signal.aborted
    ? EXIT.interrupted
    : details.failing > 0 || status !== 'pass'
      ? EXIT.findings
      : EXIT.ok;
  if (format === 'sarif') {
    printJson(await scanSarif(result));
  } else if (format === 'json') {
    printJson({
      files: details.files,
      failOn: threshold,
      status,
      failing: details.failing,
      suppressed: details.suppressed,
      tools: details.tools,
      duplicates: details.duplicates,
      unconfirmed: details.unconfirmed,
      cached: details.cached,
      skipped,
      left_out,
      durationMs: details.durationMs,
      findings,
      exitCode,
    });
  } else {
    process.stdout.write(await scanText(result, inputs));
    if (skipped.length > 0) process.stdout.write(formatSkipped(skipped));
    if (left_out.length > 0) process.stdout.write(formatLeftOut(left_out));
  }
  return exitCode;
}

/** The folders among the scanned paths, relative to the current directory as cache entries are stored. */
function scannedFolders(paths: string[]): string[] {
  return (paths.length ? paths : ['.'])
    .filter((path) => path !== '-' && existsSync(path) && statSync(path).isDirectory())
    .map((path) => relative(process.cwd(), resolve(path)).split(sep).join('/'));
}

/** Source files (of a language vouch knows) a folder's listing left out, by why, with the first one met. */
type LeftOut = Map<'ignored' | 'vendored' | 'generated', { count: number; first: string }>;

const LEFT_OUT_BY = {
  ignored: 'ignored (.vouchignore)',
  vendored: 'vendored (node_modules, vendor, site-packages and the like)',
  generated: 'generated or minified',
} as const;

/**
 * Why a scan found no file to send, for its not-verified reason: the source files ignore rules left out
 * (name one to scan it anyway) and `--lang`. Undefined when there is nothing to say.
 */
function nothingFound({
  leftOut,
  language,
  folders,
}: {
  leftOut: LeftOut;
  language: LanguageId | undefined;
  /** a folder was among the paths: its listing follows .gitignore, which git applies before vouch sees a file */
  folders: boolean;
}): string | undefined {
  const parts = [...leftOut].map(
    ([why, { count, first }]) => `${count} source file(s) left out as ${LEFT_OUT_BY[why]} (${first}…)`,
  );
  if (language) parts.push(`only ${language} files were looked for (--lang ${language})`);
  if (folders)
    parts.push(
      "a folder's files that .gitignore or .vouchignore exclude are not looked at: name a file to scan it anyway",
    );
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * What a folder's listing left out by default that the report names (r49): folders of vendored code or build
 * output (by their path as shown, with how many files git listed in them, when it did), and the files
 * `.vouchignore` hid (by the folder scanned).
 */
interface LeftOutFolders {
  folders: Map<string, { name: string; files?: number }>;
  ignored: Map<string, string[]>;
}

/** One entry of the report's `left_out`: what was not scanned, why, and how to scan it. */
interface LeftOutEntry {
  path: string;
  reason: string;
  files?: number;
  include: string;
}

/** Folders vouch never reports as left out: version control's own. */
const NOT_CODE_FOLDERS = new Set(['.git', '.hg', '.svn']);

/** A path as a shell argument, quoted when it needs to be. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

function leftOutList({ folders, ignored }: LeftOutFolders): LeftOutEntry[] {
  const entries: LeftOutEntry[] = [...folders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, { name, files }]) => ({
      path: `${path}/`,
      reason: BUILD_DIRECTORIES.has(name)
        ? `build output (${name}/), left out by default`
        : `vendored or tool folder (${name}/), left out by default`,
      ...(files !== undefined ? { files } : {}),
      include: `vouch scan ${shellWord(path)}`,
    }));
  for (const [file, names] of ignored) {
    const first = names.slice(0, 5).join(', ');
    entries.push({
      path: file,
      reason: `${names.length} file(s) hidden by ${file}: ${first}${names.length > 5 ? ', …' : ''}`,
      files: names.length,
      include: `remove their patterns from ${file}, or name a file: vouch scan ${shellWord(names[0]!)}`,
    });
  }
  return entries;
}

/**
 * The report's lines for what was left out by default: told, never a finding, never a failure. Folders of one
 * name (Django's 192 `__pycache__/`) are one line, the first named, the rest counted (`--json` lists each).
 */
function formatLeftOut(entries: readonly LeftOutEntry[]): string {
  const byReason = new Map<string, LeftOutEntry[]>();
  for (const entry of entries) {
    const same = byReason.get(entry.reason);
    if (same) same.push(entry);
    else byReason.set(entry.reason, [entry]);
  }
  const lines = [...byReason.values()].map((same) => {
    const [entry] = same as [LeftOutEntry];
    const files = same.reduce((sum, one) => sum + (one.files ?? 0), 0);
    const count = same.some((one) => one.files !== undefined) ? `, ${files} file(s)` : '';
    const others = same.length > 1 ? ` and ${same.length - 1} more such folder(s)` : '';
    return `  ${entry.path}${others}: ${entry.reason}${count}; to scan it: ${entry.include}`;
  });
  const shown = lines.slice(0, 10);
  const more = lines.length > 10 ? [`  … and ${lines.length - 10} more (--json lists them all)`] : [];
  return `\nLeft out (not scanned):\n${[...shown, ...more].join('\n')}\n`;
}

async function collectInputs(
  paths: string[],
  language: LanguageId | undefined,
  signal: AbortSignal,
): Promise<{
  inputs: ScanInput[];
  skipped: SkippedFile[];
  leftOut: LeftOut;
  leftOutFolders: LeftOutFolders;
  /** absolute folders listed holding every Python file the settings' listing would take (scan-listed-whole.ts) */
  listedWhole: string[];
}> {
  const inputs: ScanInput[] = [];
  const listedWhole: string[] = [];
  const skipped: SkippedFile[] = [];
  const leftOut: LeftOut = new Map();
  const leftOutFolders: LeftOutFolders = { folders: new Map(), ignored: new Map() };
  /** A folder left out by its name, by its path from the scanned folder (`absolute`). */
  const folderLeftOut = (absolute: string, folder: string, file: boolean) => {
    const name = folder.slice(folder.lastIndexOf('/') + 1);
    if (NOT_CODE_FOLDERS.has(name)) return;
    const shown = relative(process.cwd(), join(absolute, folder)) || folder;
    const known = leftOutFolders.folders.get(shown);
    if (known) {
      if (file) known.files = (known.files ?? 0) + 1;
    } else leftOutFolders.folders.set(shown, { name, ...(file ? { files: 1 } : {}) });
  };
  /** Reads one file the way its language would, or records why it is not scanned. */
  const add = ({
    path,
    bytes,
    fileLanguage,
    absolutePath,
  }: {
    path: string;
    bytes: Buffer;
    fileLanguage: LanguageId | undefined;
    absolutePath?: string;
  }): boolean => {
    const decoded = decodeSource({ bytes, language: fileLanguage, name: path });
    if (decoded.problem) {
      skipped.push({
        path,
        reason: decoded.problem.reason,
        kind: decoded.problem.kind,
        ...(fileLanguage ? { source: true } : {}),
      });
      return false;
    }
    inputs.push({
      path,
      source: decoded.text,
      language: fileLanguage,
      ...(absolutePath ? { absolutePath } : {}),
    });
    return true;
  };
  for (const path of paths) {
    if (path === '-') {
      if (!language)
        throw new UsageError('reading code from stdin needs --lang', {
          hint: 'e.g. `vouch scan - --lang python < app.py`',
        });
      add({ path: '<stdin>', bytes: readFileSync(0), fileLanguage: language });
      continue;
    }
    const absolute = resolve(path);
    if (!existsSync(absolute))
      throw new UsageError(`no such file or directory: ${path}`, {
        hint: 'pass existing files or directories, or - for stdin',
      });
    if (statSync(absolute).isDirectory()) {
      const whole = new ListedWhole(absolute, language);
      const files = await listWorkspaceFiles(absolute, {
        signal,
        maxFileBytes: MAX_SOURCE_BYTES,
        // `--lang`: files of other languages are not even stat'ed
        ...(language ? { only: (candidate: string) => languageForPath(candidate) === language } : {}),
        // Files of a language vouch scans that are too large to read are said to be skipped, and so is
        // every symbolic link that leads out of the workspace (not followed: what it leads to may be any
        // file of the machine); other left-out files (vendored, ignored, images, secrets) are not source
        // the user expects to be scanned.
        // code under .vouch/ is scanned: vouch writes none there (r49)
        codeInVouchFolder: true,
        onSkipFolder: (folder) => folderLeftOut(absolute, folder, false),
        onSkip: (skippedPath, reason) => {
          whole.leftOut(skippedPath, reason);
          const full = join(absolute, skippedPath);
          const shown = relative(process.cwd(), full) || skippedPath;
          const fileLanguage = languageForPath(skippedPath);
          if (language && fileLanguage !== language) return;
          if (reason === 'vendored') {
            // a repository's files in a vendored folder: the folder is named, with how many files it holds
            const parts = skippedPath.split('/');
            const at = parts.findIndex(
              (part, index) =>
                index < parts.length - 1 && (VENDORED_DIRECTORIES.has(part) || BUILD_DIRECTORIES.has(part)),
            );
            if (at >= 0) folderLeftOut(absolute, parts.slice(0, at + 1).join('/'), true);
          }
          if (reason === 'ignored') {
            const file = relative(process.cwd(), join(absolute, '.vouchignore')) || '.vouchignore';
            const names = leftOutFolders.ignored.get(file);
            if (names) names.push(shown);
            else leftOutFolders.ignored.set(file, [shown]);
          }
          if (fileLanguage && (reason === 'ignored' || reason === 'vendored' || reason === 'generated')) {
            const counted = leftOut.get(reason);
            if (counted) counted.count++;
            else leftOut.set(reason, { count: 1, first: shown });
          }
          if (reason === 'link-outside')
            skipped.push({
              path: shown,
              reason: `a symbolic link that leads outside the workspace (to ${linkTarget(full)}); vouch does not follow it`,
              kind: 'link',
              ...(fileLanguage ? { source: true } : {}),
            });
          if (reason !== 'large' || !fileLanguage) return;
          skipped.push({
            path: shown,
            reason: tooLargeReason(statSync(full).size),
            kind: 'too-large',
            source: true,
          });
        },
      });
      // a folder large enough for the pool's workers starts them now, to load while its files are read
      const toRead = language ? files.filter((file) => file.language === language) : files;
      await prepareScanListing(
        toRead.length,
        toRead.reduce((sum, file) => sum + file.size, 0),
      );
      for (const file of toRead) {
        const read = add({
          path: relative(process.cwd(), file.absolutePath) || file.path,
          bytes: readFileSync(file.absolutePath),
          fileLanguage: file.language,
          absolutePath: file.absolutePath,
        });
        if (!read && file.language === 'python') whole.notRead();
      }
      if (whole.whole) listedWhole.push(absolute);
      continue;
    }
    const reported = relative(process.cwd(), absolute) || path;
    const size = statSync(absolute).size;
    if (size > MAX_SOURCE_BYTES) {
      const named = language ?? languageForPath(absolute);
      skipped.push({
        path: reported,
        reason: tooLargeReason(size),
        kind: 'too-large',
        ...(named ? { source: true } : {}),
      });
    } else
      add({
        path: reported,
        bytes: readFileSync(absolute),
        fileLanguage: language ?? languageForPath(absolute),
        absolutePath: absolute,
      });
  }
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { inputs, skipped, leftOut, leftOutFolders, listedWhole };
}

/** Where a symbolic link says it leads, as written in it. */
function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'a path it no longer holds';
  }
}

/** The files not scanned and why: never counted as clean. */
function formatSkipped(skipped: SkippedFile[]): string {
  const lines = skipped.map((file) => `  ${file.path}: ${file.reason}`);
  return `\n${skipped.length} file(s) not scanned:\n${lines.join('\n')}\n`;
}
