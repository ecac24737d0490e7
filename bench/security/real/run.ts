/**
 * The gate on real model output (SALLM's development half, see data.ts): per part of the split, per CWE
 * of the prompt and per model, the share of vulnerable programs caught (a finding of the prompt's CWE
 * family) and of safe programs flagged with one, beside Bandit alone on the same programs.
 *
 *   tsx bench/security/real/run.ts                  the tuning part: scores, then misses and false flags
 *                                                   (their files under /tmp/vouch-sallm to read)
 *   tsx bench/security/real/run.ts --record first   both parts, kept as the first run (runs.json)
 *   tsx bench/security/real/run.ts --record final   both parts once more, as the final run
 *   --record final-2, final-3 …                     a later round's final run (the kept-back part was opened
 *                                                   after the first final run: these are not held-out figures)
 *   --records first final …                         (re)write those recorded runs' lines of
 *                                                   bench/results/security-real.jsonl (--record appends its own)
 *   --kept                                          after the final run only: the kept-back part, opened
 *   --no-bandit                                     vouch only
 *
 * The kept-back part is scored only by --record, and its misses are never printed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../../../src/core/index.js';
import { runBandit, scanSources, which } from '../../../src/security/index.js';
import { machineLine, table } from '../../results.js';
import { familyOf, type RealProgram, readPrograms } from './data.js';
import { type RealPart, readSplit } from './split.js';

const RUNS = join(import.meta.dirname, 'runs.json');
const FILES = '/tmp/vouch-sallm';

export interface Cell {
  vulnerable: number;
  caught: number;
  safe: number;
  flagged: number;
}
export interface PartScore {
  programs: number;
  all: Cell;
  byCwe: Record<string, Cell>;
  byModel: Record<string, Cell>;
  bandit?: { all: Cell; byCwe: Record<string, Cell>; byModel: Record<string, Cell> };
  seconds: number;
}

const emptyCell = (): Cell => ({ vulnerable: 0, caught: 0, safe: 0, flagged: 0 });

function score(programs: RealProgram[], findings: Finding[]) {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const all = emptyCell();
  const byCwe: Record<string, Cell> = {};
  const byModel: Record<string, Cell> = {};
  const missed: RealProgram[] = [];
  const flagged: { program: RealProgram; findings: Finding[] }[] = [];
  for (const program of programs) {
    const family = familyOf(program.cwe);
    const ofKind = (byFile.get(program.file) ?? []).filter(
      (f) => f.cwe !== undefined && family.includes(f.cwe),
    );
    byCwe[program.cwe] ??= emptyCell();
    byModel[program.model] ??= emptyCell();
    for (const cell of [all, byCwe[program.cwe]!, byModel[program.model]!]) {
      if (program.vulnerable) {
        cell.vulnerable++;
        if (ofKind.length) cell.caught++;
      } else {
        cell.safe++;
        if (ofKind.length) cell.flagged++;
      }
    }
    if (program.vulnerable && !ofKind.length) missed.push(program);
    if (!program.vulnerable && ofKind.length) flagged.push({ program, findings: ofKind });
  }
  return { all, byCwe, byModel, missed, flagged };
}

async function scorePart(programs: RealProgram[], bandit: boolean) {
  const started = performance.now();
  const report = await scanSources(
    programs.map((program) => ({ path: program.file, source: program.code, language: 'python' as const })),
    // each program is its own project: one's Flask settings say nothing of another's (review r22)
    { external: false, projectOf: (path: string) => path },
  );
  const seconds = (performance.now() - started) / 1000;
  const own = score(programs, report.findings);
  let banditScore: PartScore['bandit'];
  if (bandit && which('bandit')) {
    for (const program of programs) {
      const path = join(FILES, program.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, program.code);
    }
    const run = await runBandit(
      programs.map((program) => join(FILES, program.file)),
      (absolute) => absolute.slice(FILES.length + 1),
    );
    if (!run.ran) throw new Error(`Bandit did not run: ${run.reason}`);
    const { all, byCwe, byModel } = score(programs, run.findings);
    banditScore = { all, byCwe, byModel };
  }
  return { own, bandit: banditScore, seconds, findings: report.findings };
}

const rate = (part: number, whole: number) => (whole ? (part / whole).toFixed(3) : '–');
const cellText = (cell: Cell | undefined) =>
  cell
    ? `${cell.caught}/${cell.vulnerable} (${rate(cell.caught, cell.vulnerable)}) · ${cell.flagged}/${cell.safe} (${rate(cell.flagged, cell.safe)})`
    : '–';

export function scoreTable(part: PartScore, key: 'byCwe' | 'byModel'): string {
  const names = Object.keys(part[key]).sort((a, b) =>
    key === 'byCwe' ? Number(a.slice(4)) - Number(b.slice(4)) : a.localeCompare(b),
  );
  const rows = [...names, 'all'].map((name) => [
    name,
    cellText(name === 'all' ? part.all : part[key][name]),
    cellText(name === 'all' ? part.bandit?.all : part.bandit?.[key][name]),
  ]);
  return table(
    [key === 'byCwe' ? 'CWE' : 'model', 'vouch: caught · safe flagged', 'Bandit 1.6.2 alone'],
    rows,
  );
}

function partPrograms(programs: RealProgram[], part: RealPart): RealProgram[] {
  const split = readSplit();
  return programs.filter((program) => {
    const of = split[program.prompt_id];
    if (!of) throw new Error(`${program.prompt_id}: not in split.json`);
    return of === part;
  });
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const RECORDS = join(import.meta.dirname, '..', '..', 'results', 'security-real.jsonl');
const ORIGIN =
  "../shared/datasets/security-real/sallm-dev.jsonl: SALLM (s2e-lab/SALLM at 7f17a76, Apache-2.0) development half, real output of GPT-4, GPT-3.5-turbo, StarCoder, CodeGen-2B-mono and CodeGen2.5-7B-mono labelled by the authors' exploit tests; split by prompt in bench/security/real/split.json";
const PART_NAME: Record<RealPart, string> = { tune: 'tuning part', kept: 'kept-back part' };

const loadAverages = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * One line of bench/results/security-real.jsonl per part of each named run: headline rates for vouch and
 * Bandit alone, and the per-CWE and per-model tables. Lines of the same run and part are replaced.
 */
function writeRecords(runs: Record<string, Record<string, unknown>>, names: string[]): void {
  const lines = existsSync(RECORDS) ? readFileSync(RECORDS, 'utf8').trim().split('\n').filter(Boolean) : [];
  const kept = lines.filter((line) => {
    const title = (JSON.parse(line) as { title: string }).title;
    return !names.some((name) => title.endsWith(`(${name} run)`));
  });
  for (const name of names) {
    const run = runs[name] as
      | { date: string; commit: string; load?: string; machine?: string; tune: PartScore; kept: PartScore }
      | undefined;
    if (!run) throw new Error(`${name}: no such run in runs.json`);
    for (const part of ['tune', 'kept'] as const) {
      const score = run[part];
      const rateOf = (part: number, whole: number) => (whole ? Number((part / whole).toFixed(3)) : null);
      kept.push(
        JSON.stringify({
          area: 'security-real',
          title: `The gate on real model output (SALLM development half), ${PART_NAME[part]} (${name} run)`,
          date: run.date,
          commit: run.commit,
          machine: run.machine ?? '2 cores, Node 20.20 (machine line not recorded with this run)',
          load: run.load ?? 'not recorded with this run (bench/notes/2026-11-26-gate-real.md: 16–22)',
          origin: `${ORIGIN}; ${PART_NAME[part]}${part === 'kept' && name !== 'first' && name !== 'final' ? ' (opened after the first final run: not a held-out figure)' : ''}`,
          figures: {
            programs: score.programs,
            recall: rateOf(score.all.caught, score.all.vulnerable),
            safe_flagged: rateOf(score.all.flagged, score.all.safe),
            ...(score.bandit
              ? {
                  bandit_recall: rateOf(score.bandit.all.caught, score.bandit.all.vulnerable),
                  bandit_safe_flagged: rateOf(score.bandit.all.flagged, score.bandit.all.safe),
                }
              : {}),
            scan_seconds: Number(score.seconds.toFixed(1)),
          },
          table: `${scoreTable(score, 'byCwe')}\n\n${scoreTable(score, 'byModel')}`,
        }),
      );
    }
  }
  mkdirSync(dirname(RECORDS), { recursive: true });
  writeFileSync(RECORDS, `${kept.join('\n')}\n`);
}

async function main() {
  const programs = readPrograms();
  const bandit = !process.argv.includes('--no-bandit');
  const record = process.argv[process.argv.indexOf('--record') + 1];
  if (process.argv.includes('--record')) {
    if (!record || !/^(?:first|final(?:-\d+)?)$/.test(record))
      throw new Error('--record first|final|final-N');
    const runs = existsSync(RUNS) ? JSON.parse(readFileSync(RUNS, 'utf8')) : {};
    const result: Record<string, unknown> = { date: new Date().toISOString(), commit: commit() };
    for (const part of ['tune', 'kept'] as const) {
      const scored = await scorePart(partPrograms(programs, part), bandit);
      const partScore: PartScore = {
        programs: scored.own.all.vulnerable + scored.own.all.safe,
        all: scored.own.all,
        byCwe: scored.own.byCwe,
        byModel: scored.own.byModel,
        ...(scored.bandit ? { bandit: scored.bandit } : {}),
        seconds: scored.seconds,
      };
      result[part] = partScore;
      const byRule = new Map<string, number>();
      for (const finding of scored.findings)
        byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
      process.stdout.write(
        `\n## ${part}\n\n${scoreTable(partScore, 'byCwe')}\n\n${scoreTable(partScore, 'byModel')}\n\nfindings by rule (any CWE): ${[
          ...byRule,
        ]
          .sort((a, b) => b[1] - a[1])
          .map(([rule, count]) => `${rule} ${count}`)
          .join(', ')}\n`,
      );
    }
    result.load = loadAverages();
    result.machine = machineLine();
    runs[record] = result;
    writeFileSync(RUNS, `${JSON.stringify(runs, null, 2)}\n`);
    writeRecords(runs, [record]);
    return;
  }
  if (process.argv.includes('--records')) {
    const runs = JSON.parse(readFileSync(RUNS, 'utf8'));
    writeRecords(runs, process.argv.slice(process.argv.indexOf('--records') + 1));
    return;
  }
  // The kept-back part opens once its final run is recorded (as corpus-model's sealed split).
  const opened = process.argv.includes('--kept');
  if (opened && !(existsSync(RUNS) && JSON.parse(readFileSync(RUNS, 'utf8')).final))
    throw new Error('the kept-back part opens only after its final run (--record final)');
  const tune = partPrograms(programs, opened ? 'kept' : 'tune');
  const scored = await scorePart(tune, bandit);
  const part: PartScore = {
    programs: tune.length,
    ...scored.own,
    ...(scored.bandit ? { bandit: scored.bandit } : {}),
    seconds: scored.seconds,
  };
  process.stdout.write(
    `\n${scoreTable(part, 'byCwe')}\n\n${scoreTable(part, 'byModel')}\n\nscan ${scored.seconds.toFixed(1)} s\n`,
  );
  for (const program of tune) {
    const path = join(FILES, program.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, program.code);
  }
  process.stdout.write(`\nMissed (${scored.own.missed.length}):\n`);
  for (const program of scored.own.missed) process.stdout.write(`  ${program.cwe} ${program.file}\n`);
  process.stdout.write(`\nSafe flagged (${scored.own.flagged.length}):\n`);
  for (const { program, findings } of scored.own.flagged)
    process.stdout.write(
      `  ${program.cwe} ${program.file} ← ${findings.map((f) => `${f.ruleId}@${f.line}`).join(', ')}\n`,
    );
  writeFileSync(
    join(FILES, 'findings.json'),
    JSON.stringify(
      scored.findings.map((f) => ({
        file: f.file,
        line: f.line,
        ruleId: f.ruleId,
        cwe: f.cwe,
        severity: f.severity,
      })),
    ),
  );
}

await main();
