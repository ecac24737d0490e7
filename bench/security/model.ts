/**
 * Model-style programs (bench/security/corpus-model, see its README): small apps written the way code
 * models write them, each labelled vulnerable or safe for one category of weakness. Per category and
 * language: the share of vulnerable programs caught (a finding of the labelled kind) and of safe programs
 * flagged with one; and how many safe programs the gate would block for any reason (high or above).
 *
 *   tsx bench/security/model.ts [--split S]      a split (default tune): scores, then every miss and false alarm
 *   tsx bench/security/model.ts --record first   score both splits and keep them as the first run
 *   tsx bench/security/model.ts --record final   score both splits once more, as the final run
 *   tsx bench/security/model.ts --results        after the final run: record the section (bench/results/security-model.jsonl) from the
 *                                                recorded runs, with both splits scored now as separate rows
 *   --runs FILE                                  where recorded runs go (default: model-runs.json here)
 *
 * The sealed split is scored only by `--record` until its final run: until then its misses are never printed,
 * so nobody tunes on it; once reported, it is opened (`--split sealed`) like corpus-fresh's.
 * The corpus is synthetic (written for this project): report it as such; the claim rests on held-out
 * real model output scored elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LanguageId, languageForPath } from '../../src/core/index.js';
import {
  catchRate,
  falseAlarmRate,
  type ProgramLabel,
  type ProgramScore,
  type ProgramScoring,
  readProgramLabels,
  type ScanInput,
  scanSources,
  scorePrograms,
} from '../../src/security/index.js';
import { recordResults, table } from '../results.js';

export const MODEL_CORPUS = join(import.meta.dirname, 'corpus-model');
const RUNS = join(import.meta.dirname, 'model-runs.json');

export type ModelSplit = 'tune' | 'sealed';

export interface RecordedModelRun {
  date: string;
  commit: string;
  tune: ProgramScore[];
  sealed: ProgramScore[];
}

export interface RecordedModelRuns {
  first?: RecordedModelRun;
  final?: RecordedModelRun;
}

export function splitPrograms(split: ModelSplit): { labels: ProgramLabel[]; inputs: ScanInput[] } {
  const directory = join(MODEL_CORPUS, split);
  const labels = readProgramLabels(directory);
  const inputs = labels.map((label) => {
    const absolutePath = join(directory, label.file);
    const language = languageForPath(absolutePath);
    if (!language) throw new Error(`${label.file}: not a language vouch scans`);
    return {
      path: label.file,
      absolutePath,
      source: readFileSync(absolutePath, 'utf8'),
      language: language as LanguageId,
    };
  });
  return { labels, inputs };
}

export async function scoreModelSplit(split: ModelSplit): Promise<ProgramScoring> {
  const { labels, inputs } = splitPrograms(split);
  const report = await scanSources(inputs, { external: false, parallel: false });
  return scorePrograms(labels, report.findings);
}

const pct = (value: number) => value.toFixed(2);

/** `caught/vulnerable (rate) · flagged/safe (rate)` for one cell. */
export function modelCell(score: ProgramScore | undefined): string {
  if (!score) return '–';
  return `${score.caught}/${score.vulnerable} (${pct(catchRate(score))}) · ${score.falseAlarms}/${score.safe} (${pct(falseAlarmRate(score))})`;
}

export function findScore(scores: readonly ProgramScore[], category: string, language: string) {
  return scores.find((score) => score.category === category && score.language === language);
}

function printScores(title: string, scores: readonly ProgramScore[]): void {
  const categories = [...new Set(scores.map((score) => score.category))];
  const rows = categories.map((category) => [
    category,
    modelCell(findScore(scores, category, 'python')),
    modelCell(findScore(scores, category, 'javascript')),
    modelCell(findScore(scores, category, 'all')),
  ]);
  const all = findScore(scores, 'all', 'all');
  process.stdout.write(
    `\n${title}\n\n${table(['category', 'Python: caught · false alarms', 'JS/TS: caught · false alarms', 'both'], rows)}\n` +
      `\nSafe programs the gate would block for any finding at high or above: ${all?.blocked ?? 0}/${all?.safe ?? 0}\n`,
  );
}

function printMistakes(scoring: ProgramScoring): void {
  process.stdout.write(`\nMissed (${scoring.missed.length}):\n`);
  for (const label of scoring.missed)
    process.stdout.write(`  ${label.category} ${label.file} CWE-${label.cwe} — ${label.note ?? ''}\n`);
  process.stdout.write(`\nFalse alarms (${scoring.falseAlarms.length}):\n`);
  for (const { label, findings } of scoring.falseAlarms)
    process.stdout.write(
      `  ${label.category} ${label.file} — ${label.note ?? ''}\n      ← ${findings.map((f) => `${f.ruleId}@${f.line}`).join(', ')}\n`,
    );
}

export function readModelRuns(file = RUNS): RecordedModelRuns {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedModelRuns) : {};
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

const LANGUAGES = [
  ['python', 'Python'],
  ['javascript', 'JS/TS'],
  ['all', 'both'],
] as const;

const blockedCell = (scores: readonly ProgramScore[]) => {
  const all = findScore(scores, 'all', 'all');
  return `${all?.blocked ?? 0}/${all?.safe ?? 0}`;
};

/** One split's table: per category, each language's recorded runs side by side. */
export function modelRunsTable(
  recorded: readonly { name: string; scores: readonly ProgramScore[] }[],
): string {
  const categories = [...new Set(recorded[0]!.scores.map((score) => score.category))];
  const header = [
    'category',
    ...LANGUAGES.flatMap(([, title]) => recorded.map((run) => `${title}, ${run.name}`)),
  ];
  const rows = categories.map((category) => [
    category,
    ...LANGUAGES.flatMap(([language]) =>
      recorded.map((run) => modelCell(findScore(run.scores, category, language))),
    ),
  ]);
  return table(header, rows);
}

/** A split scored now, in a table of its own, so that it is never read as a recorded run. */
export function modelNowTable(runs: readonly { name: string; scores: readonly ProgramScore[] }[]): string {
  return table(
    [
      'scored now',
      ...LANGUAGES.map(([, title]) => title),
      'safe programs blocked (any finding, high or above)',
    ],
    runs.map((run) => [
      run.name,
      ...LANGUAGES.map(([language]) => modelCell(findScore(run.scores, 'all', language))),
      blockedCell(run.scores),
    ]),
  );
}

/** The record of this corpus (bench/results/security-model.jsonl): the recorded first and final runs, and both splits now. */
async function writeResults(runs: RecordedModelRuns, file: string): Promise<void> {
  const { first, final } = runs;
  if (!first || !final)
    throw new Error(
      `--results reports the first and final runs: record both first (${file} has ${Object.keys(runs).join(', ') || 'none'})`,
    );
  const tuneNow = (await scoreModelSplit('tune')).scores;
  const sealedNow = (await scoreModelSplit('sealed')).scores;
  const when = (run: RecordedModelRun) =>
    `${run.date.slice(0, 16).replace('T', ' ')} UTC on commit ${run.commit}`;
  const head = commit();
  const markdown = [
    'Synthetic data: 240 small programs written for issue 44 by the engineer who then changed the engine (see',
    "bench/security/corpus-model/README.md), so they test the machinery, not accuracy on code nobody here wrote; the issue's",
    'goal (≥ 0.75 caught, ≤ 0.10 flagged) is on held-out real model output, scored outside this repository.',
    'Cells: vulnerable programs caught (a finding with a CWE of the category) · safe programs flagged with one.',
    `First run: ${when(first)}, the engine before any change of the issue. Final run, once: ${when(final)},`,
    'the engine with every change of the issue up to then (recorded in d7a6547). The sealed split was scored only',
    'by those two runs; after the final run it',
    'was opened: the misses it showed were fixed (c1cd1b0) and it may be read like the tune split. Its',
    'numbers scored after that are in a table of their own below: they are not the final run, and not a measure',
    'of unseen code.',
    '',
    '### Sealed split (48 vulnerable, 48 safe programs), per category and language',
    '',
    modelRunsTable([
      { name: 'first', scores: first.sealed },
      { name: 'final', scores: final.sealed },
    ]),
    '',
    `Safe programs the gate would block for a finding of any kind at high or above: first ${blockedCell(first.sealed)}, final ${blockedCell(final.sealed)}.`,
    '',
    '### Tune split (72 vulnerable, 72 safe programs; engine work looked at it), per category and language',
    '',
    modelRunsTable([
      { name: 'first', scores: first.tune },
      { name: 'final', scores: final.tune },
    ]),
    '',
    `Safe programs the gate would block for a finding of any kind at high or above: first ${blockedCell(first.tune)}, final ${blockedCell(final.tune)}.`,
    '',
    `### Both splits scored now, on commit ${head}: after the final run, not the final run`,
    '',
    modelNowTable([
      {
        name: 'sealed split, opened (its misses were read and fixed after the final run)',
        scores: sealedNow,
      },
      { name: 'tune split', scores: tuneNow },
    ]),
  ].join('\n');
  recordResults(
    'security-model',
    'Model-style programs (bench/security/corpus-model, issue 44; synthetic)',
    markdown,
    {
      origin:
        'synthetic: bench/security/corpus-model, programs written for issue 44 by the engineer who changed the engine (tune and sealed splits)',
    },
  );
  process.stdout.write(`${markdown}\n`);
}

async function main(): Promise<void> {
  const record = option('--record');
  const file = option('--runs') ?? RUNS;
  const runs = readModelRuns(file);
  if (process.argv.includes('--results')) return writeResults(runs, file);
  if (record !== undefined) {
    if (record !== 'first' && record !== 'final')
      throw new Error(`--record takes first or final, not ${record}`);
    if (runs[record]) throw new Error(`the ${record} run is already recorded in ${file}`);
    if (record === 'final' && !runs.first) throw new Error('record the first run before the final one');
    const tune = await scoreModelSplit('tune');
    const sealed = await scoreModelSplit('sealed');
    printScores(`tune, ${record} run`, tune.scores);
    printScores(`sealed, ${record} run`, sealed.scores);
    runs[record] = {
      date: new Date().toISOString(),
      commit: commit(),
      tune: tune.scores,
      sealed: sealed.scores,
    };
    writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
    return;
  }
  const split = (option('--split') ?? 'tune') as ModelSplit;
  if (split !== 'tune' && split !== 'sealed') throw new Error(`--split takes tune or sealed, not ${split}`);
  // Once its final run is recorded, the sealed split is opened: reported, it may be read like the tune split.
  if (split === 'sealed' && !runs.final)
    throw new Error(
      'the sealed split is scored only by --record until its final run, so that nobody tunes on it',
    );
  const scoring = await scoreModelSplit(split);
  printScores(`${split}, now`, scoring.scores);
  printMistakes(scoring);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
