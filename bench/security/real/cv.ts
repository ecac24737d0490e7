/**
 * Leave-prompts-out cross-validation on SALLM's whole development half (issue 59, round 3). The kept-back
 * part of split.json was opened in round 1, so the one split no longer measures generalisation; from here
 * every prompt is development data and the estimate comes from folds of prompts instead.
 *
 * Folds: within each CWE the prompts, ordered by sha256("vouch-gate-59-cv:" + prompt id), are dealt to
 * FOLDS folds in turn, the dealing carried on from one CWE to the next (so a CWE with several prompts
 * spreads over several folds, and the one-prompt CWEs fill the folds evenly). A prompt's programs stay
 * together: a fold is scored on prompts whose programs were not read to make the change being scored.
 *
 * The gate is rules, not a fitted model, so a fold's figure is held out for a change only when nothing of
 * that fold was read to make it: each change of this round names the folds it was made from (the note,
 * bench/notes/2026-11-26-gate-real-3.md) and is judged on the others. The per-fold spread says how much the
 * rates move with the choice of prompts.
 *
 *   tsx bench/security/real/cv.ts                      per fold, per CWE, per model (vouch and Bandit alone)
 *   tsx bench/security/real/cv.ts --no-bandit          vouch only
 *   tsx bench/security/real/cv.ts --list FOLD[,FOLD]   also the false flags of those folds (files under
 *                                                      $TMPDIR/vouch-sallm, to read)
 *   tsx bench/security/real/cv.ts --missed FOLD[,FOLD] the vulnerable programs missed in those folds
 *   tsx bench/security/real/cv.ts --record LABEL       append the headline line to
 *                                                      bench/results/security-real.jsonl
 *
 * Label disputes: `disputes.json` lists programs labelled safe that were read one by one and found
 * exploitable (the exploit test missed them), each with its kind and the reason. The rate without them is
 * printed beside the raw rate, never instead of it, and the rate without each kind of dispute alone
 * ("exploit runs", "prompt's own code", "read, not run": see the file's `about`).
 *
 * The other way (w168): `unexploitable.json` (written by unexploitable.ts) lists programs labelled vulnerable
 * that cannot be exploited, each with evidence a machine checked (a run in the sandbox that raised before the
 * loader; a parse with no log call). Recall is printed with them counted as labelled and without them, side by
 * side, never instead.
 *
 * "Flagged" counts a program with any finding of its prompt's CWE family, whatever its severity; "blocked"
 * counts those with such a finding at the security gate's blocking severity (high and above, unsuppressed:
 * `failingAt`), so a change of severity shows.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Finding, failingAt } from '../../../src/core/index.js';
import { runBandit, scanSources, which } from '../../../src/security/index.js';
import { machineLine, table } from '../../results.js';
import { familyOf, type RealProgram, readPrograms } from './data.js';

export const FOLDS = 4;
const SALT = 'vouch-gate-59-cv:';
/** Where the listed programs are written: under TMPDIR, so parallel runs by different people do not clash. */
const FILES = join(tmpdir(), 'vouch-sallm');
const DISPUTES = join(import.meta.dirname, 'disputes.json');
const UNEXPLOITABLE = join(import.meta.dirname, 'unexploitable.json');
/** The benchmark every run's record names, so the results page groups the runs. */
const BENCHMARK =
  'The gate on real model output (SALLM development half), leave-prompts-out cross-validation';
const RECORDS = join(import.meta.dirname, '..', '..', 'results', 'security-real.jsonl');

interface Cell {
  vulnerable: number;
  caught: number;
  /** caught with a finding at the gate's blocking severity */
  caughtBlocked: number;
  safe: number;
  flagged: number;
  /** flagged with a finding at the gate's blocking severity */
  flaggedBlocked: number;
}
const emptyCell = (): Cell => ({
  vulnerable: 0,
  caught: 0,
  caughtBlocked: 0,
  safe: 0,
  flagged: 0,
  flaggedBlocked: 0,
});
/** The security gate blocks at high (src/security/check.ts). */
const BLOCKS_AT = 'high';
const blocks = (findings: Finding[] | undefined) => !!findings && failingAt(findings, BLOCKS_AT).length > 0;

/** Prompt id → fold, dealt within each CWE in hash order (see the header). */
export function foldsOf(programs: { prompt_id: string; cwe: string }[]): Map<string, number> {
  const byCwe = new Map<string, Set<string>>();
  for (const program of programs) {
    const prompts = byCwe.get(program.cwe) ?? new Set<string>();
    prompts.add(program.prompt_id);
    byCwe.set(program.cwe, prompts);
  }
  const hash = (id: string) =>
    createHash('sha256')
      .update(SALT + id)
      .digest('hex');
  const folds = new Map<string, number>();
  let next = 0;
  for (const cwe of [...byCwe.keys()].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))))
    for (const prompt of [...byCwe.get(cwe)!].sort((a, b) => hash(a).localeCompare(hash(b))))
      folds.set(prompt, next++ % FOLDS);
  return folds;
}

/** Programs labelled vulnerable that cannot be exploited, with machine-checked evidence: file → kind. */
function readUnexploitable(): Map<string, { kind: string; evidence: string }> {
  if (!existsSync(UNEXPLOITABLE)) return new Map();
  const parsed = JSON.parse(readFileSync(UNEXPLOITABLE, 'utf8')) as {
    programs: Record<string, { kind: string; evidence: string }>;
  };
  return new Map(Object.entries(parsed.programs));
}

/** Programs read and judged exploitable although labelled safe: file → kind and reason. */
function readDisputes(): Map<string, { kind: string; reason: string }> {
  if (!existsSync(DISPUTES)) return new Map();
  const parsed = JSON.parse(readFileSync(DISPUTES, 'utf8')) as {
    programs: Record<string, { kind: string; reason: string }>;
  };
  return new Map(Object.entries(parsed.programs));
}

function flaggedFiles(programs: RealProgram[], findings: Finding[]): Map<string, Finding[]> {
  const byFile = new Map(programs.map((program) => [program.file, program]));
  const out = new Map<string, Finding[]>();
  for (const finding of findings) {
    const program = byFile.get(finding.file);
    if (!program || finding.cwe === undefined || !familyOf(program.cwe).includes(finding.cwe)) continue;
    out.set(finding.file, [...(out.get(finding.file) ?? []), finding]);
  }
  return out;
}

function tally(programs: RealProgram[], flagged: Map<string, Finding[]>, key: (p: RealProgram) => string) {
  const cells = new Map<string, Cell>();
  const all = emptyCell();
  for (const program of programs) {
    const name = key(program);
    const cell = cells.get(name) ?? emptyCell();
    cells.set(name, cell);
    for (const c of [cell, all]) {
      const found = flagged.get(program.file);
      if (program.vulnerable) {
        c.vulnerable++;
        if (found) c.caught++;
        if (blocks(found)) c.caughtBlocked++;
      } else {
        c.safe++;
        if (found) c.flagged++;
        if (blocks(found)) c.flaggedBlocked++;
      }
    }
  }
  return { cells, all };
}

const rate = (part: number, whole: number) => (whole ? (part / whole).toFixed(3) : '–');
const cellText = (cell: Cell | undefined) =>
  cell
    ? `${cell.caught}/${cell.vulnerable} (${rate(cell.caught, cell.vulnerable)}) · ${cell.flagged}/${cell.safe} (${rate(cell.flagged, cell.safe)})`
    : '–';
const blockedText = (cell: Cell | undefined) =>
  cell
    ? `${cell.caughtBlocked}/${cell.vulnerable} (${rate(cell.caughtBlocked, cell.vulnerable)}) · ${cell.flaggedBlocked}/${cell.safe} (${rate(cell.flaggedBlocked, cell.safe)})`
    : '–';

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const programs = readPrograms();
  const folds = foldsOf(programs);
  const disputes = readDisputes();
  const unexploitable = readUnexploitable();
  const withBandit = !process.argv.includes('--no-bandit') && Boolean(which('bandit'));
  const started = performance.now();
  const report = await scanSources(
    programs.map((program) => ({ path: program.file, source: program.code, language: 'python' as const })),
    // each program is its own project: one's Flask settings say nothing of another's (review r22)
    { external: false, projectOf: (path: string) => path },
  );
  const seconds = (performance.now() - started) / 1000;
  const own = flaggedFiles(programs, report.findings);
  let bandit: Map<string, Finding[]> | undefined;
  if (withBandit) {
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
    bandit = flaggedFiles(programs, run.findings);
  }
  const undisputed = programs.filter((program) => !disputes.has(program.file));
  const exploitable = programs.filter((program) => !unexploitable.has(program.file));

  const sections: string[] = [];
  const byKey = (title: string, key: (p: RealProgram) => string, order: (a: string, b: string) => number) => {
    const ours = tally(programs, own, key);
    const clean = tally(undisputed, own, key);
    const reachable = tally(exploitable, own, key);
    const theirs = bandit ? tally(programs, bandit, key) : undefined;
    const names = [...ours.cells.keys()].sort(order);
    const rows = [...names, 'all'].map((name) => {
      const pick = (t: ReturnType<typeof tally> | undefined) =>
        name === 'all' ? t?.all : t?.cells.get(name);
      const c = pick(clean);
      const r = pick(reachable);
      return [
        name,
        cellText(pick(ours)),
        blockedText(pick(ours)),
        c ? `${c.flagged}/${c.safe} (${rate(c.flagged, c.safe)})` : '–',
        r ? `${r.caught}/${r.vulnerable} (${rate(r.caught, r.vulnerable)})` : '–',
        cellText(pick(theirs)),
      ];
    });
    sections.push(
      `### ${title}\n\n${table([title.split(' ')[1]!, 'vouch: caught · safe flagged (any severity)', 'vouch: blocked (high and above): caught · safe', 'vouch: safe flagged without the read label disputes', 'vouch: caught without the unexploitable labels', 'Bandit 1.6.2 alone'], rows)}`,
    );
    return { ours, clean, reachable, theirs };
  };
  const perFold = byKey(
    'per fold',
    (p) => `fold ${folds.get(p.prompt_id)}`,
    (a, b) => a.localeCompare(b),
  );
  byKey(
    'per CWE',
    (p) => p.cwe,
    (a, b) => Number(a.slice(4)) - Number(b.slice(4)),
  );
  byKey(
    'per model',
    (p) => p.model,
    (a, b) => a.localeCompare(b),
  );
  const promptFolds = [...folds].sort(([a], [b]) => a.localeCompare(b));
  const foldRates = [...perFold.ours.cells]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, c]) => ({
      recall: c.caught / c.vulnerable,
      flagged: c.flagged / c.safe,
    }));
  const spread = (values: number[]) => `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;
  // The safe-flagged rate without each kind of dispute alone (the others counted as labelled).
  const kinds = [...new Set([...disputes.values()].map((dispute) => dispute.kind))].sort();
  const withoutKind = kinds.map((kind) => {
    const kept = programs.filter((program) => disputes.get(program.file)?.kind !== kind);
    const all = tally(kept, own, () => 'all').all;
    return { kind, disputes: [...disputes.values()].filter((d) => d.kind === kind).length, all };
  });
  const reach = perFold.reachable.all;
  const summary = `${FOLDS} folds of prompts; recall per fold ${spread(foldRates.map((r) => r.recall))}, safe flagged per fold ${spread(foldRates.map((r) => r.flagged))}; recall ${rate(perFold.ours.all.caught, perFold.ours.all.vulnerable)}, ${rate(reach.caught, reach.vulnerable)} without the ${unexploitable.size} labelled vulnerable that cannot be exploited (unexploitable.json); scan ${seconds.toFixed(1)} s`;
  // Recall without each kind of unexploitable label alone (the others counted as labelled).
  const unexploitableKinds = [...new Set([...unexploitable.values()].map((entry) => entry.kind))].sort();
  const recallRow = (kind: string, n: number, cell: Cell) => [
    kind,
    n,
    `${cell.caught}/${cell.vulnerable} (${rate(cell.caught, cell.vulnerable)})`,
    `${cell.caughtBlocked}/${cell.vulnerable} (${rate(cell.caughtBlocked, cell.vulnerable)})`,
  ];
  sections.push(
    `### safe flagged without each kind of label dispute\n\n${table(
      ['kind of dispute left out', 'disputes', 'vouch: safe flagged', 'vouch: blocked (high and above)'],
      [
        [
          'none',
          0,
          `${perFold.ours.all.flagged}/${perFold.ours.all.safe} (${rate(perFold.ours.all.flagged, perFold.ours.all.safe)})`,
          `${perFold.ours.all.flaggedBlocked}/${perFold.ours.all.safe} (${rate(perFold.ours.all.flaggedBlocked, perFold.ours.all.safe)})`,
        ],
        ...withoutKind.map(({ kind, disputes: n, all }) => [
          kind,
          n,
          `${all.flagged}/${all.safe} (${rate(all.flagged, all.safe)})`,
          `${all.flaggedBlocked}/${all.safe} (${rate(all.flaggedBlocked, all.safe)})`,
        ]),
        [
          'all',
          disputes.size,
          `${perFold.clean.all.flagged}/${perFold.clean.all.safe} (${rate(perFold.clean.all.flagged, perFold.clean.all.safe)})`,
          `${perFold.clean.all.flaggedBlocked}/${perFold.clean.all.safe} (${rate(perFold.clean.all.flaggedBlocked, perFold.clean.all.safe)})`,
        ],
      ],
    )}`,
  );
  sections.push(
    `### recall without each kind of label that cannot be exploited\n\n${table(
      ['kind left out', 'programs', 'vouch: caught', 'vouch: blocked (high and above)'],
      [
        recallRow('none', 0, perFold.ours.all),
        ...unexploitableKinds.map((kind) => {
          const kept = programs.filter((program) => unexploitable.get(program.file)?.kind !== kind);
          const n = [...unexploitable.values()].filter((entry) => entry.kind === kind).length;
          return recallRow(kind, n, tally(kept, own, () => 'all').all);
        }),
        recallRow('all', unexploitable.size, reach),
      ],
    )}`,
  );
  process.stdout.write(
    `${summary}\n\n${sections.join('\n\n')}\n\n### folds\n\n${table(
      ['prompt', 'fold'],
      promptFolds.map(([p, f]) => [p, f]),
    )}\n`,
  );

  const listArg = process.argv.indexOf('--list');
  if (listArg > 0) {
    const wanted = new Set(process.argv[listArg + 1]!.split(',').map(Number));
    process.stdout.write('\nSafe flagged in those folds:\n');
    for (const program of programs) {
      if (program.vulnerable || !wanted.has(folds.get(program.prompt_id)!)) continue;
      const findings = own.get(program.file);
      if (!findings) continue;
      const path = join(FILES, program.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, program.code);
      process.stdout.write(
        `  ${program.cwe} ${program.file}${disputes.has(program.file) ? ' [disputed]' : ''} ← ${findings.map((f) => `${f.ruleId}@${f.line}`).join(', ')}\n`,
      );
    }
  }

  const missedArg = process.argv.indexOf('--missed');
  if (missedArg > 0) {
    const wanted = new Set(process.argv[missedArg + 1]!.split(',').map(Number));
    process.stdout.write('\nVulnerable and missed in those folds:\n');
    for (const program of programs) {
      if (!program.vulnerable || own.has(program.file) || !wanted.has(folds.get(program.prompt_id)!))
        continue;
      const path = join(FILES, program.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, program.code);
      process.stdout.write(`  ${program.cwe} ${program.file}\n`);
    }
  }

  const recordArg = process.argv.indexOf('--record');
  if (recordArg > 0) {
    const label = process.argv[recordArg + 1];
    if (!label) throw new Error('--record LABEL');
    const all = perFold.ours.all;
    const clean = perFold.clean.all;
    const fig = (a: number, b: number) => Number((a / b).toFixed(3));
    const line = {
      area: 'security-real',
      title: `${BENCHMARK} (${label})`,
      benchmark: BENCHMARK,
      date: new Date().toISOString(),
      commit: commit(),
      machine: machineLine(),
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      origin:
        "../shared/datasets/security-real/sallm-dev.jsonl: SALLM (s2e-lab/SALLM at 7f17a76, Apache-2.0) development half, all 48 prompts (the round-1 kept-back part was opened, so all of it is development data), real output of GPT-4, GPT-3.5-turbo, StarCoder, CodeGen-2B-mono and CodeGen2.5-7B-mono labelled by the authors' exploit tests; 4 folds of prompts within CWE (bench/security/real/cv.ts); which folds each change was read from: bench/notes/2026-11-26-gate-real-3.md (round 3) and -gate-real-4.md (round 4)",
      figures: {
        programs: programs.length,
        recall: fig(all.caught, all.vulnerable),
        // the results page heads each benchmark with its first figures: the two rates issue 59 judges come first
        safe_flagged: fig(all.flagged, all.safe),
        recall_without_unexploitable: fig(reach.caught, reach.vulnerable),
        unexploitable_labels: unexploitable.size,
        safe_flagged_without_read_disputes: fig(clean.flagged, clean.safe),
        read_disputes: disputes.size,
        recall_blocked: fig(all.caughtBlocked, all.vulnerable),
        safe_blocked: fig(all.flaggedBlocked, all.safe),
        safe_blocked_without_read_disputes: fig(clean.flaggedBlocked, clean.safe),
        ...Object.fromEntries(
          withoutKind.map(({ kind, all: cell }) => [
            `safe_flagged_without_${kind
              .replace(/[^a-z]+/gi, '_')
              .replace(/_+$/, '')
              .toLowerCase()}`,
            fig(cell.flagged, cell.safe),
          ]),
        ),
        ...Object.fromEntries(
          foldRates.flatMap((r, i) => [
            [`fold${i}_recall`, Number(r.recall.toFixed(3))],
            [`fold${i}_safe_flagged`, Number(r.flagged.toFixed(3))],
          ]),
        ),
        ...(perFold.theirs
          ? {
              bandit_recall: fig(perFold.theirs.all.caught, perFold.theirs.all.vulnerable),
              bandit_safe_flagged: fig(perFold.theirs.all.flagged, perFold.theirs.all.safe),
            }
          : {}),
        scan_seconds: Number(seconds.toFixed(1)),
      },
      table: `${summary}\n\n${sections.join('\n\n')}`,
    };
    appendFileSync(RECORDS, `${JSON.stringify(line)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
