import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { isVouchError } from '../../core/errors.js';
import { findPythonInterpreter, type PythonInterpreter } from '../runners/python-interpreter.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import type { SandboxResult } from '../sandbox/types.js';
import { candidateShadowsCache, forgetMypyStdlibCache, mypyStdlibCache } from './mypy-stdlib-cache.js';
import { type PythonTool, type PythonToolOutcome, pythonToolOutcome } from './python-tool-outcome.js';
import { hasTargetPath, subjectFile } from './support.js';

export type { PythonTool } from './python-tool-outcome.js';

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

/** mypy's flags for the check, without the file and the cache (mypy-stdlib-cache.ts builds with the same). */
export function mypyFlags(python: string): string[] {
  return [
    // the project's interpreter, so mypy sees the packages installed in its virtualenv
    ...(python.startsWith('/') ? [`--python-executable=${python}`] : []),
    '--show-column-numbers',
    // imported modules are analysed for their types but their errors are not reported (the check keeps
    // only the candidate's): mypy stops listing errors after 200 once an import is unresolved, and in a
    // Django-sized project the imports' errors used that budget up before the candidate's turn
    '--follow-imports=silent',
    '--no-error-summary',
    // one line per diagnostic, in the format parsed (a project's `show_error_end` or `pretty` would
    // change it: an error not read is an error lost)
    '--hide-error-end',
    '--no-pretty',
    '--no-color-output',
  ];
}

function commandFor({
  tool,
  executable,
  file,
  python,
  mypyCache,
}: {
  tool: PythonTool;
  executable: string;
  file: string;
  python: string;
  /** a read-only cache of the standard library's stubs (mypy-stdlib-cache.ts); none: analyse it all */
  mypyCache?: string;
}): string[] {
  switch (tool) {
    case 'ruff':
      return [executable, 'check', '--no-cache', '--output-format', 'json', file];
    case 'flake8':
      return [executable, '--format=%(row)d:%(col)d:%(code)s:%(text)s', file];
    case 'mypy':
      return [
        executable,
        ...mypyFlags(python),
        // with the cache: incremental (mypy validates each entry it reads; the read-only folder takes no
        // writes, which mypy ignores silently); without: nothing read, nothing written
        ...(mypyCache ? [`--cache-dir=${mypyCache}`] : ['--no-incremental', '--cache-dir=/dev/null']),
        file,
      ];
  }
}

/**
 * The interpreter the stdlib cache is built for and keyed on. A virtualenv's `python` links to its base
 * interpreter outside the project: the cache is built for that one, so every virtualenv over the same base
 * shares one cache, and the build sees no project folder. mypy takes the standard library from its own
 * typeshed whichever of the two it is told, and `--python-executable` is not among the options mypy keeps a
 * cache entry for (the check's run with the virtualenv's path reads the entries). Keyed on the virtualenv's
 * path, each project (each test project of the suite) built its own cache: one whole mypy run over the seed,
 * and the check that asked ran uncached. An interpreter inside the project (a copy) keeps its own path.
 */
function cacheInterpreter(root: string, python: PythonInterpreter): string {
  if (python.source !== 'venv') return python.path;
  try {
    const base = realpathSync(python.path);
    return base.startsWith(`${realpathSync(root)}/`) ? python.path : base;
  } catch {
    return python.path;
  }
}

/**
 * The read-only stdlib cache for this mypy, or undefined (run uncached): never without a sandbox (the
 * cache is mounted read-only only there), never for a candidate whose path could name a cached module.
 */
async function stdlibCacheFor({
  root,
  executable,
  python,
  relative,
  signal,
}: {
  root: string;
  executable: string;
  python: PythonInterpreter;
  relative: string;
  signal?: AbortSignal;
}): Promise<string | undefined> {
  if (process.env.VOUCH_MYPY_STDLIB_CACHE === '0') return undefined;
  if (!(await sandboxAvailability()).available) return undefined;
  const interpreter = cacheInterpreter(root, python);
  // the project's own mypy or interpreter lives in its virtualenv: the build sees that folder, not the project
  const inProject = [executable, interpreter]
    .filter((path) => path.startsWith(`${root}/`))
    .map((path) => dirname(dirname(path)));
  const folder = await mypyStdlibCache({
    executable,
    flags: mypyFlags(interpreter),
    readOnlyPaths: [...new Set([...python.readOnlyPaths, ...inProject])],
    signal,
    // the first check of a mypy runs uncached while its cache is built beside it: no check waits for a build
    wait: false,
  });
  if (!folder || candidateShadowsCache(folder, relative)) return undefined;
  return folder;
}

/** One tool's run on the candidate in the sandbox, and what it found. */
async function runPythonTool({
  tool,
  executable,
  subject,
  context,
  mypyCache,
}: {
  tool: PythonTool;
  executable: string;
  subject: CheckSubject;
  context: CheckContext;
  mypyCache?: string;
}): Promise<PythonToolOutcome> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const relative = pythonCandidatePath(subject);
  let result: SandboxResult;
  try {
    result = await runInSandbox({
      command: commandFor({ tool, executable, file: join(root, relative), python: python.path, mypyCache }),
      projectDir: root,
      overlay: { ...subject.overlay, [relative]: subject.code },
      cwd: root,
      // the cache read-only: nothing the run does can change it
      readOnlyPaths: mypyCache ? [...python.readOnlyPaths, mypyCache] : python.readOnlyPaths,
      limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048 },
      unsafeNoSandbox: context.unsafeNoSandbox,
      signal: context.signal,
    });
  } catch (error) {
    // without a sandbox there is no overlay view of the project to run the tool on: the tool does not run
    if (isVouchError(error)) return { kind: 'not-run', reason: `${tool} could not run: ${error.message}` };
    throw error;
  }
  return pythonToolOutcome({ tool, result, file: subjectFile(subject.path), candidate: relative });
}

/**
 * Runs the installed tools among `tools` on the candidate in the sandbox. `ran` names those whose findings
 * are evidence; `notRun` holds, for each installed tool that could not run (no sandbox view, a timeout, a
 * crash, no report), the reason. A tool absent from both is not installed.
 */
export async function runPythonTools(
  subject: CheckSubject,
  context: CheckContext,
  tools: PythonTool[],
): Promise<{ findings: Finding[]; ran: string[]; notRun: string[] }> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const relative = pythonCandidatePath(subject);
  const findings: Finding[] = [];
  const ran: string[] = [];
  const notRun: string[] = [];
  for (const tool of tools) {
    const executable = findTool(root, tool);
    if (!executable) continue;
    const mypyCache =
      tool === 'mypy'
        ? await stdlibCacheFor({ root, executable, python, relative, signal: context.signal })
        : undefined;
    // a cached run that does not come through (mypy 1.0 exits 2 on a cache entry it cannot parse) is run
    // again without the cache: the cache only ever saves work, it never decides or blocks a verdict
    let outcome = await runPythonTool({ tool, executable, subject, context, mypyCache });
    if (mypyCache && outcome.kind === 'not-run' && !context.signal?.aborted) {
      forgetMypyStdlibCache(mypyCache);
      outcome = await runPythonTool({ tool, executable, subject, context });
    }
    if (outcome.kind === 'not-run') {
      notRun.push(outcome.reason);
      continue;
    }
    ran.push(tool);
    findings.push(...outcome.findings);
  }
  return { findings, ran, notRun };
}
