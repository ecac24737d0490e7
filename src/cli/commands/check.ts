import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CheckResult, Finding } from '../../core/check.js';
import { EXIT } from '../../core/errors.js';
import { runTask } from '../../tasks/run-task.js';
import { type Verdict, verdictOf } from '../../tasks/verdict.js';
import type { DecodeProblem } from '../../workspace/source-text.js';
import { languageOf, readInput, readSource } from '../input.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface CheckOptions {
  lang?: string;
  path?: string;
  test?: string[];
  json?: boolean;
  unsafeNoSandbox?: boolean;
  timeout?: string;
}

const MARK: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  error: 'ERROR',
};

function render(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(
      `${MARK[result.status].padEnd(5)} ${result.name}${result.reason ? ` — ${result.reason}` : ''} (${result.durationMs} ms)`,
    );
    for (const finding of result.findings) lines.push(...renderFinding(finding));
  }
  return `${lines.join('\n')}\n`;
}

function encodingResult(problem: DecodeProblem, path: string): CheckResult {
  return {
    name: 'syntax',
    status: 'fail',
    reason: 'the file cannot be read as source in its language; no other check ran',
    findings: [
      {
        ruleId: 'source-encoding',
        file: path,
        line: problem.line ?? 1,
        column: problem.column ?? 1,
        severity: 'high',
        message: problem.message,
        hint: 'save the file as UTF-8, or declare its encoding (Python: `# -*- coding: latin-1 -*-` on line 1 or 2)',
      },
    ],
    durationMs: 0,
  };
}

function renderVerdictLine(verdict: Verdict): string {
  if (verdict.status === 'pass') return 'verdict: pass\n';
  const label = verdict.status === 'fail' ? 'FAIL' : 'NOT VERIFIED';
  return `verdict: ${label} — ${verdict.reasons.join('; ')}\n`;
}

function renderFinding(finding: Finding): string[] {
  const lines = [
    `  ${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.ruleId}: ${finding.message}`,
  ];
  if (finding.hint) lines.push(`      hint: ${finding.hint}`);
  return lines;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check code against the current project: syntax, imports/APIs, types, lint, tests')
    .argument('<file>', 'the code to check (- for standard input)')
    .option('--lang <language>', 'language of the code (default: from the file extension)')
    .option('--path <path>', 'where the code would live in the project (for standard input)')
    .option('--test <file...>', 'test files to run against the code in the sandbox')
    .option(
      '--json',
      'print one JSON object: {status, reasons, checks: [{name, status, findings, durationMs}]}',
    )
    .option('--timeout <seconds>', "each run of the code's tests in the sandbox ends after this (default 20)")
    .option('--unsafe-no-sandbox', 'run project code WITHOUT a sandbox when none is available')
    .action(
      action(async (file: string, options: CheckOptions) => {
        const workspace = openWorkspace();
        const root = workspace.root;
        const pathHint = options.path ?? (file === '-' ? undefined : file);
        const language = languageOf(pathHint ?? file, options.lang);
        const source = readSource(file, language);
        const code = source.text;
        let path = '<stdin>';
        if (pathHint) {
          const inside = relative(root, resolve(pathHint));
          path = inside.startsWith('..') || isAbsolute(inside) ? '<generated>' : inside;
        }
        const tests = (options.test ?? []).map((test) => readInput(test));
        // tests read from the workspace run (where the runner allows) and are named where they live
        const testPaths = (options.test ?? []).map((test) => relative(root, resolve(test)));
        const inWorkspace =
          tests.length > 0 &&
          (options.test ?? []).every((test) => test !== '-') &&
          testPaths.every((test) => !test.startsWith('..') && !isAbsolute(test));
        const progress = createProgress({ label: 'check', json: options.json === true });
        const checked = new Map<string, string>();
        // Bytes the language cannot decode: that is the finding; checking a lossy reading would not be
        const results = source.problem
          ? [encodingResult(source.problem, path)]
          : (
              await runTask({
                name: 'check',
                input: {
                  code,
                  language,
                  path,
                  ...(tests.length ? { tests } : {}),
                  ...(inWorkspace ? { testPaths } : {}),
                },
                host: await cliTaskHost(workspace, {
                  ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
                  ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
                }),
                options: {
                  signal: interruptSignal(),
                  onEvent: (event) => {
                    if (event.type === 'check') checked.set(event.result.name, event.result.status);
                    if (event.type !== 'progress') return;
                    progress.setTotal(event.total);
                    progress.update(event.done, `${event.label} ${checked.get(event.label) ?? ''}`);
                  },
                },
              })
            ).verification.checks;
        progress.finish();
        const verdict = verdictOf(results);
        if (options.json) {
          printJson({
            status: verdict.status,
            reasons: verdict.reasons,
            file: path,
            language,
            checks: results,
          });
        } else {
          process.stdout.write(render(results));
          process.stdout.write(renderVerdictLine(verdict));
        }
        return verdict.status === 'pass' ? EXIT.ok : EXIT.findings;
      }),
    );
}
