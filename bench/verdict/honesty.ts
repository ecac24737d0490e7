/**
 * The verdict-honesty corpus (issue 41): traps where vouch could say pass, proven, fixed or accepted about
 * wrong code, and controls where the code is right, each run through the real command (`bin/vouch.js`,
 * built from this checkout) against a loopback scripted model, as a user would. A trap's "pass" is a false
 * pass; a control's refusal is a false rejection. The corpus is synthetic (written by the project): it
 * tests the verdicts' machinery, not a model.
 *
 *   npx tsx bench/verdict/honesty.ts [--part tuning|sealed|all] [--only ID] [--prefix nf-] [--label first|final] [--record]
 *
 * The sealed part (sealed-cases.ts) was written and committed with the tuning part before any fix and
 * not run while fixing; `--record` records the table (bench/results/verdict-honesty-<label>.jsonl).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { type CliResult, runCli } from '../../test/support/run-cli.js';
import { writeFiles } from '../../test/support/temp-project.js';
import { recordResults, table } from '../results.js';
import type { HonestyCase, Outcome } from './honesty-case.js';
import { NEVER_FALSE_CASES } from './never-false-cases.js';
import { ROUND_THREE_CASES } from './round-three-cases.js';
import { SEALED_CASES } from './sealed-cases.js';
import { TUNING_CASES } from './tuning-cases.js';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    only: { type: 'string' },
    /** the cases whose id starts so: `--prefix nf-` runs issue 57's */
    prefix: { type: 'string' },
    label: { type: 'string', default: 'run' },
    record: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const parts: [string, HonestyCase[]][] = [
  ['tuning', [...TUNING_CASES, ...ROUND_THREE_CASES]],
  ['sealed', [...SEALED_CASES, ...NEVER_FALSE_CASES]],
];

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd,
    stdio: 'ignore',
  });

interface Row {
  part: string;
  case: HonestyCase;
  claimed: boolean;
  codes: (number | null)[];
  error?: string;
}

async function runCase(
  fake: Awaited<ReturnType<typeof startFakeProviders>>,
  part: string,
  item: HonestyCase,
) {
  const workspace = mkdtempSync(join(tmpdir(), `vouch-honesty-${item.id}-`));
  try {
    writeFiles(workspace, item.files);
    for (const [path, target] of Object.entries(item.links ?? {})) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      symlinkSync(target, join(workspace, path));
    }
    if (item.git) {
      git(workspace, 'init', '-q');
      git(workspace, 'add', '-A');
      git(workspace, 'commit', '-qm', 'before');
      writeFiles(workspace, item.git.after);
      // the change as a patch file: `vouch review --patch change.patch`
      writeFiles(workspace, {
        'change.patch': execFileSync('git', ['diff'], { cwd: workspace, encoding: 'utf8' }),
      });
    }
    const env = { OPENAI_BASE_URL: fake.openAiUrl };
    const cli = (args: string[]) => runCli(args, { cwd: workspace, env, timeoutMs: 240_000 });
    const runs: CliResult[] = [];
    for (const run of item.runs) {
      fake.reset();
      fake.script(run.route ?? '/v1/chat/completions', ...run.answers.map((text) => ({ text })));
      runs.push(await cli(run.args));
    }
    const outcome: Outcome = { runs, workspace, cli };
    const claimed = await item.claimed(outcome);
    if (values.verbose)
      for (const run of runs)
        process.stderr.write(
          `--- ${item.id} exit ${run.code}\n${run.stdout.slice(0, 3000)}\n${run.stderr.slice(-1500)}\n`,
        );
    return { part, case: item, claimed, codes: runs.map((run) => run.code) } satisfies Row;
  } catch (error) {
    return { part, case: item, claimed: false, codes: [], error: String(error) } satisfies Row;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

const fake = await startFakeProviders();
const rows: Row[] = [];
const started = Date.now();
const load = loadavg()[0]!.toFixed(1);
try {
  for (const [part, cases] of parts) {
    if (values.part !== 'all' && values.part !== part) continue;
    for (const item of cases) {
      if (values.only && values.only !== item.id) continue;
      if (values.prefix && !item.id.startsWith(values.prefix)) continue;
      const row = await runCase(fake, part, item);
      rows.push(row);
      const verdict = row.error
        ? `ERROR ${row.error}`
        : item.trap
          ? row.claimed
            ? 'FALSE PASS'
            : 'held'
          : row.claimed
            ? 'passed'
            : 'FALSE REJECTION';
      process.stderr.write(
        `${part} ${item.id} (${item.task}, ${item.language}) exit ${row.codes.join(',')}: ${verdict}\n`,
      );
    }
  }
} finally {
  await fake.close();
}

const count = (filter: (row: Row) => boolean) => rows.filter(filter).length;
const summary = (part: string) => {
  const of = rows.filter((row) => row.part === part);
  const traps = of.filter((row) => row.case.trap);
  const controls = of.filter((row) => !row.case.trap);
  return [
    part,
    of.length,
    `${traps.filter((row) => row.claimed).length} / ${traps.length}`,
    `${controls.filter((row) => !row.claimed).length} / ${controls.length}`,
    of.filter((row) => row.error).length,
  ];
};
const byTask = [...new Set(rows.map((row) => `${row.case.task} ${row.case.language}`))].map((key) => {
  const of = rows.filter((row) => `${row.case.task} ${row.case.language}` === key);
  return [
    key,
    of.length,
    `${of.filter((row) => row.case.trap && row.claimed).length} / ${of.filter((row) => row.case.trap).length}`,
    `${of.filter((row) => !row.case.trap && !row.claimed).length} / ${of.filter((row) => !row.case.trap).length}`,
  ];
});
const failures = rows
  .filter((row) => row.error || (row.case.trap ? row.claimed : !row.claimed))
  .map((row) => [row.part, row.case.id, row.case.trap ? 'false pass' : 'false rejection', row.case.what]);
const markdown = [
  `Corpus: synthetic (written by the project, bench/verdict/*-cases.ts); ${rows.length} cases, ${count((row) => row.case.trap)} traps, ${count((row) => !row.case.trap)} controls; each run through bin/vouch.js against a loopback scripted model. Load average at start ${load}; ${Math.round((Date.now() - started) / 1000)} s.`,
  '',
  table(
    ['part', 'cases', 'false passes (traps)', 'false rejections (controls)', 'errors'],
    ['tuning', 'sealed'].filter((part) => rows.some((row) => row.part === part)).map(summary),
  ),
  '',
  table(['task', 'cases', 'false passes', 'false rejections'], byTask),
  '',
  failures.length
    ? table(['part', 'case', 'outcome', 'what'], failures)
    : 'No false pass, no false rejection.',
].join('\n');
process.stdout.write(`${markdown}\n`);
if (values.record)
  recordResults(`verdict-honesty-${values.label}`, `Verdict honesty (issue 41), ${values.label}`, markdown, {
    origin: "synthetic, written by the project: bench/verdict's cases, a scripted model on loopback",
  });
