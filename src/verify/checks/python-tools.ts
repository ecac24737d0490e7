import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { isVouchError } from '../../core/errors.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import type { SandboxResult } from '../sandbox/types.js';
import { type PythonTool, pythonToolOutcome } from './python-tool-outcome.js';
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

function commandFor({
  tool,
  executable,
  file,
  python,
}: {
  tool: PythonTool;
  executable: string;
  file: string;
  python: string;
}): string[] {
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
        '--no-incremental',
        '--cache-dir=/dev/null',
        file,
      ];
  }
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
  const file = subjectFile(subject.path);
  const findings: Finding[] = [];
  const ran: string[] = [];
  const notRun: string[] = [];
  for (const tool of tools) {
    const executable = findTool(root, tool);
    if (!executable) continue;
    let result: SandboxResult;
    try {
      result = await runInSandbox({
        command: commandFor({ tool, executable, file: join(root, relative), python: python.path }),
        projectDir: root,
        overlay: { ...subject.overlay, [relative]: subject.code },
        cwd: root,
        readOnlyPaths: python.readOnlyPaths,
        limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048 },
        unsafeNoSandbox: context.unsafeNoSandbox,
        signal: context.signal,
      });
    } catch (error) {
      // without a sandbox there is no overlay view of the project to run the tool on: the tool does not run
      if (isVouchError(error)) {
        notRun.push(`${tool} could not run: ${error.message}`);
        continue;
      }
      throw error;
    }
    const outcome = pythonToolOutcome({ tool, result, file, candidate: relative });
    if (outcome.kind === 'not-run') {
      notRun.push(outcome.reason);
      continue;
    }
    ran.push(tool);
    findings.push(...outcome.findings);
  }
  return { findings, ran, notRun };
}
