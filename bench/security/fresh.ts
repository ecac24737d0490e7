/**
 * Line-labelled corpora written blind (bench/security/corpus-fresh and corpus-fresh2, see their READMEs):
 * per-language recall on vulnerable lines and false-positive rate on safe lines, vouch alone and with
 * Bandit merged.
 *
 *   tsx bench/security/fresh.ts [--no-bandit] [--split S]   an opened split (default tune): scores, then
 *                                                           every miss and false alarm
 *   tsx bench/security/fresh.ts --record first              score every split and keep it as the first run
 *   tsx bench/security/fresh.ts --record final              score the sealed split once more, as "final"
 *   --corpus DIR                                            another corpus of the same format (default
 *                                                           corpus-fresh); a relative DIR is read from here
 *   --runs FILE                                             where recorded runs go (default: beside this
 *                                                           file, fresh-runs.json for corpus-fresh,
 *                                                           <corpus>-runs.json for the others)
 *
 * A sealed split is scored only by `--record`: its misses are never printed, so nobody tunes on it, until
 * it has been reported and is listed in OPENED. Held-out corpora (corpus-fresh2) are only ever recorded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { type Finding, type LanguageId, languageForPath } from '../../src/core/index.js';
import {
  type LineLabel,
  type LineScore,
  type LineScoring,
  lineFalsePositiveRate,
  lineRecall,
  matchesLabel,
  readLabels,
  runBandit,
  type ScanInput,
  scanSources,
  scoreLines,
  which,
} from '../../src/security/index.js';
import { table } from '../results.js';

export const FRESH = join(import.meta.dirname, 'corpus-fresh');
/** The held-out corpus of issue 18's third round: one `sealed/` split, scored only by `--record`. */
export const FRESH2 = join(import.meta.dirname, 'corpus-fresh2');

/**
 * Sealed splits that have been reported and then opened as tuning data (see the corpus's README): their
 * misses and false alarms may be printed. corpus-fresh's sealed split: sealed until 2026-11-22 10:36 UTC
 * (its one final run), reported, then opened on 2026-11-22 for the next round.
 */
const OPENED = new Set(['corpus-fresh/sealed']);

export type Split = 'tune' | 'sealed';

/** Where a corpus's recorded runs are kept (fresh-runs.json for corpus-fresh, `<name>-runs.json` else). */
export function runsFile(corpus: string): string {
  const name = basename(corpus);
  return join(import.meta.dirname, name === 'corpus-fresh' ? 'fresh-runs.json' : `${name}-runs.json`);
}

/** The splits a corpus has (`tune`, `sealed`), in that order. */
export function corpusSplits(corpus: string): Split[] {
  return (['tune', 'sealed'] as const).filter((split) => existsSync(join(corpus, split, 'labels.jsonl')));
}

export interface SplitRun {
  /** vouch's own engine */
  own: LineScore[];
  /** with Bandit merged as `vouch scan` merges it (absent when Bandit is not installed) */
  merged?: LineScore[];
}

export interface RecordedRuns {
  first?: { date: string; commit: string; tune?: SplitRun; sealed: SplitRun };
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

export function splitInputs(split: Split, corpus = FRESH): ScanInput[] {
  const dir = join(corpus, split);
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
export async function scoreSplit(
  split: Split,
  options: { bandit?: boolean; corpus?: string } = {},
): Promise<SplitScores> {
  const corpus = options.corpus ?? FRESH;
  const labels = readLabels(join(corpus, split));
  const inputs = splitInputs(split, corpus);
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

export function readRuns(file = runsFile(FRESH)): RecordedRuns {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedRuns) : {};
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

function printMistakes(scores: SplitScores, directory: string): void {
  const text = (label: LineLabel) => {
    const source = readFileSync(join(directory, label.file), 'utf8').split('\n')[label.line - 1] ?? '';
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

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const record = option('--record');
  const given = option('--corpus');
  const corpus = given ? (isAbsolute(given) ? given : resolve(import.meta.dirname, given)) : FRESH;
  const splits = corpusSplits(corpus);
  if (splits.length === 0) throw new Error(`${corpus} holds no tune/labels.jsonl or sealed/labels.jsonl`);
  const file = option('--runs') ?? runsFile(corpus);
  const runs = readRuns(file);
  const save = () => writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
  if (record === 'first') {
    if (runs.first) throw new Error(`the first run is already recorded in ${file}`);
    if (!splits.includes('sealed')) throw new Error(`${corpus} has no sealed split to record`);
    const tune = splits.includes('tune') ? await scoreSplit('tune', { corpus }) : undefined;
    const sealed = await scoreSplit('sealed', { corpus });
    if (tune) printScores('tune, first run', tune);
    printScores('sealed, first run', sealed);
    runs.first = {
      date: new Date().toISOString(),
      commit: commit(),
      ...(tune ? { tune: splitRun(tune) } : {}),
      sealed: splitRun(sealed),
    };
    save();
    return;
  }
  if (record === 'final') {
    if (runs.sealedFinal) throw new Error(`the sealed split has had its final run already (${file})`);
    const sealed = await scoreSplit('sealed', { corpus });
    printScores('sealed, final', sealed);
    runs.sealedFinal = { date: new Date().toISOString(), commit: commit(), sealed: splitRun(sealed) };
    save();
    return;
  }
  if (record !== undefined) throw new Error(`--record takes first or final, not ${record}`);
  const split = (option('--split') ?? 'tune') as Split;
  if (!splits.includes(split)) throw new Error(`${corpus} has no ${split} split`);
  if (split !== 'tune' && !OPENED.has(`${basename(corpus)}/${split}`))
    throw new Error(
      `${basename(corpus)}/${split} is sealed: it is scored only by --record, so that nobody tunes on it`,
    );
  const tune = await scoreSplit(split, { corpus, bandit: !process.argv.includes('--no-bandit') });
  printScores(`${split}, now`, tune);
  printMistakes(tune, join(corpus, split));
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
