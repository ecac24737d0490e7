import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { type RuleTestReport, ruleTestReport } from '../../security/semgrep/rule-test.js';
import { resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';
import { own } from '../terminal-text.js';

const ratio = ({ agree, total }: { agree: number; total: number }) => `${agree}/${total}`;

function text(report: RuleTestReport): string {
  const lines: string[] = [];
  for (const rule of report.rules) {
    const ok = rule.agreement.agree === rule.agreement.total && !rule.notRun;
    const languages = Object.entries(rule.byLanguage)
      .map(([language, agreement]) => `${language} ${ratio(agreement)}`)
      .join(', ');
    lines.push(`${ok ? '✓' : '✗'} ${rule.id} (${rule.file}): ${languages || 'no annotated lines'}`);
    if (rule.notRun) lines.push(`    not run: ${rule.notRun}`);
  }
  for (const line of report.disagreements)
    lines.push(
      `  ${line.file}:${line.line} ${line.rule}: ${
        line.expected === 'nothing'
          ? 'reported, but no annotation expects it'
          : line.expected === 'ruleid'
            ? 'expected (ruleid), not reported'
            : line.expected === 'ok'
              ? 'reported, but annotated ok'
              : `${line.expected}: a known gap, not counted as agreement`
      }`,
    );
  for (const file of report.untested)
    lines.push(`  ${file}: no test file beside it (X.py, X.js, X.ts or X.tsx)`);
  const languages = Object.entries(report.byLanguage)
    .map(([language, agreement]) => `${language} ${ratio(agreement)}`)
    .join(', ');
  lines.push(`agreement: ${ratio(report.agreement)} annotated lines${languages ? ` (${languages})` : ''}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `vouch rules test DIR`: Semgrep's rule tests (a rule file `X.yaml` with annotated test files beside it)
 * run by vouch's matcher. No verdict on anyone's code: the rules are checked against their own
 * annotations, so a team can see which of its rules vouch evaluates as Semgrep would.
 */
export function registerRules(program: Command): void {
  const rules = program
    .command('rules')
    .description("the project's Semgrep rules: test them as Semgrep does");
  rules
    .command('test <dir>')
    .description(
      'run Semgrep-format rule tests (X.yaml beside X.py/.js/.ts/.tsx marked `ruleid:` / `ok:`) and print the agreement',
    )
    .option(
      '--json',
      'print one JSON object: {directory, agreement, byLanguage, rules, disagreements, untested}',
    )
    .action(
      action(async (dir: string, options: { json?: boolean }) => {
        const root = findWorkspaceRoot();
        const folder = resolveWorkspacePath(root, dir, {
          kind: 'directory',
          hint: 'give a folder of rule tests inside the workspace',
        }).absolutePath;
        const progress = !options.json && process.stderr.isTTY;
        const report = await ruleTestReport(folder, (done, total, file) => {
          if (progress) process.stderr.write(`${own('\r')}${done}/${total} ${file}${own('\x1b[K')}`);
        });
        if (progress) process.stderr.write(`${own('\r')}${own('\x1b[K')}`);
        if (report.rules.length === 0 && report.untested.length === 0)
          throw new UsageError(`${dir} holds no Semgrep rule files (.yaml or .yml)`, {
            hint: 'give the folder where the rule files and their test files are',
          });
        report.directory = dir;
        if (options.json) printJson(report);
        else process.stdout.write(text(report));
        const disagrees =
          report.disagreements.length > 0 ||
          report.rules.some((rule) => rule.notRun) ||
          report.untested.length > 0;
        return disagrees ? EXIT.findings : EXIT.ok;
      }),
    );
}
