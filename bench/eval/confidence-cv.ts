/**
 * Cross-validated confidence rules (issue 58, second round). The kept-back part of the first round has been
 * looked at, so no part of the 82 problems is unseen any more: the rules are now chosen and their error
 * estimated by cross-validation over the 82, folds by problem. Each fold's rules are chosen on the other
 * folds only (the grid below, the project's targets as the criterion), then applied to the fold; the
 * pooled out-of-fold deliveries give the table per level. The rules in the code are the ones the same
 * criterion chooses on all 82.
 *
 *   vouch eval humaneval --samples ALL.jsonl --tests TESTS.jsonl --select --k 1 --no-record --json > ALL.json
 *   tsx bench/eval/confidence-cv.ts ALL.json [--folds 5] [--jsonl]
 *
 * `vouch eval --select` judges each problem's delivery on generate's one path (its checks, its ranking,
 * the request's examples as the user's tests); this script only re-judges the same checks under other
 * rules with `judgeConfidence`, the function the code runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CheckResult } from '../../src/core/index.js';
import { type Calibration, calibrationOf, type DeliveredRecord } from '../../src/eval/index.js';
import { AGREEMENT_THRESHOLDS, type AgreementThresholds, judgeConfidence } from '../../src/tasks/index.js';
import { confidenceSplit } from './confidence-split.js';

type Level = 'low' | 'medium' | 'high';

/** The record's checks as judgeConfidence reads them; the examples check with its counts. */
export function checksOf(record: DeliveredRecord): CheckResult[] {
  return record.checks.map((check) => ({
    name: check.name,
    status: check.status as CheckResult['status'],
    ...(check.reason ? { reason: check.reason } : {}),
    ...(check.blocking ? { blocking: true } : {}),
    ...(check.name === 'examples' && record.examples
      ? { details: { source: 'user', examples: record.examples.total, passed: record.examples.passed } }
      : {}),
    findings: [],
    durationMs: 0,
  }));
}

export function judgeWith(record: DeliveredRecord, rules: AgreementThresholds, withExamples = true): Level {
  const checks = checksOf(record).filter((check) => withExamples || check.name !== 'examples');
  return judgeConfidence({
    hasCode: true,
    checks,
    checksDisabled: false,
    truncated: false,
    agreement: record.behaviour.group,
    candidates: record.behaviour.samples,
    behaviour: record.behaviour,
    agreementThresholds: rules,
  }).confidence;
}

export function grid(): AgreementThresholds[] {
  const rules: AgreementThresholds[] = [];
  for (const minShare of [0.3, 0.4, 0.45, 0.5, 0.6])
    for (const minPassed of [1, 3, 5, 8])
      for (const lowBelowShare of [0.1, 0.15, 0.2, 0.25])
        for (const minExamples of [1, 2, 3])
          for (const examplesAlone of [false, true])
            for (const highNeedsExamples of [false, true])
              for (const examplesLiftGuess of [false, true])
                rules.push({
                  ...AGREEMENT_THRESHOLDS,
                  minShare,
                  minPassed,
                  lowBelowShare,
                  minExamples,
                  examplesAlone,
                  highNeedsExamples,
                  examplesLiftGuess,
                });
  return rules;
}

/**
 * How far a table is from the targets (0 when it meets them all), then how many problems are high (more
 * is better), then how often low is right (less is better): the criterion rules are chosen by.
 * Targets: high right ≥ 90% and given on ≥ 15% of problems; low right ≤ 20%.
 */
export function criterion(table: Calibration, problems: number): number[] {
  const rate = (level: Level) =>
    table[level].problems ? table[level].passing / table[level].problems : level === 'high' ? 0 : 0;
  const shortfall =
    Math.max(0, 0.9 - rate('high')) +
    Math.max(0, 0.15 - table.high.problems / problems) +
    Math.max(0, rate('low') - 0.2);
  return [Number(shortfall.toFixed(9)), -table.high.problems, rate('low')];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The rules the criterion prefers on these records (the first of the grid among equals). */
export function choose(records: readonly DeliveredRecord[], rules: readonly AgreementThresholds[]) {
  let best: { rules: AgreementThresholds; score: number[] } | undefined;
  for (const candidate of rules) {
    const table = calibrationOf(
      records.map((record) => ({ confidence: judgeWith(record, candidate), passed: record.passed })),
    );
    const score = criterion(table, records.length);
    if (!best || compare(score, best.score) < 0) best = { rules: candidate, score };
  }
  return best!;
}

/** Fold of a problem: by a hash of its id, so folds do not follow the problems' order. */
export function foldOf(taskId: string, folds: number): number {
  return createHash('sha256').update(`vouch issue 58 folds: ${taskId}`).digest().readUInt32BE(0) % folds;
}

const pct = (passing: number, problems: number) =>
  problems ? `${((100 * passing) / problems).toFixed(1)}%` : '–';

export function tableOf(rows: readonly { confidence: Level; passed: boolean }[]): string {
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

const describeRules = (rules: AgreementThresholds) =>
  `share ≥ ${rules.minShare}, passed ≥ ${rules.minPassed}, low < ${rules.lowBelowShare}, examples ≥ ${rules.minExamples}${rules.examplesAlone ? ', examples alone' : ''}${rules.highNeedsExamples ? ', high needs examples' : ''}${rules.examplesLiftGuess ? ', examples lift a guess' : ''}`;

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) {
    console.error('usage: confidence-cv.ts EVAL.json [--folds N]');
    process.exitCode = 2;
    return;
  }
  const folds = Number(args[args.indexOf('--folds') + 1]) || 5;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { selected?: { delivered?: DeliveredRecord[] } };
  const delivered = report.selected?.delivered;
  if (!delivered) throw new Error(`${file}: no selected.delivered (run vouch eval with --select --tests)`);
  const rules = grid();
  console.log(`${file}: ${delivered.length} problems, ${rules.length} rules in the grid, ${folds} folds\n`);
  const withExamples = delivered.filter((record) => record.examples).length;
  const failing = delivered.filter(
    (record) => record.examples && record.examples.passed < record.examples.total,
  );
  console.log(
    `the request's examples: run on ${withExamples} deliveries; failed by ${failing.length} (of which ${failing.filter((record) => record.passed).length} pass the hidden tests); ${delivered.filter((record) => (record.checked ?? 1) > 1).length} deliveries checked more than one candidate, ${delivered.filter((record) => record.checks.some((check) => check.status === 'fail')).length} still have a failed check\n`,
  );

  console.log('the rules before this round (examples not run), on these deliveries:');
  const before = { ...AGREEMENT_THRESHOLDS, minShare: 0.45, minPassed: 5, lowBelowShare: 0.15 };
  console.log(
    tableOf(
      delivered.map((record) => ({ confidence: judgeWith(record, before, false), passed: record.passed })),
    ),
  );

  const outOfFold: { taskId: string; confidence: Level; passed: boolean }[] = [];
  const chosenPerFold: string[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = delivered.filter((record) => foldOf(record.taskId, folds) !== fold);
    const test = delivered.filter((record) => foldOf(record.taskId, folds) === fold);
    const best = choose(train, rules);
    chosenPerFold.push(`fold ${fold} (${test.length} problems): ${describeRules(best.rules)}`);
    for (const record of test)
      outOfFold.push({
        taskId: record.taskId,
        confidence: judgeWith(record, best.rules),
        passed: record.passed,
      });
  }
  console.log(
    `\ncross-validated (${folds} folds by problem; each fold judged by rules chosen on the others):`,
  );
  console.log(tableOf(outOfFold));
  console.log(chosenPerFold.join('\n'));
  // the first round's parts, out of fold: its kept-back part has been seen, so this is no held-out figure
  const split = confidenceSplit(delivered.map((record) => record.taskId));
  for (const [part, ids] of [
    ['first round tuning part', split.tuning],
    ['first round kept-back part', split.keptBack],
  ] as const) {
    const keep = new Set(ids);
    console.log(`\n${part} (${ids.length}), out of fold:`);
    console.log(tableOf(outOfFold.filter((row) => keep.has(row.taskId))));
  }

  const all = choose(delivered, rules);
  const passing = delivered.filter((record) => record.passed).length;
  const moved = delivered.filter((record) => (record.checked ?? 1) > 1);
  console.log(
    `\ndelivered code right on ${passing} of ${delivered.length} problems (${pct(passing, delivered.length)}); ${moved.length} deliveries checked more than the top candidate`,
  );
  console.log(`\nchosen on all ${delivered.length} (in-sample, optimistic): ${describeRules(all.rules)}`);
  console.log(
    tableOf(delivered.map((record) => ({ confidence: judgeWith(record, all.rules), passed: record.passed }))),
  );
  console.log('\nthe rules in the code now, in-sample:');
  console.log(
    tableOf(
      delivered.map((record) => ({
        confidence: judgeWith(record, AGREEMENT_THRESHOLDS),
        passed: record.passed,
      })),
    ),
  );
  if (args.includes('--wrong')) {
    console.log('\nhigh but wrong / low but right, under the rules in the code:');
    for (const record of delivered) {
      const level = judgeWith(record, AGREEMENT_THRESHOLDS);
      if ((level === 'high' && !record.passed) || (level === 'low' && record.passed))
        console.log(
          `${record.taskId} ${level} passed=${record.passed} group ${record.behaviour.group}/${record.behaviour.samples} asserts ${record.behaviour.passed}/${record.behaviour.assertions} examples ${JSON.stringify(record.examples ?? null)} failed: ${record.checks
            .filter((check) => check.status !== 'pass')
            .map((check) => `${check.name}:${check.status}`)
            .join(',')}`,
        );
    }
  }
}

main();
