import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Check, CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { eslintOutcome } from './eslint-outcome.js';
import { pythonLintProbe } from './python-lint-probe.js';
import { runPythonTools } from './python-tools.js';
import {
  checkResult,
  errorResult,
  hasTargetPath,
  sandboxDecision,
  skipResult,
  subjectFile,
} from './support.js';

/** What the lint probe prints (python/lint_probe.py): a JSON list of findings. */
const pythonLintOutput = z.array(
  z.looseObject({ rule: z.string(), line: z.number(), col: z.number(), message: z.string() }),
);

async function pythonBuiltinLint(subject: CheckSubject, context: CheckContext): Promise<Finding[]> {
  const python = findPythonInterpreter(context.workspaceRoot);
  const result = await runInSandbox({
    command: [python.path, '-I', '-c', pythonLintProbe(), subjectFile(subject.path)],
    ...(python.source === 'venv' ? { projectDir: context.workspaceRoot } : {}),
    readOnlyPaths: python.readOnlyPaths,
    stdin: subject.code,
    limits: { wallMs: 20_000 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
  });
  if (result.status !== 'ok')
    throw new Error(`the Python lint probe failed (${result.status}): ${result.stderr.slice(-300)}`);
  const entries = parseExternalJson({
    text: result.stdout || '[]',
    schema: pythonLintOutput,
    source: 'the Python lint probe',
  });
  return entries.map((entry) => ({
    ruleId: entry.rule,
    file: subjectFile(subject.path),
    line: entry.line,
    column: entry.col,
    severity: entry.rule === 'undefined-name' ? 'high' : 'low',
    message: entry.message,
    hint:
      entry.rule === 'undefined-name'
        ? 'define or import the name before using it'
        : 'remove the import, or use it',
    tool: 'vouch',
  }));
}

/** An overlap between vouch's own findings and a tool's (F401 = unused import, F821 = undefined name). */
function duplicate(finding: Finding, own: Finding[]): boolean {
  const same =
    finding.ruleId === 'F401' ? 'unused-import' : finding.ruleId === 'F821' ? 'undefined-name' : undefined;
  return same !== undefined && own.some((mine) => mine.ruleId === same && mine.line === finding.line);
}

async function eslintFindings(
  subject: CheckSubject,
  context: CheckContext,
): Promise<{ findings: Finding[]; ran: boolean; failure?: string; unconfigured?: boolean }> {
  const root = context.workspaceRoot;
  const eslint = join(root, 'node_modules/.bin/eslint');
  if (!existsSync(eslint)) return { findings: [], ran: false };
  const extension = subject.language === 'tsx' ? '.tsx' : subject.language === 'typescript' ? '.ts' : '.js';
  const relative = hasTargetPath(subject.path) ? subject.path : `.vouch-check/generated${extension}`;
  const result = await runInSandbox({
    command: ['node', eslint, '--format', 'json', '--stdin', '--stdin-filename', join(root, relative)],
    projectDir: root,
    cwd: root,
    stdin: subject.code,
    limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048, outputBytes: 8 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
  });
  const outcome = eslintOutcome(result, subjectFile(subject.path));
  if (outcome.kind === 'unconfigured') return { findings: [], ran: false, unconfigured: true };
  if (outcome.kind === 'failed') return { findings: [], ran: false, failure: outcome.failure };
  return { findings: outcome.findings, ran: true };
}

/**
 * `lint`: for Python, undefined names and unused imports (always), plus ruff and flake8 when installed;
 * for JavaScript/TypeScript, the project's eslint when installed. The result says which tools ran.
 */
export const lintCheck: Check = {
  name: 'lint',
  languages: ['python', 'javascript', 'typescript', 'tsx'],
  async run(subject, context) {
    const started = performance.now();
    const decision = await sandboxDecision(context);
    if (!decision.allowed) return errorResult('lint', started, decision.reason ?? 'no sandbox');
    if (subject.language === 'python') {
      const own = await pythonBuiltinLint(subject, context);
      const tools = await runPythonTools(subject, context, ['ruff', 'flake8']);
      const findings = [...own, ...tools.findings.filter((finding) => !duplicate(finding, own))];
      const ran = ['vouch (undefined names, unused imports)', ...tools.ran];
      const result = checkResult({
        name: 'lint',
        started,
        findings,
        extra: { reason: `ran ${ran.join(', ')}`, details: { tools: ran } },
      });
      if (tools.notRun.length === 0) return result;
      // an installed linter that crashed or timed out checked nothing: what it would have found is not
      // verified (a failing finding of another still fails the check)
      const notRun = tools.notRun.join('; ');
      return result.status === 'fail'
        ? { ...result, reason: `${result.reason}; not run: ${notRun}` }
        : { ...result, status: 'error', reason: `${notRun} (${result.reason})` };
    }
    const eslint = await eslintFindings(subject, context);
    if (eslint.unconfigured)
      return skipResult(
        'lint',
        started,
        "the project's eslint has no configuration (no eslint.config.*): no rules to check",
      );
    if (eslint.failure) return errorResult('lint', started, eslint.failure);
    if (!eslint.ran)
      return skipResult('lint', started, 'no linter installed in the project (node_modules/.bin/eslint)');
    return checkResult({
      name: 'lint',
      started,
      findings: eslint.findings,
      extra: {
        reason: 'ran eslint',
        details: { tools: ['eslint'] },
      },
    });
  },
};
