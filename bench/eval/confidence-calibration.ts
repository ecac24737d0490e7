/**
 * Confidence calibration on real model output (issue 58): how often the code vouch delivers at each
 * confidence level passes the hidden tests. Data: CodeT's CodeGen-16B HumanEval recording, the 82 even
 * problems in `../shared/datasets/selection-real`, split by confidence-split.ts (committed before any result).
 *
 *   tsx bench/eval/confidence-calibration.ts prepare DIR     → DIR/{tuning,kept-back}-{samples,tests}.jsonl
 *   vouch eval humaneval --samples DIR/tuning-samples.jsonl --tests DIR/tuning-tests.jsonl --select --json > T.json
 *   tsx bench/eval/confidence-calibration.ts tables T.json   → first (today's rules) and current rules, and
 *                                                              the agreement thresholds tried (tuning only)
 *
 * `vouch eval --select` judges each delivered sample on generate's own path (checks and rules); this script
 * only re-reads its output: "first" is the rules as they were before issue 58 (`todaysRules`, verbatim) on
 * the same checks, and the grid re-judges the same checks with other agreement thresholds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../src/core/index.js';
import { calibrationOf, type DeliveredRecord, datasetsDir } from '../../src/eval/index.js';
import { AGREEMENT_THRESHOLDS, type AgreementThresholds, judgeConfidence } from '../../src/tasks/index.js';
import { confidenceSplit } from './confidence-split.js';

type Level = 'low' | 'medium' | 'high';

interface OldInput {
  hasCode: boolean;
  checks: CheckResult[];
  checksDisabled: boolean;
  truncated: boolean;
  agreement: number;
  candidates: number;
}

/** The rules before issue 58 (src/tasks/confidence.ts at the branch point), verbatim: "first". */
function todaysRules(input: OldInput): { confidence: Level; reasons: string[] } {
  const reasons: string[] = [];
  if (!input.hasCode) return { confidence: 'low', reasons: ['the model returned no code'] };
  if (input.truncated) reasons.push('the answer hit the token limit and may be cut short');
  if (input.checksDisabled) reasons.push('checks were turned off');
  for (const check of input.checks) {
    if (check.status === 'fail') reasons.push(`${check.name} failed`);
    if (check.status === 'error') reasons.push(`${check.name} could not run: ${check.reason ?? 'error'}`);
    if (check.blocking && check.status !== 'fail') reasons.push(`${check.name} blocks delivery`);
  }
  if (!input.checksDisabled && !input.checks.some((check) => check.status === 'pass'))
    reasons.push('no check could run, so nothing was verified');
  if (reasons.length > 0) return { confidence: 'low', reasons };
  const skipped = input.checks.filter((check) => check.status === 'skip');
  const testsRan = input.checks.some((check) => check.name === 'tests' && check.status === 'pass');
  const medium: string[] = [];
  for (const check of skipped) medium.push(`${check.name} skipped${check.reason ? `: ${check.reason}` : ''}`);
  if (!testsRan) medium.push('no tests were run against the code');
  if (input.candidates > 1 && input.agreement < 2) medium.push('the other candidates disagree with this one');
  if (medium.length > 0) return { confidence: 'medium', reasons: medium };
  return { confidence: 'high', reasons: ['every check ran and passed, tests included'] };
}

function checksOf(record: DeliveredRecord): CheckResult[] {
  return record.checks.map((check) => ({
    name: check.name,
    status: check.status as CheckResult['status'],
    ...(check.reason ? { reason: check.reason } : {}),
    ...(check.blocking ? { blocking: true } : {}),
    findings: [],
    durationMs: 0,
  }));
}

function judgeFirst(record: DeliveredRecord): Level {
  return todaysRules({
    hasCode: true,
    checks: checksOf(record),
    checksDisabled: false,
    truncated: false,
    // before issue 58, agreement was the samples behind the delivered answer
    agreement: record.behaviour.group,
    candidates: record.behaviour.samples,
  }).confidence;
}

function judgeWith(record: DeliveredRecord, limits: AgreementThresholds): Level {
  return judgeConfidence({
    hasCode: true,
    checks: checksOf(record),
    checksDisabled: false,
    truncated: false,
    agreement: record.behaviour.group,
    candidates: record.behaviour.samples,
    behaviour: record.behaviour,
    agreementThresholds: limits,
  }).confidence;
}

const pct = (passing: number, problems: number) =>
  problems ? `${((100 * passing) / problems).toFixed(1)}%` : '–';

export function tableOf(rows: { confidence: Level; passed: boolean }[]): string {
  const table = calibrationOf(rows);
  const lines = ['| level | problems | share | pass hidden tests |', '| --- | --- | --- | --- |'];
  for (const level of ['high', 'medium', 'low'] as const) {
    const { problems, passing } = table[level];
    lines.push(
      `| ${level} | ${problems} | ${pct(problems, rows.length)} | ${passing} (${pct(passing, problems)}) |`,
    );
  }
  return lines.join('\n');
}

function readDelivered(file: string): DeliveredRecord[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { selected?: { delivered?: DeliveredRecord[] } };
  const delivered = report.selected?.delivered;
  if (!delivered) throw new Error(`${file}: no selected.delivered (run vouch eval with --select --tests)`);
  return delivered;
}

function main(): void {
  const [command, target, ...rest] = process.argv.slice(2);
  if (command === 'prepare' && target) {
    const dir = datasetsDir(undefined);
    const read = (name: string) =>
      readFileSync(join(dir, 'selection-real', `${name}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean);
    const samples = read('samples');
    const tests = read('tests');
    const split = confidenceSplit(samples.map((line) => (JSON.parse(line) as { task_id: string }).task_id));
    for (const [part, ids] of [
      ['tuning', split.tuning],
      ['kept-back', split.keptBack],
    ] as const) {
      const keep = new Set(ids);
      const pick = (lines: string[]) =>
        `${lines.filter((line) => keep.has((JSON.parse(line) as { task_id: string }).task_id)).join('\n')}\n`;
      writeFileSync(join(target, `${part}-samples.jsonl`), pick(samples));
      writeFileSync(join(target, `${part}-tests.jsonl`), pick(tests));
      console.log(`${part}: ${ids.length} problems`);
    }
    return;
  }
  if (command === 'tables' && target) {
    const delivered = readDelivered(target);
    console.log(`${target}: ${delivered.length} problems\n\nfirst (the rules before issue 58):`);
    console.log(
      tableOf(delivered.map((record) => ({ confidence: judgeFirst(record), passed: record.passed }))),
    );
    console.log('\nas judged by the vouch eval run:');
    console.log(tableOf(delivered));
    console.log('\nthe same checks under the thresholds in the code now:');
    console.log(
      tableOf(
        delivered.map((record) => ({
          confidence: judgeWith(record, AGREEMENT_THRESHOLDS),
          passed: record.passed,
        })),
      ),
    );
    if (!rest.includes('--grid')) return;
    console.log(
      '\nagreement thresholds (high: share ≥ S and passed ≥ P, group ≥ 2; low: share < L with ≥ 5 samples):',
    );
    console.log('| S | P | L | high | high pass | medium | medium pass | low | low pass |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const minShare of [0.3, 0.4, 0.45, 0.5, 0.6, 0.7])
      for (const minPassed of [1, 3, 5, 8])
        for (const lowBelowShare of [0.1, 0.15, 0.2, 0.25, 0.3]) {
          const limits = { ...AGREEMENT_THRESHOLDS, minShare, minPassed, lowBelowShare };
          const table = calibrationOf(
            delivered.map((record) => ({ confidence: judgeWith(record, limits), passed: record.passed })),
          );
          const chosen = (Object.keys(limits) as (keyof AgreementThresholds)[]).every(
            (key) => limits[key] === AGREEMENT_THRESHOLDS[key],
          );
          console.log(
            `| ${minShare} | ${minPassed} | ${lowBelowShare}${chosen ? ' **chosen**' : ''} | ${table.high.problems} | ${pct(table.high.passing, table.high.problems)} | ${table.medium.problems} | ${pct(table.medium.passing, table.medium.problems)} | ${table.low.problems} | ${pct(table.low.passing, table.low.problems)} |`,
          );
        }
    return;
  }
  console.error('usage: confidence-calibration.ts prepare DIR | tables EVAL.json [--grid]');
  process.exitCode = 2;
}

main();
