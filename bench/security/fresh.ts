/**
 * The line-labelled corpus written blind (bench/security/corpus-fresh, see its README): per-language
 * recall on vulnerable lines and false-positive rate on safe lines, vouch alone and with Bandit merged.
 *
 *   tsx bench/security/fresh.ts [--no-bandit]     the tune split: scores, then every miss and false alarm
 *   tsx bench/security/fresh.ts --record first    score both splits and keep them as the first run
 *   tsx bench/security/fresh.ts --record final    score the sealed split once more as "sealed, final"
 *
 * The sealed split is scored only by `--record`: its misses are never printed, so nobody tunes on it.
 * Recorded runs go to fresh-runs.json beside this file; `npm run bench:security` shows them beside now.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding } from '../../src/core/check.js';
import { type LanguageId, languageForPath } from '../../src/core/languages.js';
import {
  type LineLabel,
  type LineScore,
  type LineScoring,
  lineFalsePositiveRate,
  lineRecall,
  matchesLabel,
  readLabels,
  scoreLines,
} from '../../src/security/evaluate-lines.js';
import { runBandit, which } from '../../src/security/external.js';
import { type ScanInput, scanSources } from '../../src/security/scan.js';
import { table } from '../results.js';

export const FRESH = join(import.meta.dirname, 'corpus-fresh');
const RUNS = join(import.meta.dirname, 'fresh-runs.json');

export type Split = 'tune' | 'sealed';

export interface SplitRun {
  /** vouch's own engine */
  own: LineScore[];
  /** with Bandit merged as `vouch scan` merges it (absent when Bandit is not installed) */
  merged?: LineScore[];
}

export interface RecordedRuns {
  first?: { date: string; commit: string; tune: SplitRun; sealed: SplitRun };
  sealedFinal?: { date: string; commit: string; sealed: SplitRun };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (languageForPath(path)) out.push(path);
  }
  return out.sort();
}

export function splitInputs(split: Split): ScanInput[] {
  const dir = join(FRESH, split);
  return walk(dir).map((file) => ({
    path: relative(dir, file),
    absolutePath: file,
    source: readFileSync(file, 'utf8'),
    language: languageForPath(file) as LanguageId,
  }));
}

export interface SplitScores {
  labels: LineLabel[];
  own: LineScoring;
  merged?: LineScoring;
  /** Bandit's own findings on the split's Python files, before any merging */
  bandit?: Finding[];
}

/** Scans a split with vouch alone and with Bandit merged, and scores both against its labels. */
export async function scoreSplit(split: Split, options: { bandit?: boolean } = {}): Promise<SplitScores> {
  const labels = readLabels(join(FRESH, split));
  const inputs = splitInputs(split);
  const own = await scanSources(inputs, { external: false, parallel: false });
  const result: SplitScores = { labels, own: scoreLines(labels, own.findings) };
  if (options.bandit !== false && which('bandit')) {
    const merged = await scanSources(inputs, { external: true, parallel: false });
    result.merged = scoreLines(labels, merged.findings);
    const python = inputs.filter((input) => input.language === 'python');
    const paths = new Map(python.map((input) => [input.absolutePath!, input.path]));
    result.bandit = (await runBandit([...paths.keys()], (file) => paths.get(file) ?? file)).findings;
  }
  return result;
}

const cell = (score: LineScore | undefined) =>
  score ? `${lineRecall(score).toFixed(2)} / ${lineFalsePositiveRate(score).toFixed(2)}` : '–';

/** Per-language recall / FPR cells of a run, with the total last. */
export function runCells(scores: LineScore[] | undefined, language: string): string {
  if (!scores) return '–';
  if (language === 'all') {
    const total = scores.reduce(
      (sum, score) => ({
        language: 'all',
        vulnerable: sum.vulnerable + score.vulnerable,
        found: sum.found + score.found,
        safe: sum.safe + score.safe,
        falseAlarms: sum.falseAlarms + score.falseAlarms,
      }),
      { language: 'all', vulnerable: 0, found: 0, safe: 0, falseAlarms: 0 },
    );
    return cell(total);
  }
  return cell(scores.find((score) => score.language === language));
}

export function readRuns(): RecordedRuns {
  return existsSync(RUNS) ? (JSON.parse(readFileSync(RUNS, 'utf8')) as RecordedRuns) : {};
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function splitRun(scores: SplitScores): SplitRun {
  return { own: scores.own.languages, merged: scores.merged?.languages };
}

function printScores(title: string, scores: SplitScores): void {
  const languages = [...scores.own.languages.map((score) => score.language), 'all'];
  const rows = languages.map((language) => {
    const own =
      language === 'all' ? scores.own.total : scores.own.languages.find((s) => s.language === language)!;
    return [
      language,
      own.vulnerable,
      own.safe,
      `${own.found} / ${own.falseAlarms}`,
      runCells(scores.own.languages, language),
      runCells(scores.merged?.languages, language),
    ];
  });
  process.stdout.write(
    `\n${title}\n\n${table(['language', 'vuln lines', 'safe lines', 'found / false alarms (vouch)', 'vouch recall / FPR', 'with Bandit merged'], rows)}\n`,
  );
}

function printMistakes(scores: SplitScores): void {
  const text = (label: LineLabel) => {
    const source = readFileSync(join(FRESH, 'tune', label.file), 'utf8').split('\n')[label.line - 1] ?? '';
    return `${label.file}:${label.line} CWE-${label.cwe} ${source.trim().slice(0, 110)}  — ${label.note ?? ''}`;
  };
  process.stdout.write(`\nMissed (${scores.own.missed.length}):\n`);
  for (const label of scores.own.missed) process.stdout.write(`  ${text(label)}\n`);
  process.stdout.write(`\nFalse alarms (${scores.own.falseAlarms.length}):\n`);
  for (const { label, findings } of scores.own.falseAlarms)
    process.stdout.write(`  ${text(label)}\n      ← ${findings.map((f) => f.ruleId).join(', ')}\n`);
  if (scores.bandit) {
    const merged = scores.merged?.falseAlarms.filter(({ findings }) =>
      findings.some((f) => f.tool === 'bandit'),
    );
    process.stdout.write(`\nFalse alarms Bandit adds when merged (${merged?.length ?? 0}):\n`);
    for (const { label, findings } of merged ?? [])
      process.stdout.write(`  ${text(label)}\n      ← ${findings.map((f) => f.ruleId).join(', ')}\n`);
  }
}

/** Per Bandit test id: labelled lines its findings hit, vulnerable and safe (for the merge decisions). */
export function banditByTest(
  labels: LineLabel[],
  findings: Finding[],
): Map<string, { vuln: number; safe: number; unlabelled: number }> {
  const byTest = new Map<string, { vuln: number; safe: number; unlabelled: number }>();
  for (const finding of findings) {
    const test = finding.ruleId.replace(/^bandit\./, '');
    const entry = byTest.get(test) ?? { vuln: 0, safe: 0, unlabelled: 0 };
    const hit = labels.filter((label) => matchesLabel(finding, label));
    if (hit.length === 0) entry.unlabelled++;
    for (const label of hit) entry[label.label]++;
    byTest.set(test, entry);
  }
  return byTest;
}

async function main(): Promise<void> {
  const record = process.argv.includes('--record')
    ? process.argv[process.argv.indexOf('--record') + 1]
    : undefined;
  const runs = readRuns();
  if (record === 'first') {
    if (runs.first) throw new Error('the first run is already recorded in fresh-runs.json');
    const tune = await scoreSplit('tune');
    const sealed = await scoreSplit('sealed');
    printScores('tune, first run', tune);
    printScores('sealed, first run', sealed);
    runs.first = {
      date: new Date().toISOString(),
      commit: commit(),
      tune: splitRun(tune),
      sealed: splitRun(sealed),
    };
    writeFileSync(RUNS, `${JSON.stringify(runs, null, 2)}\n`);
    return;
  }
  if (record === 'final') {
    if (runs.sealedFinal) throw new Error('the sealed split has had its final run already (fresh-runs.json)');
    const sealed = await scoreSplit('sealed');
    printScores('sealed, final', sealed);
    runs.sealedFinal = { date: new Date().toISOString(), commit: commit(), sealed: splitRun(sealed) };
    writeFileSync(RUNS, `${JSON.stringify(runs, null, 2)}\n`);
    return;
  }
  if (record !== undefined) throw new Error(`--record takes first or final, not ${record}`);
  const tune = await scoreSplit('tune', { bandit: !process.argv.includes('--no-bandit') });
  printScores('tune, now', tune);
  printMistakes(tune);
  if (tune.bandit) {
    const rows = [...banditByTest(tune.labels, tune.bandit)].map(([test, counts]) => [
      test,
      counts.vuln,
      counts.safe,
      counts.unlabelled,
    ]);
    process.stdout.write(
      `\n${table(['Bandit test', 'vuln lines hit', 'safe lines hit', 'unlabelled'], rows)}\n`,
    );
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
