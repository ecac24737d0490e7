import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CheckContext, CheckSubject, Finding, Severity } from '../../core/check.js';
import { isVouchError } from '../../core/errors.js';
import { parseExternalJson } from '../../core/external-data.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runsAsRoot, SANDBOX_UID } from '../sandbox/identity.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import type { SandboxResult } from '../sandbox/types.js';
import { cacheStateDir } from '../../workspace/root.js';
import { hasTargetPath, subjectFile } from './support.js';

export type PythonTool = 'ruff' | 'flake8' | 'mypy';

/** Where a tool counts as installed: the project's virtualenv first, then the system (visible in the sandbox). */
function findTool(root: string, tool: PythonTool): string | undefined {
  for (const dir of [
    join(root, '.venv/bin'),
    join(root, 'venv/bin'),
    join(root, 'env/bin'),
    '/usr/local/bin',
    '/usr/bin',
  ]) {
    const candidate = join(dir, tool);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Where the candidate sits for the tools: its target path, or a hidden overlay path inside the project. */
export function pythonCandidatePath(subject: CheckSubject): string {
  return hasTargetPath(subject.path) ? subject.path : '.vouch-check/generated.py';
}

/**
 * mypy's persistent cache for a project (issue 61: without one, every check re-analysed all of Django, 30 s
 * of a `change`): outside the workspace, in the workspace's folder of vouch's cache dir, one per mypy and
 * interpreter (keyed by their paths, sizes and dates; mypy also drops entries of another mypy version).
 * Only a run on the user's own files writes it (`warmMypyCache`); the candidate's run reads it read-only,
 * so code vouch did not take from the user's tree never lands in it, and mypy rechecks whatever differs
 * from a cached file (by size, date, then hash) and never caches a module with errors.
 */
export function mypyCacheDir(root: string, executable: string, python: string): string {
  const hash = createHash('sha256');
  for (const path of [executable, python]) {
    hash.update(`${path}\0`);
    try {
      const stat = statSync(path);
      hash.update(`${stat.size}:${stat.mtimeMs}\0`);
    } catch {
      // `python3` from PATH: keyed by its name
    }
  }
  return join(cacheStateDir(root), 'mypy', hash.digest('hex').slice(0, 16));
}

const WARMED_FILE = 'vouch-warmed.json';
const warmedFiles = z.record(z.string(), z.number());

function readWarmed(cache: string): Record<string, number> {
  try {
    return parseExternalJson(readFileSync(join(cache, WARMED_FILE), 'utf8'), warmedFiles, WARMED_FILE);
  } catch {
    return {};
  }
}

/** Whether mypy's cache holds the file the candidate replaces as it is on disk now ('new': not on disk). */
function mypyCacheState(cache: string, root: string, relative: string): 'warm' | 'cold' | 'new' {
  let mtime: number;
  try {
    mtime = statSync(join(root, relative)).mtimeMs;
  } catch {
    return 'new';
  }
  return readWarmed(cache)[relative] === mtime ? 'warm' : 'cold';
}

/**
 * Fills mypy's cache from the project as it is on disk, for the file the candidate replaces (once per file
 * and per change of it on disk): the sandbox shows no overlay, so only the user's own files are analysed,
 * and the cache folder is the one writable host folder. As root the sandboxed program is uid 65534, so the
 * folder is theirs (it sits in root's own private cache dir).
 */
async function warmMypyCache(
  cache: string,
  relative: string,
  executable: string,
  python: { path: string; readOnlyPaths: string[] },
  context: CheckContext,
): Promise<void> {
  const root = context.workspaceRoot;
  let mtime: number;
  try {
    mtime = statSync(join(root, relative)).mtimeMs;
  } catch {
    return; // a new file: nothing of the user's to warm from
  }
  try {
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    if (runsAsRoot()) chownSync(cache, SANDBOX_UID, SANDBOX_UID);
  } catch {
    return; // no cache dir: the check runs with an empty cache
  }
  let result: SandboxResult;
  try {
    result = await runInSandbox({
      command: commandFor('mypy', executable, join(root, relative), python.path, cache),
      projectDir: root,
      cwd: root,
      readOnlyPaths: python.readOnlyPaths,
      writablePaths: [cache],
      limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 2048 },
      unsafeNoSandbox: context.unsafeNoSandbox,
      signal: context.signal,
    });
  } catch (error) {
    if (isVouchError(error)) return;
    throw error;
  }
  // mypy exits 1 when it found errors: the cache is written all the same
  if (result.status !== 'ok' && result.status !== 'failed') return;
  try {
    writeFileSync(join(cache, WARMED_FILE), JSON.stringify({ ...readWarmed(cache), [relative]: mtime }));
  } catch {
    // not recorded: warmed again next time
  }
}

function commandFor(
  tool: PythonTool,
  executable: string,
  file: string,
  python: string,
  mypyCache?: string,
): string[] {
  switch (tool) {
    case 'ruff':
      return [executable, 'check', '--no-cache', '--output-format', 'json', file];
    case 'flake8':
      return [executable, '--format=%(row)d:%(col)d:%(code)s:%(text)s', file];
    case 'mypy':
      return [
        executable,
        // the project's interpreter, so mypy sees the packages installed in its virtualenv
        ...(python.startsWith('/') ? [`--python-executable=${python}`] : []),
        '--show-column-numbers',
        '--no-error-summary',
        '--no-color-output',
        // imported modules are analysed for their types but their errors are not reported (the check
        // kept only the candidate's anyway): a module with errors, or one importing one, is never cached,
        // and in Django nearly every module is one of those
        '--follow-imports=silent',
        ...(mypyCache ? [`--cache-dir=${mypyCache}`] : ['--no-incremental', '--cache-dir=/dev/null']),
        file,
      ];
  }
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

function parseOutput(tool: PythonTool, result: SandboxResult, file: string, candidate: string): Finding[] {
  const findings: Finding[] = [];
  if (tool === 'ruff') {
    let entries: z.infer<typeof ruffOutput> = [];
    try {
      entries = parseExternalJson(result.stdout || '[]', ruffOutput, 'ruff --output-format json');
    } catch {
      return [];
    }
    for (const entry of entries) {
      const code = entry.code ?? 'ruff';
      findings.push({
        ruleId: code,
        file,
        line: entry.location.row,
        column: entry.location.column,
        severity: severityFor(tool, code),
        message: entry.message,
        hint: `ruff rule ${code}`,
        tool,
      });
    }
    return findings;
  }
  for (const line of result.stdout.split('\n')) {
    if (tool === 'flake8') {
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
    } else {
      const match = /^([^:]+):(\d+):(\d+): (error|note|warning): (.*?)(?:\s+\[([\w-]+)\])?$/.exec(
        line.trim(),
      );
      if (!match) continue;
      // mypy follows imports and reports what it finds in them (a Django settings module's untyped lists):
      // those are the imported module's, not the checked file's
      const reported = (match[1] as string).replace(/\\/g, '/');
      if (reported !== candidate && !reported.endsWith(`/${candidate}`)) continue;
      const kind = match[4] as string;
      findings.push({
        ruleId: match[6] ? `mypy-${match[6]}` : `mypy-${kind}`,
        file,
        line: Number(match[2]),
        column: Number(match[3]),
        severity: /^import/.test(match[6] ?? '') ? 'low' : severityFor(tool, kind),
        message: match[5] as string,
        hint: 'fix the type error mypy reports',
        tool,
      });
    }
  }
  return findings;
}

/** Runs the installed tools among `tools` on the candidate in the sandbox; says which ran. */
export async function runPythonTools(
  subject: CheckSubject,
  context: CheckContext,
  tools: PythonTool[],
): Promise<{ findings: Finding[]; ran: string[]; notRun: string[] }> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const relative = pythonCandidatePath(subject);
  const file = subjectFile(subject.path);
  const findings: Finding[] = [];
  const ran: string[] = [];
  const notRun: string[] = [];
  for (const tool of tools) {
    const executable = findTool(root, tool);
    if (!executable) continue;
    let cache: string | undefined;
    let warming: Promise<void> | undefined;
    if (tool === 'mypy' && !context.unsafeNoSandbox) {
      cache = mypyCacheDir(root, executable, python.path);
      const state = mypyCacheState(cache, root, relative);
      if (state === 'cold') {
        // the first check of this file: the cache is filled from the user's files while the candidate is
        // checked without it (at the same time, so a first check costs one cold run where cores allow)
        warming = warmMypyCache(cache, relative, executable, python, context);
        cache = undefined;
      } else if (!existsSync(cache)) cache = undefined;
    }
    let result: SandboxResult;
    try {
      result = await runInSandbox({
        command: commandFor(tool, executable, join(root, relative), python.path, cache),
        projectDir: root,
        overlay: { ...subject.overlay, [relative]: subject.code },
        cwd: root,
        // the cache read-only: the candidate's run never writes into it
        readOnlyPaths: cache ? [...python.readOnlyPaths, cache] : python.readOnlyPaths,
        limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048 },
        unsafeNoSandbox: context.unsafeNoSandbox,
        signal: context.signal,
      });
    } catch (error) {
      await warming;
      // without a sandbox there is no overlay view of the project to run the tool on: the tool does not run
      if (isVouchError(error)) {
        notRun.push(`${tool} (${error.message})`);
        continue;
      }
      throw error;
    }
    await warming;
    if (result.status === 'timeout' || result.status === 'error' || result.status === 'memory') continue;
    ran.push(tool);
    findings.push(...parseOutput(tool, result, file, relative));
  }
  return { findings, ran, notRun };
}
