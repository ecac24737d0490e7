import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CheckContext, CheckSubject, Finding, Severity } from '../../core/check.js';
import { isVouchError } from '../../core/errors.js';
import { parseExternalJson } from '../../core/external-data.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import type { SandboxResult } from '../sandbox/types.js';
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
        '--no-color-output',
        '--no-incremental',
        '--cache-dir=/dev/null',
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

function parseOutput({
  tool,
  result,
  file,
  candidate,
}: {
  tool: PythonTool;
  result: SandboxResult;
  file: string;
  candidate: string;
}): Finding[] {
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
        notRun.push(`${tool} (${error.message})`);
        continue;
      }
      throw error;
    }
    if (result.status === 'timeout' || result.status === 'error' || result.status === 'memory') continue;
    ran.push(tool);
    findings.push(...parseOutput({ tool, result, file, candidate: relative }));
  }
  return { findings, ran, notRun };
}
